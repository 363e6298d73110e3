import Foundation

/// Everything a condition may test at one moment of a walk.
public struct Facts: Sendable {
    public var alert: Alert
    public var variables: [String: String]
    public var variableTypes: [String: Variable.ValueType]
    /// The result of the current step's command, once it has run.
    public var result: CommandResult?

    public init(
        alert: Alert = Alert(), variables: [String: String] = [:],
        variableTypes: [String: Variable.ValueType] = [:], result: CommandResult? = nil
    ) {
        self.alert = alert
        self.variables = variables
        self.variableTypes = variableTypes
        self.result = result
    }
}
