import Foundation

/// `name = value`, exactly (the only kind of matcher the walk makes).
public struct SilenceMatcher: Sendable, Equatable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var text: String { "\(name)=\"\(value)\"" }
}

/// A silence to create in Alertmanager.
public struct SilenceRequest: Sendable, Equatable {
    public var matchers: [SilenceMatcher]
    public var startsAt: Date
    public var endsAt: Date
    public var createdBy: String
    public var comment: String

    public init(matchers: [SilenceMatcher], startsAt: Date, endsAt: Date, createdBy: String, comment: String) {
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// The silence for the alert a walk started from: every label Alertmanager
    /// holds for it, so it silences that alert and no other. Nil when the
    /// alert did not come from an Alertmanager (a pasted page may lack labels
    /// Alertmanager has, and a silence built from it could match other alerts).
    public static func forWalk(
        of session: Session, operator name: String, journal: String?, lasting duration: RunDuration, now: Date
    ) -> SilenceRequest? {
        guard let start = session.start, let source = start.alert.source, !source.labels.isEmpty else { return nil }
        let matchers = source.labels.keys.sorted().map { SilenceMatcher(name: $0, value: source.labels[$0]!) }
        var comment = "runbook \(start.runbook) walked by \(name)"
        if let journal { comment += "; journal \(journal)" }
        return SilenceRequest(
            matchers: matchers, startsAt: now, endsAt: now.addingTimeInterval(duration.seconds), createdBy: name,
            comment: comment)
    }
}
