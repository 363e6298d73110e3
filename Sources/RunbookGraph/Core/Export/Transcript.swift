import Foundation

/// The incident transcript: what happened in a walk, in the order it
/// happened, with secrets redacted. Both the Markdown and the JSON
/// transcripts are rendered from this one value.
public struct Transcript: Sendable, Codable, Equatable {
    public static let format = "runbook-transcript"
    public static let version = 1

    public struct Entry: Sendable, Codable, Equatable {
        public var seq: Int
        public var at: Date
        public var `operator`: String
        public var runbook: String
        public var step: String?
        public var type: String
        public var summary: String
    }

    public struct PathStep: Sendable, Codable, Equatable {
        public var runbook: String
        public var step: String
        public var title: String
        public var arrived: Date
        public var left: Date?
        /// outcome, skipped, went-back, ended; nil while still there.
        public var exit: String?
        public var outcome: String?
        public var outcomeLabel: String?
        public var suggested: String?
        public var reason: String?
        public var skipReason: String?
    }

    public struct Command: Sendable, Codable, Equatable {
        public var seq: Int
        public var runbook: String
        public var step: String
        public var title: String
        public var command: String
        public var suggested: String
        public var edited: Bool
        public var host: String?
        public var startedAt: Date
        public var exitCode: Int32?
        public var signal: Int32?
        public var durationMs: Int64?
        public var timedOut: Bool
        public var cancelled: Bool
        public var output: String?
        public var outputBytes: Int?
        public var outputFile: String?
    }

    public struct Note: Sendable, Codable, Equatable {
        public var at: Date
        public var `operator`: String
        public var runbook: String
        public var step: String?
        public var text: String
    }

    public var format: String = Transcript.format
    public var version: Int = Transcript.version
    public var runbook: String
    public var title: String
    public var runbookPath: String
    public var runbookHash: String
    public var mode: String
    public var alertTitle: String?
    public var alertLabels: [String: String]
    public var operators: [String]
    public var startedAt: Date
    public var endedAt: Date?
    public var durationMs: Int64?
    /// resolved, escalated, handed-off; nil while the walk is still open.
    public var ending: String?
    public var endingTo: String?
    public var variables: [String: String]
    public var path: [PathStep]
    public var commands: [Command]
    public var notes: [Note]
    public var timeline: [Entry]
    public var redacted: Bool
    /// Practice walks: how the walk compares with the scenario.
    public var debrief: Debrief?

    /// Builds the transcript of `session`, redacting with `redactor`.
    public init(session: Session, redactor: Redactor) {
        let r = redactor.redact
        let start = session.start
        runbook = start?.runbook ?? ""
        title = start?.title ?? ""
        runbookPath = start?.path ?? ""
        runbookHash = start?.hash ?? ""
        mode = start?.mode.rawValue ?? "incident"
        alertTitle = start?.alert.title.map(r)
        alertLabels = (start?.alert.labels ?? [:]).mapValues(r)
        var ops: [String] = []
        for record in session.records where !ops.contains(record.operator) { ops.append(record.operator) }
        operators = ops
        let startedAt = session.startedAt ?? Date(timeIntervalSince1970: 0)
        self.startedAt = startedAt
        endedAt = session.endedAt
        durationMs = session.endedAt.map { Int64(($0.timeIntervalSince(startedAt) * 1000).rounded()) }
        if case .ended(let status, let to) = session.phase {
            ending = status.rawValue
            endingTo = to.map(r)
        }
        var vars: [String: String] = [:]
        for (rb, values) in session.variables {
            for (name, value) in values {
                let secret = session.library[rb]?.variable(name)?.secret == true
                let key = rb == runbook ? name : "\(rb).\(name)"
                vars[key] = secret && redactor.enabled ? Redactor.mask : r(value)
            }
        }
        variables = vars
        let library = session.library
        let stepTitle = { (rb: String, step: String) -> String in library[rb]?.step(step)?.title ?? step }
        path = session.visits.map { v in
            var p = PathStep(
                runbook: v.runbook, step: v.step, title: stepTitle(v.runbook, v.step), arrived: v.arrived, left: v.left)
            switch v.exit {
            case .outcome(let id, let label, let suggested, let reason)?:
                p.exit = "outcome"; p.outcome = id; p.outcomeLabel = label; p.suggested = suggested;
                p.reason = reason.map(r)
            case .skipped(let outcome, let reason)?:
                p.exit = "skipped"; p.outcome = outcome; p.skipReason = r(reason)
            case .wentBack?: p.exit = "went-back"
            case .ended(let status)?: p.exit = "ended"; p.outcome = status.rawValue
            case nil: break
            }
            return p
        }
        var commands: [Command] = []
        var notes: [Note] = []
        var timeline: [Entry] = []
        var runbookAt: String = start?.runbook ?? ""
        var replay = Session(library: session.library)
        for record in session.records {
            let step = replay.frame?.step
            var summary: String
            switch record.event {
            case .started(let s):
                summary = "Started \(s.runbook) (\(s.mode.rawValue))"
            case .variableSet(let name, let value, let source):
                let secret = replay.runbook?.variable(name)?.secret == true && redactor.enabled
                summary = "\(name) = \(secret ? Redactor.mask : r(value)) (\(source.rawValue))"
            case .commandStarted(let stepID, let command, let suggested, let host):
                summary =
                    "Ran `\(r(command))`" + (host.map { " on \($0)" } ?? "") + (command != suggested ? " (edited)" : "")
                commands.append(
                    Command(
                        seq: record.seq, runbook: runbookAt, step: stepID, title: stepTitle(runbookAt, stepID),
                        command: r(command), suggested: r(suggested), edited: command != suggested, host: host,
                        startedAt: record.at, timedOut: false, cancelled: false))
            case .commandProcess(_, let group):
                summary = "Running as process group \(group)"
            case .commandFinished(let stepID, let result):
                summary = "Finished: " + Self.describe(result)
                if let i = commands.lastIndex(where: { $0.step == stepID && $0.durationMs == nil }) {
                    commands[i].exitCode = result.exitCode
                    commands[i].signal = result.signal
                    commands[i].durationMs = result.durationMs
                    commands[i].timedOut = result.timedOut
                    commands[i].cancelled = result.cancelled
                    commands[i].output = r(result.output)
                    commands[i].outputBytes = result.outputBytes
                    commands[i].outputFile = result.outputFile
                }
            case .outcomeChosen(_, let outcome, let suggested, let reason):
                let label = replay.step?.outcomes.first { $0.id == outcome }?.label ?? outcome
                summary = "Chose \"\(label)\""
                if let suggested {
                    summary += suggested == outcome ? " (suggested" : " (suggested: \(suggested)"
                    summary += reason.map { ": \(r($0)))" } ?? ")"
                }
            case .stepSkipped(_, let outcome, let reason):
                summary = "Skipped, on to \(outcome): \(r(reason))"
            case .wentBack(let from, let to):
                summary = "Went back from \(from) to \(to)"
            case .noteAdded(_, let text):
                summary = "Note: \(r(text))"
                notes.append(
                    Note(at: record.at, operator: record.operator, runbook: runbookAt, step: step, text: r(text)))
            case .hintShown(let stepID):
                summary = "Hint shown for \(stepID)"
            case .linkEntered(let id):
                summary = "Entered linked runbook \(id)"
            case .linkFollowed(let url):
                summary = "Followed \(url)"
            case .linkReturned(let id, let to):
                summary = "Back from \(id) at \(to)"
            case .ended(let status, let to):
                summary = "Ended: \(status.rawValue)" + (to.map { " to \(r($0))" } ?? "")
            case .timeboxPassed(let scope, let limit):
                summary = "Time-box of \(scope.words) (\(limit)) passed: prompted to escalate"
            case .timeboxEscalated(let scope, let to):
                summary = "Escalated (time-box of \(scope.words))" + (to.map { " to \(r($0))" } ?? "")
            case .timeboxSnoozed(let scope, let duration):
                summary = "Snoozed the time-box prompt of \(scope.words) for \(duration)"
            case .silenceCreated(let silence):
                summary =
                    "Silenced the alert in \(silence.alertmanager) until \(silence.endsAt.formatted(.iso8601))"
                    + " (silence \(silence.id)): \(r(silence.matcherText))"
            case .silenceExpired(let id):
                summary = "Expired silence \(id)"
            }
            timeline.append(
                Entry(
                    seq: record.seq, at: record.at, operator: record.operator, runbook: runbookAt,
                    step: step, type: record.event.name, summary: summary))
            try? replay.apply(record)
            runbookAt = replay.frame?.runbook ?? runbookAt
        }
        self.commands = commands
        self.notes = notes
        self.timeline = timeline
        redacted = redactor.enabled
    }

    static func describe(_ result: RecordedResult) -> String {
        var parts: [String] = []
        if result.timedOut { parts.append("timed out") }
        if result.cancelled { parts.append("cancelled") }
        if let code = result.exitCode { parts.append("exit \(code)") }
        if let signal = result.signal { parts.append("signal \(signal)") }
        parts.append("in \(RunDuration(milliseconds: result.durationMs).humanized)")
        return parts.joined(separator: ", ")
    }
}

extension RunDuration {
    /// `1.2s`, `14s`, `2m05s`, `1h02m`: how long something took, for people.
    public var humanized: String {
        let ms = milliseconds
        if ms < 1000 { return "\(ms)ms" }
        if ms < 10_000 { return String(format: "%.1fs", Double(ms) / 1000) }
        let s = ms / 1000
        if s < 60 { return "\(s)s" }
        if s < 3600 { return String(format: "%dm%02ds", s / 60, s % 60) }
        return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60)
    }
}
