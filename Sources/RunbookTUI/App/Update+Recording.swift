import Foundation
import RunbookGraph

/// Journaling from update: through the environment's recorder, on the walk's
/// session in place, before anything on the screen says it happened.
extension App {
    /// Journals an event; a failure shows as a status line and changes nothing.
    @discardableResult
    static func record(_ state: inout AppState, _ event: SessionEvent, env: AppEnvironment) -> JournalRecord? {
        guard state.walk != nil else { return nil }
        do {
            return try env.recorder.record(event, in: &state.walk!.session)
        } catch {
            state.status = "\(error)"
            return nil
        }
    }

    /// Journals something that happened whatever the journal says (a command
    /// ended). When it cannot be written it waits in `unrecorded`, and the walk
    /// stops until it is.
    @discardableResult
    static func recordFact(_ state: inout AppState, _ event: SessionEvent, env: AppEnvironment) -> Bool {
        guard state.walk != nil else { return false }
        if state.walk!.unrecorded.isEmpty, record(&state, event, env: env) != nil { return true }
        state.walk!.unrecorded.append(event)
        if state.walk!.journalProblem == nil { state.walk!.journalProblem = state.status }
        state.status = nil  // the NOT RECORDED line says it, and stays
        return false
    }

    /// Tries again to journal what waits; true when nothing waits any more.
    static func flushUnrecorded(_ state: inout AppState, env: AppEnvironment) -> Bool {
        guard state.walk != nil else { return true }
        while let event = state.walk!.unrecorded.first {
            do {
                try env.recorder.record(event, in: &state.walk!.session)
            } catch {
                state.walk!.journalProblem = "\(error)"
                return false
            }
            state.walk!.unrecorded.removeFirst()
            if case .commandFinished(let step, let result) = event, let run = state.walk!.run, run.step == step,
                run.isRunning
            {
                state.walk!.commands.finish(run.id, result)
            }
        }
        state.walk!.journalProblem = nil
        return true
    }

    /// Runs a recorder operation on the walk, showing what went wrong.
    static func perform(_ state: inout AppState, env: AppEnvironment, _ body: (Recorder, inout Session) throws -> Void)
    {
        guard state.walk != nil else { return }
        do {
            try body(env.recorder, &state.walk!.session)
        } catch {
            state.status = "\(error)"
        }
    }

    /// Shows a walk that has just been opened (started, resumed or practised):
    /// every way into a walk comes through here.
    static func enter(_ state: inout AppState, _ walk: WalkState, env: AppEnvironment) {
        state.walk = walk
        state.screen = .walk
        state.overlay = nil
        arrived(&state, env: env)
    }

    /// At a new step: fresh output, and ask for the values it needs.
    static func arrived(_ state: inout AppState, env: AppEnvironment) {
        guard let walk = state.walk else { return }
        let step = walk.session.frame?.step
        if walk.run?.step != step || walk.run?.background == true {
            state.walk!.commands.hideShown()
            state.walk!.output = OutputWindow()
            state.walk!.scroll = 0
            state.walk!.hscroll = 0
            state.walk!.search = nil
            if let step, let earlier = earlierRun(of: step, in: walk.session) { showEarlier(&state, earlier) }
        }
        if !walk.session.isEnded, walk.session.phase == .active { openVariablePrompt(&state, env: env) }
    }

    /// Back at a step whose command ran before: its result and output are still there to read.
    static func earlierRun(of step: String, in session: Session) -> CommandRun? {
        guard let result = session.currentResult,
            let started = session.records.last(where: {
                if case .commandStarted(let s, _, _, _) = $0.event { s == step } else { false }
            }), case .commandStarted(_, let command, _, _) = started.event
        else { return nil }
        return CommandRun(
            id: -1, step: step, command: command, started: started.at, finished: result, background: false)
    }

    static func showEarlier(_ state: inout AppState, _ run: CommandRun) {
        state.walk!.output.append(
            OutputChunk(stream: .stdout, bytes: Array((run.finished?.output ?? "").utf8), atMs: 0))
        state.walk!.output.flush()
        state.walk!.commands.show(finished: run)
    }

    static func openVariablePrompt(_ state: inout AppState, env: AppEnvironment) {
        guard let walk = state.walk, let v = walk.session.missingVariables.first else { return }
        state.overlay = .prompt(variablePrompt(v, walk: walk, current: nil, env: env))
    }

    /// What the operator typed for this runbook's variables in earlier walks
    /// (none in practice: a scenario's answers are not the operator's).
    static func remembered(_ walk: WalkState, env: AppEnvironment) -> [String: String] {
        guard walk.scenario == nil, let runbook = walk.session.runbook else { return [:] }
        return env.memory.values(runbook.id)
    }

    /// The question for a variable, pre-filled with the current value, else
    /// the value typed last time for this runbook, else the default.
    static func variablePrompt(_ v: Variable, walk: WalkState, current: String?, env: AppEnvironment) -> Prompt {
        var prompt = Prompt(purpose: .variable(v.name), title: v.ask ?? "Value of \(v.name)?")
        prompt.secret = v.secret
        let remembered = current == nil ? remembered(walk, env: env)[v.name] : nil
        var detail = [v.description, v.pattern.map { "form: /\($0.source)/" }].compactMap { $0 }
        if let remembered { detail.append("last time: \(remembered) (Enter keeps it)") }
        if current == nil, let refused = walk.session.alertValueProblem(v.name) {
            detail.insert("not taken from the alert: \(refused)", at: 0)
        }
        prompt.detail = detail.joined(separator: " · ")
        prompt.choices = v.choices.map { ($0.label + " → " + $0.value, $0.value) }
        let value = current ?? remembered ?? v.defaultValue ?? ""
        prompt.text = value
        prompt.selected = v.choices.firstIndex { $0.value == value } ?? 0
        return prompt
    }

    static func openPrompt(_ state: inout AppState, _ purpose: Prompt.Purpose, title: String, text: String = "") {
        state.overlay = .prompt(Prompt(purpose: purpose, title: title, text: text))
    }
}
