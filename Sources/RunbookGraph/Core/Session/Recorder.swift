import Foundation

/// Drives a session: every event is checked against the session, written to
/// the journal (fsynced), and only then kept. What the UI shows has always
/// reached the disk first.
///
/// The recorder holds no session: it changes the one it is given in place, so
/// that an event costs the same at the start of a walk and 20,000 events in.
public struct Recorder {
    public let journal: any JournalSink
    public var operatorName: String
    public var clock: @Sendable () -> Date

    public init(journal: any JournalSink, operatorName: String, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.journal = journal
        self.operatorName = operatorName
        self.clock = clock
    }

    /// Starts a walk of `runbook` for `alert`, and records every variable the
    /// alert and `overrides` already give.
    public func start(
        _ runbook: Runbook, library: [Runbook], alert: Alert, overrides: [String: String] = [:],
        mode: SessionStart.Mode = .incident, scenario: String? = nil
    ) throws -> Session {
        var all = library
        if !all.contains(where: { $0.id == runbook.id }) { all.append(runbook) }
        var session = Session(library: all)
        var start = SessionStart(
            runbook: runbook.id, title: runbook.title, path: runbook.path,
            hash: runbook.contentHash, mode: mode, alert: alert)
        start.scenario = scenario
        try record(.started(start), in: &session)
        try resolveVariables(in: &session, overrides: overrides)
        return session
    }

    /// Checks, journals, then keeps `event`. When the journal cannot take it,
    /// the session is as it was before: what is not on disk did not happen.
    @discardableResult
    public func record(_ event: SessionEvent, in session: inout Session) throws -> JournalRecord {
        let record = JournalRecord(
            seq: (session.records.last?.seq ?? 0) + 1, at: clock(), operator: operatorName, event: event)
        // Applied in place first (the checks all come before any change); only a
        // failed append, which is rare, pays for rebuilding the session.
        try session.apply(record)
        do {
            try journal.append(record)
        } catch {
            session = try Session.replay(Array(session.records.dropLast()), library: Array(session.library.values))
            throw error
        }
        return record
    }

    /// Records the values the alert and overrides give for the current
    /// runbook's variables that have none yet.
    public func resolveVariables(in session: inout Session, overrides: [String: String] = [:]) throws {
        guard let runbook = session.runbook, let alert = session.start?.alert else { return }
        let known = session.values(of: runbook.id)
        var merged = overrides
        for (k, v) in known where merged[k] == nil { merged[k] = v }
        let resolution = VariableResolver.resolve(runbook, alert: alert, overrides: merged)
        for v in runbook.variables where known[v.name] == nil {
            if let value = resolution.values[v.name], let source = resolution.sources[v.name] {
                try record(.variableSet(name: v.name, value: value, source: source), in: &session)
            }
        }
    }

    /// Sets a variable the operator typed or chose, then fills what derives from it.
    public func setVariable(
        _ name: String, _ value: String, source: ValueSource = .typed, in session: inout Session
    ) throws {
        try record(.variableSet(name: name, value: value, source: source), in: &session)
        try resolveVariables(in: &session)
    }

    /// Chooses an outcome of the current step, recording the suggestion beside
    /// the choice, and enters a linked runbook when the library has it.
    public func choose(_ outcome: String, in session: inout Session) throws {
        try choose(outcome, suggestion: session.suggestion, note: nil, in: &session)
    }

    /// Chooses `outcome`, recording `suggestion` as the one the operator was
    /// shown (worked out earlier, off the UI thread), or `note` when there was
    /// none to show (e.g. a pattern that took too long).
    public func choose(
        _ outcome: String, suggestion: OutcomeSuggestion?, note: String?, in session: inout Session
    ) throws {
        guard let step = session.frame?.step else { throw SessionError("the walk is not at a step") }
        try record(
            .outcomeChosen(
                step: step, outcome: outcome, suggested: suggestion?.outcome,
                reason: suggestion?.reason ?? note), in: &session)
        try enterLinkIfKnown(&session)
    }

    /// Skips the current step, recording why, and goes on along `outcome`.
    public func skip(along outcome: String, reason: String, in session: inout Session) throws {
        guard let step = session.frame?.step else { throw SessionError("the walk is not at a step") }
        try record(.stepSkipped(step: step, outcome: outcome, reason: reason), in: &session)
        try enterLinkIfKnown(&session)
    }

    private func enterLinkIfKnown(_ session: inout Session) throws {
        guard session.phase == .atLink, let link = session.pendingLink else { return }
        if let id = link.runbook, session.library[id] != nil {
            try record(.linkEntered(runbook: id), in: &session)
            try resolveVariables(in: &session)
        }
    }

    /// Confirms that the operator followed a link outside the library.
    public func confirmLinkFollowed(in session: inout Session) throws {
        guard let link = session.pendingLink else { throw SessionError("no link is waiting") }
        try record(.linkFollowed(url: link.url ?? link.runbook ?? ""), in: &session)
    }

    /// At an end step: returns to the calling runbook or ends the walk.
    public func finishStep(in session: inout Session) throws {
        switch session.endAction {
        case .returnFrom(let runbook, let to)?: try record(.linkReturned(runbook: runbook, to: to), in: &session)
        case .end(let status, let to)?: try record(.ended(status: status, to: to), in: &session)
        case nil: throw SessionError("the walk is not at an end step")
        }
    }

    public func goBack(in session: inout Session) throws {
        guard let from = session.frame?.step, let to = session.backTarget else {
            throw SessionError("there is no step to go back to")
        }
        try record(.wentBack(from: from, to: to), in: &session)
    }

    public func addNote(_ text: String, in session: inout Session) throws {
        try record(.noteAdded(step: session.frame?.step, text: text), in: &session)
    }
}

extension Recorder {
    /// Keeps values a capture read (each journaled as `captured`, then what
    /// derives from them); a value already held is not journaled again.
    /// Returns the values refused (a `pattern` they do not fit, a leading `-`), with why.
    @discardableResult
    public func keepCaptured(_ values: [String: String], in session: inout Session) throws -> [String: String] {
        guard let runbook = session.runbook else { return [:] }
        var refused: [String: String] = [:]
        let held = session.values(of: runbook.id)
        for name in values.keys.sorted() where held[name] != values[name] {
            do {
                try record(.variableSet(name: name, value: values[name]!, source: .captured), in: &session)
            } catch let error as SessionError {
                refused[name] = error.message
            }
        }
        try resolveVariables(in: &session)
        return refused
    }
}
