/// What a finished command left behind, as far as conditions can see.
public struct CommandResult: Sendable, Equatable {
    public var output: String
    public var exitCode: Int32?
    public var signal: Int32?
    public var duration: RunDuration
    public var timedOut: Bool

    public init(output: String, exitCode: Int32? = 0, signal: Int32? = nil, duration: RunDuration,
                timedOut: Bool = false) {
        self.output = output
        self.exitCode = exitCode
        self.signal = signal
        self.duration = duration
        self.timedOut = timedOut
    }
}
