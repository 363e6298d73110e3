import Foundation

/// An outcome the engine suggests, and why.
/// What a step's command output tells (`Session.reading`).
public struct StepReading: Sendable, Equatable {
    public var suggestion: OutcomeSuggestion?
    public var captures: CaptureReading?

    public init(suggestion: OutcomeSuggestion? = nil, captures: CaptureReading? = nil) {
        self.suggestion = suggestion
        self.captures = captures
    }
}

public struct OutcomeSuggestion: Sendable, Equatable {
    public var outcome: String
    public var reason: String
}

/// What the walk needs next at an end step.
public enum EndAction: Sendable, Equatable {
    /// A linked runbook ended: go back to `step` of `runbook`'s caller.
    case returnFrom(runbook: String, to: String)
    /// The whole walk ends.
    case end(status: Ending.Status, to: String?)
}

/// A time-box that has run out.
public struct TimeboxOverrun: Sendable, Equatable {
    public typealias Scope = TimeboxScope
    public var scope: Scope
    public var limit: RunDuration
    public var elapsed: RunDuration
}

extension Session {
    /// What conditions can see at the current step.
    public var facts: Facts {
        var types: [String: Variable.ValueType] = [:]
        for v in runbook?.variables ?? [] { types[v.name] = v.type }
        // A dry run produced no output: nothing may be suggested from it.
        let result = start?.mode == .dryRun ? nil : currentResult.flatMap { $0.cancelled ? nil : $0.commandResult }
        return Facts(
            alert: start?.alert ?? Alert(), variables: frame.map { values(of: $0.runbook) } ?? [:],
            variableTypes: types, result: result)
    }

    /// What `suggestion` depends on: the step, its command's result and the
    /// variables. The UI works the suggestion out again only when this changes.
    public var suggestionKey: String {
        guard phase == .active, let frame else { return "" }
        var hasher = Hasher()
        hasher.combine(frame.runbook)
        hasher.combine(frame.step)
        // O(1) in the length of the walk: the step's own result, not a scan of the records.
        if let result = currentResult {
            hasher.combine(result.durationMs)
            hasher.combine(result.outputBytes)
            hasher.combine(result.exitCode)
            hasher.combine(result.output.utf8.count)
        }
        hasher.combine(values(of: frame.runbook))
        return "\(frame.runbook)/\(frame.step)#\(hasher.finalize())"
    }

    /// The first outcome whose `when` holds, with the reason in words.
    public var suggestion: OutcomeSuggestion? {
        guard phase == .active, let step else { return nil }
        let facts = self.facts
        for outcome in step.outcomes {
            if let when = outcome.when, when.holds(in: facts) {
                return OutcomeSuggestion(outcome: outcome.id, reason: when.explanation(facts))
            }
        }
        return nil
    }

    /// Variables the current step's texts and command use that have no value yet.
    public var missingVariables: [Variable] {
        guard let runbook, let step else { return [] }
        let known = values(of: runbook.id)
        var names: [String] = []
        var texts = [step.title, step.text ?? ""] + step.links.map(\.url)
        if let run = step.run {
            texts += [run.command, run.host ?? ""]
            names += Template.environmentReferences(in: run.command)
        }
        for outcome in step.outcomes {
            outcome.when.map { VariableCheck.variables(in: $0).forEach { names.append($0.0) } }
        }
        for text in texts { names += Template.references(in: text).map(\.name) }
        var seen = Set<String>()
        return names.compactMap { name in
            guard known[name] == nil, seen.insert(name).inserted else { return nil }
            return runbook.variable(name)
        }
    }

    /// Commands the journal saw start but never finish (the tool stopped
    /// while they ran), with their process group when it was recorded.
    public var unfinishedCommands: [(step: String, command: String, group: Int32?)] {
        var open: [(step: String, command: String, group: Int32?)] = []
        for record in records {
            switch record.event {
            case .commandStarted(let step, let command, _, _): open.append((step, command, nil))
            case .commandProcess(let step, let group):
                if let i = open.lastIndex(where: { $0.step == step }) { open[i].group = group }
            case .commandFinished(let step, _):
                if let i = open.lastIndex(where: { $0.step == step }) { open.remove(at: i) }
            default: break
            }
        }
        return open
    }

    /// The values of the current runbook's variables marked `secret`, longest first.
    public var secretValues: [String] {
        guard let runbook else { return [] }
        let values = values(of: runbook.id)
        return runbook.variables.compactMap { $0.secret ? values[$0.name] : nil }.filter { !$0.isEmpty }
            .sorted { $0.count > $1.count }
    }

    /// Whether `name` is a secret variable of the current runbook.
    public func isSecret(_ name: String) -> Bool { runbook?.variable(name)?.secret == true }

    /// The suggested command as the operator may edit or copy it: the same,
    /// except that secret values read the environment (`"$RUNBOOK_TOKEN"`)
    /// where they stand unquoted or in `"…"`, so the secret is never shown.
    public var editableCommand: String? {
        guard let runbook, let run = step?.run else { return nil }
        guard let segments = try? ShellTemplate(run.command).segments(values(of: runbook.id)) else { return nil }
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let text): out += text
            case .value(let name, nil, _): out += "{{\(name)}}"
            case .value(let name, _, .unquoted) where isSecret(name): out += "\"$RUNBOOK_\(name.uppercased())\""
            case .value(let name, _, .doubleQuoted) where isSecret(name): out += "${RUNBOOK_\(name.uppercased())}"
            case .value(_, let rendered?, _): out += rendered
            }
        }
        return out
    }

    /// Why the alert's value for `name` was not taken (wrong form, a leading `-`), if it was not.
    public func alertValueProblem(_ name: String) -> String? {
        guard let runbook, let alert = start?.alert else { return nil }
        return VariableResolver.resolve(runbook, alert: alert).problems[name]
    }

    /// The current step's command with each value written as a literal for
    /// where it stands (the suggested command); nil also when it cannot be filled in.
    public var suggestedCommand: String? { try? renderedCommand?.get() }

    /// The current step's command filled in, or why it cannot be (a value with a NUL byte).
    public var renderedCommand: Result<String, ShellRenderError>? {
        guard let runbook, let run = step?.run else { return nil }
        let values = values(of: runbook.id)
        return Result { () throws(ShellRenderError) in try ShellQuote.render(run.command, values: values) }
    }

    /// The host the current command runs on, rendered; nil for local commands.
    public var commandHost: String? {
        guard let runbook, let host = step?.run?.host else { return nil }
        return Template.render(host) { values(of: runbook.id)[$0] }
    }

    /// A step text with plain (unquoted) values, for display.
    public func rendered(_ text: String) -> String {
        guard let runbook else { return text }
        let values = self.values(of: runbook.id)
        return Template.render(text) { values[$0] }
    }

    /// At an end step: return to a calling runbook, or end the walk.
    public var endAction: EndAction? {
        guard phase == .active, let end = step?.end else { return nil }
        if let returning = stack.lastIndex(where: { $0.returnTo != nil }) {
            return .returnFrom(runbook: stack[returning].runbook, to: stack[returning].returnTo!)
        }
        return .end(status: end.status, to: end.to.map(rendered))
    }

    /// Time-boxes exceeded at `now`: the runbook's since the walk entered it, the step's since arrival.
    /// Counted from the journal's times, so a resumed walk counts from when it began;
    /// a practice walk adds the time its recorded commands took.
    public func timeboxOverruns(now: Date) -> [TimeboxOverrun] {
        guard phase == .active || phase == .atLink, let runbook, let frame else { return [] }
        var out: [TimeboxOverrun] = []
        if let limit = runbook.timebox?.after, let anchor = timeboxAnchor(.runbook(runbook.id), now: now),
            elapsed(since: anchor, now: now) > limit
        {
            out.append(
                TimeboxOverrun(scope: .runbook(runbook.id), limit: limit, elapsed: elapsed(since: anchor, now: now)))
        }
        if let limit = step?.timebox?.after, let anchor = timeboxAnchor(.step(frame.step), now: now),
            elapsed(since: anchor, now: now) > limit
        {
            out.append(
                TimeboxOverrun(scope: .step(frame.step), limit: limit, elapsed: elapsed(since: anchor, now: now)))
        }
        return out
    }

    /// The time-box the operator should be prompted about now: one that ran out,
    /// was not escalated, and is not snoozed.
    public func timeboxPrompt(now: Date) -> TimeboxOverrun? {
        timeboxOverruns(now: now).first { overrun in
            guard let anchor = timeboxAnchor(overrun.scope, now: now) else { return false }
            for entry in timeboxLog.reversed() where entry.scope == overrun.scope && entry.at >= anchor {
                switch entry.event {
                case .timeboxEscalated: return false
                case .timeboxSnoozed(_, let duration):
                    if now < entry.at.addingTimeInterval(Double(duration.milliseconds) / 1000) { return false }
                default: continue
                }
            }
            return true
        }
    }

    /// Whether the journal already says this time-box's prompt was shown.
    public func timeboxPromptRecorded(_ overrun: TimeboxOverrun, now: Date) -> Bool {
        guard let anchor = timeboxAnchor(overrun.scope, now: now) else { return false }
        return timeboxLog.contains {
            if case .timeboxPassed = $0.event { $0.scope == overrun.scope && $0.at >= anchor } else { false }
        }
    }

    /// The time-box of `scope` (the runbook's, or the current step's).
    public func timebox(of scope: TimeboxScope) -> Timebox? {
        switch scope {
        case .runbook(let id): library[id]?.timebox
        case .step(let id): runbook?.step(id)?.timebox
        }
    }

    /// When a time-box started counting: entering the runbook, or arriving at the step this time.
    func timeboxAnchor(_ scope: TimeboxScope, now: Date) -> Date? {
        switch scope {
        case .runbook(let id): return visits.first { $0.runbook == id }?.arrived ?? startedAt
        case .step: return visits.last?.arrived
        }
    }

    /// Time since `date`: the clock's, plus in practice what the recorded commands took.
    func elapsed(since date: Date, now: Date) -> RunDuration {
        var ms = Int64(max(0, now.timeIntervalSince(date)) * 1000)
        for entry in recordedDurations where entry.at >= date { ms += entry.duration.milliseconds }
        return RunDuration(milliseconds: ms)
    }
}

extension Session {
    /// Where the value of `name` (of the current runbook) came from: the last record that set it.
    public func valueSource(of name: String) -> ValueSource? {
        frame.flatMap { variableSources[$0.runbook]?[name] }
    }

    /// Where the value of `name` came from, in words: a captured value names its step.
    public func valueSourceWords(of name: String) -> String? {
        guard let source = valueSource(of: name) else { return nil }
        if source == .captured, let step = runbook?.steps.first(where: { $0.capture?.names.contains(name) == true }) {
            return "captured from step \(step.id)"
        }
        return source.words
    }

    /// What the current step's command output tells: the outcome it suggests and
    /// the values it captures. Worked out off the UI's thread: both run patterns
    /// written by runbook authors on output written by anyone.
    public var reading: StepReading { StepReading(suggestion: suggestion, captures: captureReading) }

    /// What the current step's capture reads out of its command's output; nil
    /// when the step captures nothing or its command has not run (or was
    /// cancelled, or a dry run printed what it would have run).
    public var captureReading: CaptureReading? {
        guard phase == .active, let capture = step?.capture, start?.mode != .dryRun,
            let result = currentResult, !result.cancelled
        else { return nil }
        return capture.read(result.output)
    }
}

extension ValueSource {
    /// In words, for the variables list.
    public var words: String {
        switch self {
        case .set: "--set"
        case .alert: "from the alert"
        case .derived: "derived from the alert"
        case .default: "the runbook's default"
        case .typed: "typed"
        case .choice: "chosen"
        case .remembered: "remembered from an earlier walk"
        case .captured: "captured from a command's output"
        }
    }
}

extension Session {
    /// The walk's silences that it has not expired and that have not run out.
    public func activeSilences(now: Date) -> [WalkSilence] {
        silences.filter { !$0.expired && $0.silence.endsAt > now }.map(\.silence)
    }
}
