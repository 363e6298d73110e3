/// Turns a real walk into a practice scenario (`runbook practice record`): the
/// alert, the answers given, what each command printed and how long it took,
/// the path taken as the expected path, and the ending. Secrets are redacted
/// and secret answers left out; an edited command is recorded by its exact
/// text; the detours (went back, skipped) become explanations for the author.
public enum ScenarioRecording {
    public struct Recorded: Sendable {
        /// The scenario file's text.
        public var yaml: String
        /// What the author should know (left out, edited, still to write).
        public var notes: [String]
    }

    public struct Refused: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    public static func record(
        _ session: Session, id: String, journal: String, redactor: Redactor
    ) throws(Refused) -> Recorded {
        guard let start = session.start, let runbook = session.library[start.runbook] else {
            throw Refused(description: "the journal holds no started walk")
        }
        guard start.mode == .incident else {
            throw Refused(
                description: "a \(start.mode.rawValue) walk ran no real commands: record an incident's journal")
        }
        let r = redactor.redact
        var notes: [String] = []

        // What each command printed, as the walk went (a replay tells which runbook a step is of).
        var recordings: [String: RecordedResult] = [:]
        var commands: [String: RecordedResult] = [:]
        var explanations: [String: String] = [:]
        var hints: [String: [String]] = [:]
        var started: [String: (command: String, suggested: String, runbook: String)] = [:]
        var replay = Session(library: session.library)
        for record in session.records {
            let at = replay.frame?.runbook ?? runbook.id
            switch record.event {
            case .commandStarted(let step, let command, let suggested, _):
                started[step] = (command, suggested, at)
            case .commandFinished(let step, let result):
                guard let run = started.removeValue(forKey: step) else { break }
                if run.command == run.suggested && run.runbook == runbook.id {
                    recordings[step] = result
                } else {
                    commands[r(run.command)] = result
                    if run.command != run.suggested {
                        notes.append("step \(step): the command was edited; recorded by its exact text")
                    }
                }
            case .wentBack(let from, let to) where at == runbook.id:
                explanations[to] =
                    "In the incident the walk went on to '\(from)' from here, then came back. Say why the expected way is right."
            case .stepSkipped(let step, _, let reason) where at == runbook.id:
                explanations[step] = "Skipped in the incident: \(r(reason))"
            case .noteAdded(let step?, let text) where at == runbook.id:
                hints[step, default: []].append("From the incident: \(r(text))")
            default: break
            }
            try? replay.apply(record)
        }

        let path = session.path.compactMap { entry -> String? in
            let parts = entry.split(separator: "/", maxSplits: 1).map(String.init)
            return parts.count == 2 && parts[0] == runbook.id ? parts[1] : nil
        }
        var ending: Ending.Status?
        if case .ended(let status, _) = session.phase { ending = status }
        if ending == nil { notes.append("the walk had not ended: the scenario has no expected ending") }

        var answers: [String: String] = [:]
        let given: Set<ValueSource> = [.set, .typed, .choice, .remembered]
        for variable in runbook.variables {
            guard let value = session.values(of: runbook.id)[variable.name],
                let source = session.variableSources[runbook.id]?[variable.name], given.contains(source)
            else { continue }
            if variable.secret {
                notes.append("variable \(variable.name) is secret: left out (the trainee is asked for it)")
                continue
            }
            answers[variable.name] = r(value)
        }
        if !explanations.isEmpty {
            notes.append("detours became explanations: edit them to say why the expected way is right")
        }

        // The file.
        var out: [String] = []
        func line(_ indent: Int, _ key: String, _ value: String) {
            out.append(
                String(repeating: " ", count: indent) + "\(key): " + RunbookYAMLWriter.scalar(value, indent: indent))
        }
        func key(_ text: String) -> String {
            RunbookYAMLWriter.isPlainSafe(text) ? text : RunbookYAMLWriter.doubleQuoted(text)
        }
        out.append("# Recorded from \(journal) by runbook practice record.")
        out.append("# The path the operator took is the expected path: check it, and write the explanations.")
        line(0, "scenario", id)
        line(0, "title", "Recorded: \(runbook.title)")
        let operators = Array(Set(session.records.map(\.operator))).sorted().joined(separator: ", ")
        let when = session.startedAt?.formatted(.iso8601) ?? "an unknown time"
        line(0, "description", "A real walk of \(runbook.id) by \(operators), started \(when).")
        line(0, "runbook", runbook.id)
        var alert = start.alert.text.isEmpty ? (start.alert.title ?? "") : start.alert.text
        if alert.trimmingSpaces.isEmpty {
            alert = "No alert: the walk was started by hand"
            notes.append("the walk had no alert: write the one the trainee should see")
        }
        line(0, "alert", r(alert).hasSuffix("\n") ? r(alert) : r(alert) + "\n")
        if !answers.isEmpty {
            out.append("answers:")
            for name in answers.keys.sorted() { line(2, key(name), answers[name]!) }
        }
        func recording(_ indent: Int, _ name: String, _ result: RecordedResult) {
            out.append(String(repeating: " ", count: indent) + "\(name):")
            line(indent + 2, "output", r(result.output))
            out.append(
                String(repeating: " ", count: indent + 2)
                    + "exit_code: \(result.exitCode ?? 128 + (result.signal ?? 0))")
            out.append(String(repeating: " ", count: indent + 2) + "duration: \(max(1, result.durationMs))ms")
        }
        if !recordings.isEmpty {
            out.append("recordings:")
            for step in recordings.keys.sorted() { recording(2, step, recordings[step]!) }
        }
        if !commands.isEmpty {
            out.append("commands:")
            for command in commands.keys.sorted() { recording(2, key(command), commands[command]!) }
        }
        out.append("expected:")
        out.append("  path: [\(path.joined(separator: ", "))]")
        if let ending { out.append("  ending: \(ending.rawValue)") }
        if !hints.isEmpty {
            out.append("hints:")
            for step in hints.keys.sorted() { line(2, step, hints[step]!.joined(separator: "\n")) }
        }
        if !explanations.isEmpty {
            out.append("explanations:")
            for step in explanations.keys.sorted() { line(2, step, explanations[step]!) }
        }
        return Recorded(yaml: out.joined(separator: "\n") + "\n", notes: notes)
    }
}
