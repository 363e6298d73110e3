import Foundation

/// Drives a session: every event is checked against the session, written to
/// the journal (fsynced), and only then applied. What the UI shows has always
/// reached the disk first.
public struct Recorder {
    public private(set) var session: Session
    public let journal: any JournalSink
    public var operatorName: String
    public var clock: @Sendable () -> Date

    public init(session: Session, journal: any JournalSink, operatorName: String,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.session = session
        self.journal = journal
        self.operatorName = operatorName
        self.clock = clock
    }

    /// Starts a walk of `runbook` for `alert`, and records every variable the
    /// alert and `overrides` already give.
    public static func start(_ runbook: Runbook, library: [Runbook], alert: Alert, overrides: [String: String] = [:],
                             mode: SessionStart.Mode = .incident, scenario: String? = nil,
                             journal: any JournalSink, operatorName: String,
                             clock: @escaping @Sendable () -> Date = { Date() }) throws -> Recorder {
        var all = library
        if !all.contains(where: { $0.id == runbook.id }) { all.append(runbook) }
        var recorder = Recorder(session: Session(library: all), journal: journal, operatorName: operatorName, clock: clock)
        var start = SessionStart(runbook: runbook.id, title: runbook.title, path: runbook.path,
                                 hash: runbook.contentHash, mode: mode, alert: alert)
        start.scenario = scenario
        try recorder.record(.started(start))
        try recorder.resolveVariables(overrides: overrides)
        return recorder
    }

    /// Checks, journals, then applies `event`.
    @discardableResult
    public mutating func record(_ event: SessionEvent) throws -> JournalRecord {
        let record = JournalRecord(seq: (session.records.last?.seq ?? 0) + 1, at: clock(), operator: operatorName, event: event)
        try session.apply(record)
        do {
            try journal.append(record)
        } catch {
            // Not on disk, so it did not happen: rebuild the session without it.
            session = try Session.replay(Array(session.records.dropLast()), library: Array(session.library.values))
            throw error
        }
        return record
    }

    /// Records the values the alert and overrides give for the current
    /// runbook's variables that have none yet.
    public mutating func resolveVariables(overrides: [String: String] = [:]) throws {
        guard let runbook = session.runbook, let alert = session.start?.alert else { return }
        let known = session.values(of: runbook.id)
        var merged = overrides
        for (k, v) in known where merged[k] == nil { merged[k] = v }
        let resolution = VariableResolver.resolve(runbook, alert: alert, overrides: merged)
        for v in runbook.variables where known[v.name] == nil {
            if let value = resolution.values[v.name], let source = resolution.sources[v.name] {
                try record(.variableSet(name: v.name, value: value, source: source))
            }
        }
    }

    /// Sets a variable the operator typed or chose, then fills what derives from it.
    public mutating func setVariable(_ name: String, _ value: String, source: ValueSource = .typed) throws {
        try record(.variableSet(name: name, value: value, source: source))
        try resolveVariables()
    }

    /// Chooses an outcome of the current step, recording the suggestion beside
    /// the choice, and enters a linked runbook when the library has it.
    public mutating func choose(_ outcome: String) throws {
        try choose(outcome, suggestion: session.suggestion, note: nil)
    }

    /// Chooses `outcome`, recording `suggestion` as the one the operator was
    /// shown (worked out earlier, off the UI thread), or `note` when there was
    /// none to show (e.g. a pattern that took too long).
    public mutating func choose(_ outcome: String, suggestion: OutcomeSuggestion?, note: String?) throws {
        guard let step = session.frame?.step else { throw SessionError("the walk is not at a step") }
        try record(.outcomeChosen(step: step, outcome: outcome, suggested: suggestion?.outcome, reason: suggestion?.reason ?? note))
        try enterLinkIfKnown()
    }

    /// Skips the current step, recording why, and goes on along `outcome`.
    public mutating func skip(along outcome: String, reason: String) throws {
        guard let step = session.frame?.step else { throw SessionError("the walk is not at a step") }
        try record(.stepSkipped(step: step, outcome: outcome, reason: reason))
        try enterLinkIfKnown()
    }

    private mutating func enterLinkIfKnown() throws {
        guard session.phase == .atLink, let link = session.pendingLink else { return }
        if let id = link.runbook, session.library[id] != nil {
            try record(.linkEntered(runbook: id))
            try resolveVariables()
        }
    }

    /// Confirms that the operator followed a link outside the library.
    public mutating func confirmLinkFollowed() throws {
        guard let link = session.pendingLink else { throw SessionError("no link is waiting") }
        try record(.linkFollowed(url: link.url ?? link.runbook ?? ""))
    }

    /// At an end step: returns to the calling runbook or ends the walk.
    public mutating func finishStep() throws {
        switch session.endAction {
        case .returnFrom(let runbook, let to)?: try record(.linkReturned(runbook: runbook, to: to))
        case .end(let status, let to)?: try record(.ended(status: status, to: to))
        case nil: throw SessionError("the walk is not at an end step")
        }
    }

    public mutating func goBack() throws {
        guard let from = session.frame?.step, let to = session.backTarget else {
            throw SessionError("there is no step to go back to")
        }
        try record(.wentBack(from: from, to: to))
    }

    public mutating func addNote(_ text: String) throws {
        try record(.noteAdded(step: session.frame?.step, text: text))
    }
}

extension Session {
    /// Rebuilds what it can: records that do not fit (because damaged ones
    /// before them are gone) are left out; returns their sequence numbers.
    public static func salvage(_ records: [JournalRecord], library: [Runbook]) -> (Session, [Int]) {
        var session = Session(library: library)
        var unfit: [Int] = []
        for record in records {
            do { try session.apply(record) } catch { unfit.append(record.seq) }
        }
        return (session, unfit)
    }

    /// Rebuilds a session from journal records. Throws with the record's
    /// sequence number when one does not fit (e.g. the runbook changed).
    public static func replay(_ records: [JournalRecord], library: [Runbook]) throws -> Session {
        var session = Session(library: library)
        for record in records {
            do {
                try session.apply(record)
            } catch {
                throw JournalError("record \(record.seq) (\(record.event.name)) does not fit the runbook: \(error.message)")
            }
        }
        return session
    }
}
