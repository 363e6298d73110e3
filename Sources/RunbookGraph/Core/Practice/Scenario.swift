/// A recorded incident to practise a runbook on: the alert, what each
/// command printed, the answers to its questions, and the way an
/// experienced operator would have gone.
public struct Scenario: Sendable {
    /// A command's canned result.
    public struct Recording: Sendable {
        public var output: String
        public var exitCode: Int32
        public var duration: RunDuration
        public var location: SourceLocation

        public var result: RecordedResult {
            RecordedResult(exitCode: exitCode, durationMs: duration.milliseconds, output: output)
        }
    }

    public var id: String
    public var title: String
    public var description: String?
    public var path: String
    /// The runbook practised.
    public var runbook: String
    public var runbookLocation: SourceLocation
    public var alertText: String
    /// Values for the runbook's questions (the facts of the recorded incident).
    public var answers: [String: String]
    /// Recordings by step id.
    public var recordings: [String: Recording]
    /// Recordings by the exact command text (as the runbook fills it in).
    public var commands: [String: Recording]
    public var expectedPath: [String]
    public var expectedPathLocation: SourceLocation
    public var expectedEnding: Ending.Status?
    public var hints: [String: String]
    public var explanations: [String: String]
    public var location: SourceLocation

    public var alert: Alert { AlertParser.parse(alertText) }

    /// The recording for a command of `step`; nil: "no recording for this command".
    public func recording(step: String, command: String, suggested: String) -> Recording? {
        if let byCommand = commands[command] { return byCommand }
        // A step's recording is of the command the runbook suggests; an edited command was never recorded.
        guard command == suggested else { return nil }
        return recordings[step]
    }
}
