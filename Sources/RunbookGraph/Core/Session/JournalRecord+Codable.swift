import Foundation

/// The journal's JSON shape (documented in docs/JOURNAL.md): one flat object
/// per line, `type` naming the event, so other tools can read it with `jq`.
extension JournalRecord: Codable {
    enum CodingKeys: String, CodingKey {
        case seq, at, `operator`, type, start, name, value, source, step, command, suggested, host, result, group,
            outcome, reason, from, to, text, runbook, url, status, silence, id
    }

    static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(at.formatted(Self.timeFormat), forKey: .at)
        try c.encode(`operator`, forKey: .operator)
        try c.encode(event.name, forKey: .type)
        switch event {
        case .started(let start):
            try c.encode(start, forKey: .start)
        case .variableSet(let name, let value, let source):
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(source, forKey: .source)
        case .commandStarted(let step, let command, let suggested, let host):
            try c.encode(step, forKey: .step)
            try c.encode(command, forKey: .command)
            try c.encode(suggested, forKey: .suggested)
            try c.encodeIfPresent(host, forKey: .host)
        case .commandProcess(let step, let group):
            try c.encode(step, forKey: .step)
            try c.encode(group, forKey: .group)
        case .commandFinished(let step, let result):
            try c.encode(step, forKey: .step)
            try c.encode(result, forKey: .result)
        case .outcomeChosen(let step, let outcome, let suggested, let reason):
            try c.encode(step, forKey: .step)
            try c.encode(outcome, forKey: .outcome)
            try c.encodeIfPresent(suggested, forKey: .suggested)
            try c.encodeIfPresent(reason, forKey: .reason)
        case .stepSkipped(let step, let outcome, let reason):
            try c.encode(step, forKey: .step)
            try c.encode(outcome, forKey: .outcome)
            try c.encode(reason, forKey: .reason)
        case .wentBack(let from, let to):
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
        case .noteAdded(let step, let text):
            try c.encodeIfPresent(step, forKey: .step)
            try c.encode(text, forKey: .text)
        case .hintShown(let step):
            try c.encode(step, forKey: .step)
        case .linkEntered(let runbook):
            try c.encode(runbook, forKey: .runbook)
        case .linkFollowed(let url):
            try c.encode(url, forKey: .url)
        case .linkReturned(let runbook, let to):
            try c.encode(runbook, forKey: .runbook)
            try c.encode(to, forKey: .to)
        case .ended(let status, let to):
            try c.encode(status, forKey: .status)
            try c.encodeIfPresent(to, forKey: .to)
        case .timeboxPassed(let scope, let limit):
            try encode(scope, &c)
            try c.encode(limit.description, forKey: .value)
        case .timeboxEscalated(let scope, let to):
            try encode(scope, &c)
            try c.encodeIfPresent(to, forKey: .to)
        case .timeboxSnoozed(let scope, let duration):
            try encode(scope, &c)
            try c.encode(duration.description, forKey: .value)
        case .silenceCreated(let silence):
            try c.encode(silence, forKey: .silence)
        case .silenceExpired(let id):
            try c.encode(id, forKey: .id)
        }
    }

    /// A time-box's scope: `runbook` or `step`, naming it.
    private func encode(_ scope: TimeboxScope, _ c: inout KeyedEncodingContainer<CodingKeys>) throws {
        switch scope {
        case .runbook(let id): try c.encode(id, forKey: .runbook)
        case .step(let id): try c.encode(id, forKey: .step)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seq = try c.decode(Int.self, forKey: .seq)
        let time = try c.decode(String.self, forKey: .at)
        at = try Self.timeFormat.parse(time)
        `operator` = try c.decode(String.self, forKey: .operator)
        let type = try c.decode(String.self, forKey: .type)
        func s(_ key: CodingKeys) throws -> String { try c.decode(String.self, forKey: key) }
        func o(_ key: CodingKeys) throws -> String? { try c.decodeIfPresent(String.self, forKey: key) }
        switch type {
        case "started": event = .started(try c.decode(SessionStart.self, forKey: .start))
        case "variable-set":
            event = .variableSet(
                name: try s(.name), value: try s(.value), source: try c.decode(ValueSource.self, forKey: .source))
        case "command-started":
            event = .commandStarted(
                step: try s(.step), command: try s(.command), suggested: try s(.suggested), host: try o(.host))
        case "command-process":
            event = .commandProcess(step: try s(.step), group: try c.decode(Int32.self, forKey: .group))
        case "command-finished":
            event = .commandFinished(step: try s(.step), result: try c.decode(RecordedResult.self, forKey: .result))
        case "outcome-chosen":
            event = .outcomeChosen(
                step: try s(.step), outcome: try s(.outcome), suggested: try o(.suggested), reason: try o(.reason))
        case "step-skipped": event = .stepSkipped(step: try s(.step), outcome: try s(.outcome), reason: try s(.reason))
        case "went-back": event = .wentBack(from: try s(.from), to: try s(.to))
        case "note-added": event = .noteAdded(step: try o(.step), text: try s(.text))
        case "hint-shown": event = .hintShown(step: try s(.step))
        case "link-entered": event = .linkEntered(runbook: try s(.runbook))
        case "link-followed": event = .linkFollowed(url: try s(.url))
        case "link-returned": event = .linkReturned(runbook: try s(.runbook), to: try s(.to))
        case "ended": event = .ended(status: try c.decode(Ending.Status.self, forKey: .status), to: try o(.to))
        case "timebox-passed", "timebox-escalated", "timebox-snoozed":
            let scope: TimeboxScope = try o(.step).map { .step($0) } ?? .runbook(try s(.runbook))
            func duration() throws -> RunDuration {
                guard let d = RunDuration(parsing: try s(.value)) else {
                    throw DecodingError.dataCorruptedError(forKey: .value, in: c, debugDescription: "not a duration")
                }
                return d
            }
            switch type {
            case "timebox-passed": event = .timeboxPassed(scope: scope, limit: try duration())
            case "timebox-escalated": event = .timeboxEscalated(scope: scope, to: try o(.to))
            default: event = .timeboxSnoozed(scope: scope, duration: try duration())
            }
        case "silence-created": event = .silenceCreated(try c.decode(WalkSilence.self, forKey: .silence))
        case "silence-expired": event = .silenceExpired(id: try s(.id))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: c, debugDescription: "unknown event type '\(type)'")
        }
    }
}

extension Alert: Codable {
    enum CodingKeys: String, CodingKey { case title, labels, annotations, text, source }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            title: try c.decodeIfPresent(String.self, forKey: .title),
            labels: try c.decodeIfPresent([String: String].self, forKey: .labels) ?? [:],
            annotations: try c.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:],
            text: try c.decodeIfPresent(String.self, forKey: .text))
        source = try c.decodeIfPresent(AlertSource.self, forKey: .source)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(title, forKey: .title)
        try c.encode(labels, forKey: .labels)
        try c.encode(annotations, forKey: .annotations)
        try c.encode(text, forKey: .text)
        try c.encodeIfPresent(source, forKey: .source)
    }
}

/// `endsAt` as the journal writes every time: RFC 3339 text.
extension WalkSilence: Codable {
    enum CodingKeys: String, CodingKey { case id, alertmanager, matchers, endsAt, comment }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let ends = try c.decode(String.self, forKey: .endsAt)
        guard let endsAt = try? JournalRecord.timeFormat.parse(ends) else {
            throw DecodingError.dataCorruptedError(forKey: .endsAt, in: c, debugDescription: "not a time: \(ends)")
        }
        self.init(
            id: try c.decode(String.self, forKey: .id), alertmanager: try c.decode(String.self, forKey: .alertmanager),
            matchers: try c.decode([SilenceMatcher].self, forKey: .matchers), endsAt: endsAt,
            comment: try c.decode(String.self, forKey: .comment))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(alertmanager, forKey: .alertmanager)
        try c.encode(matchers, forKey: .matchers)
        try c.encode(endsAt.formatted(JournalRecord.timeFormat), forKey: .endsAt)
        try c.encode(comment, forKey: .comment)
    }
}
