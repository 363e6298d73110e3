/// How long a step or a whole walk should take, and whom to hand over to when
/// it takes longer: `timebox: 45m`, or `timebox: { after: 45m, to: …, url: …, runbook: … }`.
public struct Timebox: Sendable, CustomStringConvertible {
    public var after: RunDuration
    /// Whom to escalate to, in words: a team, a channel, a pager rota.
    public var to: String?
    /// Where to escalate: a paging page, the owning team's page.
    public var url: String?
    /// A runbook of the library for the escalation itself.
    public var runbook: String?
    /// How long `z` hides the prompt.
    public var snooze: RunDuration
    public var location: SourceLocation

    public static let defaultSnooze = RunDuration.seconds(15 * 60)

    public init(
        after: RunDuration, to: String? = nil, url: String? = nil, runbook: String? = nil,
        snooze: RunDuration = Timebox.defaultSnooze, location: SourceLocation
    ) {
        self.after = after
        self.to = to
        self.url = url
        self.runbook = runbook
        self.snooze = snooze
        self.location = location
    }

    public var description: String { "\(after)" + (to.map { ", then escalate to \($0)" } ?? "") }

    /// Whom and where, in words, for the prompt and the transcript.
    public var target: String {
        var parts = [to ?? "the owning team"]
        if let runbook { parts.append("runbook \(runbook)") }
        if let url { parts.append(url) }
        return parts.joined(separator: " · ")
    }
}
