import Foundation
import RunbookGraph

extension App {
    static func overlayCommand(
        _ state: inout AppState, _ overlay: Overlay, _ command: KeyCommand, key: Key, env: AppEnvironment
    ) -> [Effect] {
        switch overlay {
        case .help, .notice:
            state.overlay = nil
        case .confirm(let plan):
            switch command {
            case .yes:
                state.overlay = nil
                return startCommand(&state, plan: plan, interactive: plan.interactive, env: env)
            case .edit:
                openPrompt(&state, .editCommand, title: "Edit the command (Enter runs it)", text: plan.command)
            case .no:
                state.overlay = nil
                state.status = "Not run."
            default: break
            }
        case .graph(let selected):
            let rows = state.walk?.session.runbook.map(GraphOutline.lines) ?? []
            switch command {
            case .up: state.overlay = .graph(selected: max(0, selected - 1))
            case .down: state.overlay = .graph(selected: min(max(0, rows.count - 1), selected + 1))
            case .select:
                guard selected < rows.count else { break }
                state.overlay = nil
                jumpBack(&state, to: rows[selected].step, env: env)
            case .close: state.overlay = nil
            default: break
            }
        case .jobs(let selected):
            let jobs = state.walk?.jobs ?? []
            switch command {
            case .up: state.overlay = .jobs(selected: max(0, selected - 1))
            case .down: state.overlay = .jobs(selected: min(max(0, jobs.count - 1), selected + 1))
            case .stopJob:
                guard selected < jobs.count else {
                    state.status = "No background job to stop."
                    break
                }
                return [.cancel(id: jobs[selected].id)]
            case .close: state.overlay = nil
            default: break
            }
        case .prompt(var prompt):
            return promptCommand(&state, &prompt, command, key: key, env: env)
        }
        return []
    }

    /// Goes back step by step (each recorded) until `target`, if the walk passed it.
    static func jumpBack(_ state: inout AppState, to target: String, env: AppEnvironment) {
        guard let frame = state.walk?.session.frame, frame.step != target else { return }
        guard
            state.walk?.session.visits.dropLast().contains(where: { $0.step == target && $0.runbook == frame.runbook })
                == true
        else {
            state.status = "The walk has not been at that step; only visited steps can be jumped back to."
            return
        }
        while state.walk?.session.frame?.step != target, state.walk?.session.backTarget != nil {
            let before = state.walk?.session.records.count
            perform(&state, env: env) { try $0.goBack(in: &$1) }
            if state.walk?.session.records.count == before { break }
        }
        arrived(&state, env: env)
    }

    static func promptCommand(
        _ state: inout AppState, _ prompt: inout Prompt, _ command: KeyCommand, key: Key, env: AppEnvironment
    ) -> [Effect] {
        switch command {
        case .close:
            state.overlay = nil
            if case .variable = prompt.purpose {
                state.status = "Values are asked for when a step needs them (v: variables)."
            }
            return []
        case .up: prompt.selected = max(0, prompt.selected - 1)
        case .down: prompt.selected = min(prompt.choices.count - 1, prompt.selected + 1)
        case .pick(let n):
            guard n <= prompt.choices.count else {
                state.status = "No choice \(n): 1-\(prompt.choices.count)."
                break
            }
            prompt.selected = n - 1
            return submit(&state, prompt, env: env)
        case .submit where key == .enter && prompt.multiline:
            prompt.edit { $0.insert("\n") }
        case .submit:
            return submit(&state, prompt, env: env)
        case .deleteBack: prompt.edit { $0.backspace() }
        case .deleteForward: prompt.edit { $0.deleteForward() }
        case .clearText: prompt.edit { $0.killToStart() }
        case .killToEnd: prompt.edit { $0.killToEnd() }
        case .killWord: prompt.edit { $0.killWordBack() }
        case .cursorLeft: prompt.edit { $0.left() }
        case .cursorRight: prompt.edit { $0.right() }
        case .lineStart: prompt.edit { $0.home() }
        case .lineEnd: prompt.edit { $0.end() }
        case .wordLeft: prompt.edit { $0.wordLeft() }
        case .wordRight: prompt.edit { $0.wordRight() }
        default:
            break
        }
        state.overlay = .prompt(prompt)
        return []
    }

    static func submit(_ state: inout AppState, _ prompt: Prompt, env: AppEnvironment) -> [Effect] {
        let value = prompt.choices.isEmpty ? prompt.text : prompt.choices[prompt.selected].value
        state.overlay = nil
        switch prompt.purpose {
        case .variable(let name):
            setVariable(&state, name, value, from: prompt, env: env)
        case .note:
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
            perform(&state, env: env) { try $0.addNote(value, in: &$1) }
            if state.status == nil { state.status = "Note added to the journal." }
        case .skipOutcome:
            openPrompt(&state, .skipReason(outcome: value), title: "Why skip this step?")
        case .skipReason(let outcome):
            guard !value.trimmingCharacters(in: .whitespaces).isEmpty else {
                var again = prompt
                again.error = "Say why, for the incident record."
                state.overlay = .prompt(again)
                return []
            }
            perform(&state, env: env) { try $0.skip(along: outcome, reason: value, in: &$1) }
            arrived(&state, env: env)
        case .editCommand:
            guard !value.isEmpty else { return [] }
            return requestRun(&state, edited: value, env: env)
        case .search:
            // As in less and vim: an empty search repeats the last one.
            guard let term = value.isEmpty ? state.walk?.search : value else {
                state.status = "No earlier search to repeat."
                return []
            }
            state.walk?.search = term
            state.walk?.searchHit = nil
            findMatch(&state, forward: false)
        case .pickVariable:
            guard let walk = state.walk, let runbook = walk.session.runbook, let v = runbook.variable(value) else {
                return []
            }
            state.overlay = .prompt(
                variablePrompt(v, walk: walk, current: walk.session.values(of: runbook.id)[v.name] ?? "", env: env))
        case .pasteAlert:
            return Picker.pasted(&state, value, env: env)
        case .openLink:
            return [.open(url: value)]
        case .quitWhileRunning(let id):
            return quitWhileRunning(&state, id, answer: value)
        case .silenceFor, .silenceDuration:
            return silenceChosen(&state, value, prompt: prompt, env: env)
        case .silenceExpiry(let id):
            return expiryAnswered(&state, id: id, value, env: env)
        }
        return []
    }

    /// A value typed or chosen for a variable: journaled, remembered, then the next question.
    static func setVariable(
        _ state: inout AppState, _ name: String, _ value: String, from prompt: Prompt,
        env: AppEnvironment
    ) {
        guard !value.isEmpty else {
            var again = prompt
            again.error = "A value is needed to go on (Esc: later)."
            state.overlay = .prompt(again)
            return
        }
        guard let known = state.walk.map({ remembered($0, env: env) }) else { return }
        let source: ValueSource = value == known[name] ? .remembered : prompt.choices.isEmpty ? .typed : .choice
        perform(&state, env: env) { try $0.setVariable(name, value, source: source, in: &$1) }
        if let error = state.status {  // refused: say why and ask again
            var again = prompt
            again.error = error
            state.status = nil
            state.overlay = .prompt(again)
            return
        }
        if state.walk?.scenario == nil, let runbook = state.walk?.session.runbook, let variable = runbook.variable(name)
        {
            env.memory.remember(value, variable, runbook.id)
        }
        openVariablePrompt(&state, env: env)
    }

    /// The answer to `q` while command `id` runs: stop it and quit, or keep it as a job.
    static func quitWhileRunning(_ state: inout AppState, _ id: Int, answer: String) -> [Effect] {
        guard let run = state.walk?.run, run.id == id, run.finished == nil else {
            return answer == "stop" ? quit(&state) : []
        }
        switch answer {
        case "stop":
            return [.cancel(id: id)] + quit(&state)
        case "background":
            state.walk?.commands.sendToBackground(id)
            state.status = "It runs on as a background job (J lists jobs); the walk can go on."
        default:
            break
        }
        return []
    }
}
