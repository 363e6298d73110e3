/// What a finished command left behind, as far as conditions can see.
public struct CommandResult: Sendable, Equatable {
    public var output: String
    public var exitCode: Int32?
    public var signal: Int32?
    public var duration: RunDuration
    public var timedOut: Bool
    /// Stopped by the operator: nothing about it can be concluded.
    public var cancelled: Bool

    public init(
        output: String, exitCode: Int32? = 0, signal: Int32? = nil, duration: RunDuration,
        timedOut: Bool = false, cancelled: Bool = false
    ) {
        self.cancelled = cancelled
        self.output = output
        self.exitCode = exitCode
        self.signal = signal
        self.duration = duration
        self.timedOut = timedOut
    }
}
