import Foundation

/// Why an event cannot apply to the session as it stands.
public struct SessionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A walk through a runbook, rebuilt from its events. A value: the UI, the
/// tests and `resume` all drive it with `apply`, and it never does I/O.
public struct Session: Sendable {
    /// One runbook on the call stack; a link to a runbook of the library
    /// pushes a frame, the linked runbook's end pops it.
    public struct Frame: Sendable, Equatable {
        public var runbook: String
        public var step: String
        /// Step of the runbook below to come back to; nil: handed off for good.
        public var returnTo: String?
    }

    public enum Phase: Sendable, Equatable {
        case notStarted
        case active
        /// An outcome led to a link; waiting for `linkEntered` or `linkFollowed`.
        case atLink
        case ended(status: Ending.Status, to: String?)
    }

    /// A step the walk arrived at, and how it left it.
    public struct Visit: Sendable, Equatable {
        public enum Exit: Sendable, Equatable {
            case outcome(id: String, label: String, suggested: String?, reason: String?)
            case skipped(outcome: String, reason: String)
            case wentBack
            case ended(Ending.Status)
        }

        public var runbook: String
        public var step: String
        public var arrived: Date
        public var left: Date?
        public var exit: Exit?
    }

    public struct Note: Sendable, Equatable {
        public var runbook: String
        public var step: String?
        public var text: String
        public var at: Date
        public var author: String
    }

    public let library: [String: Runbook]
    public private(set) var start: SessionStart?
    public private(set) var startedAt: Date?
    public private(set) var stack: [Frame] = []
    public private(set) var phase: Phase = .notStarted
    public private(set) var visits: [Visit] = []
    public private(set) var variables: [String: [String: String]] = [:]
    public private(set) var variableSources: [String: [String: ValueSource]] = [:]
    /// Latest result per "runbook/step".
    public private(set) var results: [String: RecordedResult] = [:]
    /// A command started and not finished yet.
    public private(set) var running: (step: String, command: String)?
    /// Steps whose command started and has not finished, wherever the walk is
    /// now (a command the operator kept running in the background).
    private var openCommands: [String] = []
    public private(set) var notes: [Note] = []
    /// Practice mode: steps whose hint was shown, in order.
    public private(set) var hintsShown: [String] = []
    /// Time-box prompts shown, escalations and snoozes, in order.
    public private(set) var timeboxLog: [(scope: TimeboxScope, event: SessionEvent, at: Date)] = []
    /// Practice: when each command finished and how long its recording says it took
    /// (the time a practice walk counts is the recorded time, not the trainee's clock).
    public private(set) var recordedDurations: [(at: Date, duration: RunDuration)] = []
    public private(set) var records: [JournalRecord] = []
    /// Silences made from the walk, oldest first; `expired` once expired from the walk.
    public private(set) var silences: [(silence: WalkSilence, expired: Bool)] = []
    /// The link chosen when `phase == .atLink`.
    public private(set) var pendingLink: RunbookLink?
    /// Positions before each move, for `wentBack`.
    private var trail: [(stack: [Frame], visitCount: Int, pathCount: Int)] = []
    /// The steps of the walk as it stands ("runbook/step"): steps gone back from are not in it.
    /// Kept as the walk moves, so showing it costs nothing however long the walk.
    public private(set) var path: [String] = []

    public init(library: [Runbook]) {
        var byID: [String: Runbook] = [:]
        for r in library where byID[r.id] == nil { byID[r.id] = r }
        self.library = byID
    }

    public init(library: [String: Runbook]) { self.library = library }

    // MARK: where the walk is

    public var frame: Frame? { stack.last }
    public var runbook: Runbook? { frame.flatMap { library[$0.runbook] } }
    public var step: Step? { frame.flatMap { f in library[f.runbook]?.step(f.step) } }
    public var isEnded: Bool { if case .ended = phase { true } else { false } }
    public var endedAt: Date? { isEnded ? records.last?.at : nil }

    public func values(of runbookID: String) -> [String: String] { variables[runbookID] ?? [:] }

    public func result(runbook: String, step: String) -> RecordedResult? { results["\(runbook)/\(step)"] }

    /// The step a `wentBack` from here would return to.
    public var backTarget: String? { isEnded ? nil : trail.last?.stack.last?.step }

    public var currentResult: RecordedResult? { frame.flatMap { result(runbook: $0.runbook, step: $0.step) } }

    // MARK: applying events

    /// Applies one journaled event; throws, changing nothing, when it does not fit.
    /// In place, so a long walk stays linear: every check in `mutate` comes
    /// before its first change.
    public mutating func apply(_ record: JournalRecord) throws(SessionError) {
        try mutate(record)
        records.append(record)
    }

    private mutating func mutate(_ record: JournalRecord) throws(SessionError) {
        let at = record.at
        if case .started = record.event {
        } else if phase == .notStarted {
            throw SessionError("the journal must begin with 'started'")
        }
        switch record.event {
        case .started(let s):
            guard phase == .notStarted else { throw SessionError("the walk has already started") }
            guard let rb = library[s.runbook] else { throw SessionError("runbook '\(s.runbook)' is not loaded") }
            start = s
            startedAt = at
            stack = [Frame(runbook: rb.id, step: rb.start, returnTo: nil)]
            phase = .active
            arrive(at: at)

        case .variableSet(let name, let value, let source):
            let rb = try currentRunbook()
            guard let v = rb.variable(name) else { throw SessionError("runbook '\(rb.id)' has no variable '\(name)'") }
            if let problem = v.problem(with: value, source: source) { throw SessionError(problem) }
            variables[rb.id, default: [:]][name] = value
            variableSources[rb.id, default: [:]][name] = source

        case .commandStarted(let stepID, let command, _, _):
            try expectActive(step: stepID)
            guard step?.run != nil else { throw SessionError("step '\(stepID)' has no command") }
            running = (stepID, command)
            openCommands.append(stepID)

        case .commandProcess:
            break  // a fact about the machine, read by `unfinishedCommands`

        case .commandFinished(let stepID, let result):
            // A background command may finish (or be stopped) after the walk moved on, or ended.
            guard let frame else { throw SessionError("no runbook is being walked") }
            guard
                running?.step == stepID || frame.step == stepID || isBackground(stepID) || openCommands.contains(stepID)
            else {
                throw SessionError("no command of step '\(stepID)' is running")
            }
            if let open = openCommands.lastIndex(of: stepID) { openCommands.remove(at: open) }
            results["\(frame.runbook)/\(stepID)"] = result
            if running?.step == stepID { running = nil }
            if start?.mode == .practice { recordedDurations.append((at, RunDuration(milliseconds: result.durationMs))) }

        case .outcomeChosen(let stepID, let outcomeID, let suggested, let reason):
            try expectActive(step: stepID)
            let outcome = try findOutcome(outcomeID)
            leave(at: at, .outcome(id: outcome.id, label: outcome.label, suggested: suggested, reason: reason))
            follow(outcome.next, at: at)

        case .stepSkipped(let stepID, let outcomeID, let reason):
            try expectActive(step: stepID)
            let outcome = try findOutcome(outcomeID)
            leave(at: at, .skipped(outcome: outcome.id, reason: reason))
            follow(outcome.next, at: at)

        case .wentBack(let from, let to):
            guard let previous = trail.last else { throw SessionError("there is no step to go back to") }
            guard frame?.step == from, previous.stack.last?.step == to else {
                throw SessionError("cannot go back from '\(from)' to '\(to)'")
            }
            if case .active = phase {} else if phase != .atLink { throw SessionError("the walk has ended") }
            leave(at: at, .wentBack)
            trail.removeLast()
            stack = previous.stack
            phase = .active
            pendingLink = nil
            running = nil
            path.removeSubrange(min(previous.pathCount, path.count)...)
            arrive(at: at, extendingPath: false)

        case .noteAdded(let stepID, let text):
            notes.append(Note(runbook: frame?.runbook ?? "", step: stepID, text: text, at: at, author: record.operator))

        case .timeboxPassed(let scope, _), .timeboxEscalated(let scope, _), .timeboxSnoozed(let scope, _):
            guard phase == .active || phase == .atLink else { throw SessionError("the walk has ended") }
            timeboxLog.append((scope, record.event, at))

        case .silenceCreated(let silence):
            guard !silences.contains(where: { $0.silence.id == silence.id }) else {
                throw SessionError("silence \(silence.id) is recorded already")
            }
            silences.append((silence, false))

        case .silenceExpired(let id):
            guard let i = silences.firstIndex(where: { $0.silence.id == id && !$0.expired }) else {
                throw SessionError("no silence \(id) of this walk is active")
            }
            silences[i].expired = true

        case .hintShown(let stepID):
            guard start?.mode == .practice else { throw SessionError("hints are for practice walks") }
            hintsShown.append(stepID)

        case .linkEntered(let id):
            guard phase == .atLink, let link = pendingLink, link.runbook == id else {
                throw SessionError("no link to runbook '\(id)' is waiting")
            }
            guard let linked = library[id] else { throw SessionError("runbook '\(id)' is not loaded") }
            stack.append(Frame(runbook: id, step: linked.start, returnTo: link.then))
            phase = .active
            pendingLink = nil
            arrive(at: at)

        case .linkFollowed(let url):
            guard phase == .atLink, let link = pendingLink else { throw SessionError("no link is waiting") }
            _ = url
            pendingLink = nil
            if let then = link.then {
                stack[stack.count - 1].step = then
                phase = .active
                arrive(at: at)
            } else {
                phase = .ended(status: .handedOff, to: link.title ?? link.runbook ?? link.url)
                stack[stack.count - 1].returnTo = nil
                if let last = visits.indices.last { visits[last].exit = .ended(.handedOff) }
            }

        case .linkReturned(let id, let to):
            guard case .active = phase, let end = step?.end else {
                throw SessionError("no linked runbook is ending here")
            }
            guard let returning = stack.lastIndex(where: { $0.returnTo != nil }),
                stack[returning].runbook == id, stack[returning].returnTo == to
            else {
                throw SessionError("runbook '\(id)' does not return to '\(to)' here")
            }
            leave(at: at, .ended(end.status))
            stack.removeSubrange(returning...)
            stack[stack.count - 1].step = to
            arrive(at: at)

        case .ended(let status, let to):
            guard case .active = phase else { throw SessionError("the walk is not at a step that can end") }
            if let end = step?.end, end.status != status {
                throw SessionError("step '\(frame!.step)' ends as \(end.status.rawValue), not \(status.rawValue)")
            }
            leave(at: at, .ended(status))
            phase = .ended(status: status, to: to)
        }
    }

    private func isBackground(_ stepID: String) -> Bool {
        stack.contains { library[$0.runbook]?.step(stepID)?.run?.background == true }
    }

    private func currentRunbook() throws(SessionError) -> Runbook {
        guard let rb = runbook else { throw SessionError("no runbook is being walked") }
        return rb
    }

    private func expectActive(step id: String) throws(SessionError) {
        guard phase == .active else { throw SessionError("the walk is not at a step") }
        guard frame?.step == id else { throw SessionError("the walk is at '\(frame?.step ?? "")', not '\(id)'") }
    }

    private func findOutcome(_ id: String) throws(SessionError) -> Outcome {
        guard let step, let outcome = step.outcomes.first(where: { $0.id == id }) else {
            throw SessionError("step '\(frame?.step ?? "")' has no outcome '\(id)'")
        }
        return outcome
    }

    private mutating func arrive(at: Date, extendingPath: Bool = true) {
        guard let frame else { return }
        visits.append(Visit(runbook: frame.runbook, step: frame.step, arrived: at))
        if extendingPath { path.append("\(frame.runbook)/\(frame.step)") }
    }

    private mutating func leave(at: Date, _ exit: Visit.Exit) {
        guard let last = visits.indices.last else { return }
        visits[last].left = at
        visits[last].exit = exit
    }

    private mutating func follow(_ next: Next, at: Date) {
        trail.append((stack, visits.count, path.count))
        running = nil
        switch next {
        case .step(let id, _):
            stack[stack.count - 1].step = id
            arrive(at: at)
        case .link(let link):
            pendingLink = link
            phase = .atLink
        }
    }
}
