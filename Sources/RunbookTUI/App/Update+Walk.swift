import Foundation
import RunbookGraph

/// Keys at a step of the walk, at a link, at the end, and while the journal cannot be written.
extension App {
    static func walkCommand(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) -> [Effect] {
        switch command {
        case .run: return accept(&state, env: env)
        case .rerun: return requestRun(&state, env: env)
        case .interactive: return requestRun(&state, interactive: true, env: env)
        case .edit: editCommand(&state, env: env)
        case .cancel:
            if let run = state.walk?.run, state.walk?.isRunning == true { return [.cancel(id: run.id)] }
            state.status = "No command is running. Press q to quit (the walk can be resumed)."
        case .choose(let n): return chooseNumber(&state, n, env: env)
        case .back: goBack(&state, env: env)
        case .note: openPrompt(&state, .note, title: "Note for the journal")
        case .skip: askSkip(&state)
        case .copy:
            guard let command = state.walk?.session.editableCommand else {
                state.status = "This step has no command to copy."
                return []
            }
            return [.copy(command, what: "the command")]
        case .openLink: return openLinks(&state)
        case .quit: return quitWalk(&state)
        case .escalate: escalate(&state, env: env)
        case .snooze: snooze(&state, env: env)
        case .silence: silenceKey(&state, env: env)
        case .variables, .graph, .search, .jobs, .alert, .readText, .hint:
            openReading(&state, command, env: env)
        case .searchNext: findMatch(&state, forward: true)
        case .searchPrevious: findMatch(&state, forward: false)
        default: scrollOutput(&state, command)
        }
        return []
    }

    /// Enter: end the step, run its command, or take the suggested (or only) outcome.
    static func accept(_ state: inout AppState, env: AppEnvironment) -> [Effect] {
        if state.walk?.session.endAction != nil {
            perform(&state, env: env) { try $0.finishStep(in: &$1) }
            arrived(&state, env: env)
            return []
        }
        guard let outcome = acceptedOutcome(&state) else { return requestRunIfNeeded(&state, env: env) }
        return choose(&state, outcome, env: env)
    }

    /// Enter at a step whose command has not run yet runs it.
    static func requestRunIfNeeded(_ state: inout AppState, env: AppEnvironment) -> [Effect] {
        let ranHere = state.walk?.run.map { $0.step == state.walk?.session.frame?.step } ?? false
        guard state.walk?.session.step?.run != nil, state.walk?.isRunning == false, !ranHere else { return [] }
        return requestRun(&state, env: env)
    }

    /// The outcome Enter takes: the suggested one, else the only one; nil (with a
    /// status saying why, or a command to run first) when there is none to take.
    static func acceptedOutcome(_ state: inout AppState) -> String? {
        guard let walk = state.walk else { return nil }
        let session = walk.session
        if walk.isRunning {
            state.status = "The command is still running: wait, or cancel it with x."
            return nil
        }
        let alreadyRan = walk.run != nil && walk.run?.step == session.frame?.step
        if session.step?.run != nil, !alreadyRan { return nil }
        // One way on and no output: nothing to wait for (Enter typed ahead is not lost).
        if session.step?.run == nil, let only = session.step?.outcomes, only.count == 1 { return only[0].id }
        if walk.suggestion.pending || walk.suggestion.key != session.suggestionKey {
            state.status = "Still matching the output against the outcomes…"
            return nil
        }
        if let suggestion = walk.shownSuggestion { return suggestion.outcome }
        if let only = session.step?.outcomes, only.count == 1 { return only[0].id }
        let count = session.step?.outcomes.count ?? 0
        state.status =
            walk.hideSuggestions
            ? "Practice: choose an outcome with 1-\(count); no suggestion is shown (H: a hint)."
            : "Choose an outcome with 1-\(count)."
        return nil
    }

    static func editCommand(_ state: inout AppState, env: AppEnvironment) {
        guard let session = state.walk?.session, let plan = session.commandPlan(config: env.config) else {
            state.status = "This step has no command."
            return
        }
        openPrompt(
            &state, .editCommand, title: "Edit the command (Enter runs it)",
            text: session.editableCommand ?? plan.command)
    }

    static func chooseNumber(_ state: inout AppState, _ n: Int, env: AppEnvironment) -> [Effect] {
        guard let outcomes = state.walk?.session.step?.outcomes, n >= 1, n <= outcomes.count else {
            state.status =
                state.walk?.session.endAction != nil
                ? "This is the end of the runbook: press Enter." : "No outcome \(n)."
            return []
        }
        return choose(&state, outcomes[n - 1].id, env: env)
    }

    static func askSkip(_ state: inout AppState) {
        guard let outcomes = state.walk?.session.step?.outcomes, !outcomes.isEmpty else {
            state.status = "An end step cannot be skipped."
            return
        }
        if outcomes.count == 1 {
            openPrompt(&state, .skipReason(outcome: outcomes[0].id), title: "Why skip this step?")
        } else {
            var prompt = Prompt(purpose: .skipOutcome, title: "Skip: which way on?")
            prompt.choices = outcomes.map { ($0.label, $0.id) }
            state.overlay = .prompt(prompt)
        }
    }

    static func openLinks(_ state: inout AppState) -> [Effect] {
        guard let session = state.walk?.session else { return [] }
        let links = session.step?.links ?? []
        guard !links.isEmpty else {
            state.status = "This step has no links."
            return []
        }
        if links.count == 1 { return [.open(url: session.rendered(links[0].url))] }
        var prompt = Prompt(purpose: .openLink, title: "Open which link?")
        prompt.choices = links.map { ($0.title, session.rendered($0.url)) }
        state.overlay = .prompt(prompt)
        return []
    }

    /// Quitting would stop a running command: ask first.
    static func quitWalk(_ state: inout AppState) -> [Effect] {
        guard let walk = state.walk, let run = walk.run, walk.isRunning else { return quit(&state) }
        var prompt = Prompt(purpose: .quitWhileRunning(run: run.id), title: "A command is still running")
        prompt.detail = "$ \(SecretMask.mask(run.command, walk.session.secretValues))"
        prompt.choices = [
            ("Stop the command and quit", "stop"),
            ("Keep it running as a background job (the walk goes on)", "background"),
            ("Cancel: back to the walk", "cancel")
        ]
        prompt.selected = 2
        state.overlay = .prompt(prompt)
        return []
    }

    static func choose(_ state: inout AppState, _ outcome: String, env: AppEnvironment) -> [Effect] {
        guard let suggestion = state.walk?.suggestion else { return [] }
        if state.walk?.isRunning == true {
            state.status = "A command is running: wait for it, or cancel it with x."
            return []
        }
        if let walk = state.walk, capturesPending(walk) {
            state.status = "Still reading the values out of the output…"
            return []
        }
        // The journal records the suggestion the operator was shown: none when practice hides it.
        let shown = state.walk?.shownSuggestion
        let note = shown == nil && suggestion.tooSlow ? SuggestionState.tooSlowNote : nil
        perform(&state, env: env) { try $0.choose(outcome, suggestion: shown, note: note, in: &$1) }
        arrived(&state, env: env)
        return []
    }

    static func goBack(_ state: inout AppState, env: AppEnvironment) {
        if state.walk?.isRunning == true {
            state.status = "A command is running: cancel it with x before going back."
            return
        }
        guard state.walk?.session.backTarget != nil else {
            state.status = "This is the first step: there is nowhere to go back to."
            return
        }
        perform(&state, env: env) { try $0.goBack(in: &$1) }
        arrived(&state, env: env)
    }

    static func linkCommand(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) -> [Effect] {
        let url = state.walk?.session.pendingLink?.url.map { state.walk?.session.rendered($0) ?? $0 }
        switch command {
        case .openLink, .copy:
            guard let url else {
                state.status = "This link has no address: find the runbook in the library."
                return []
            }
            return command == .openLink ? [.open(url: url)] : [.copy(url, what: "the link")]
        case .followed:
            perform(&state, env: env) {
                try $0.confirmLinkFollowed(in: &$1); try $0.resolveVariables(in: &$1)
            }
            arrived(&state, env: env)
        case .back: goBack(&state, env: env)
        case .quit: return quit(&state)
        case .note: openPrompt(&state, .note, title: "Note for the journal")
        default: break
        }
        return []
    }

    static func endedCommand(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) -> [Effect] {
        switch command {
        case .export:
            guard let walk = state.walk else { return [] }
            let base = walk.journalPath.map { ($0 as NSString).deletingPathExtension } ?? "transcript"
            return [.export(session: walk.session, scenario: walk.scenario, path: base + ".md")]
        case .quit: return quit(&state)
        case .note: openPrompt(&state, .note, title: "Note for the journal")
        case .silence: silenceKey(&state, env: env)
        default: break
        }
        return []
    }

    static func unrecordedCommand(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) -> [Effect] {
        switch command {
        case .quit: return quit(&state)
        case .retryRecord:
            let flushed = flushUnrecorded(&state, env: env)
            let problem = state.walk?.journalProblem ?? "the journal cannot be written"
            state.status = flushed ? "Recorded: the journal is writable again." : "Still not recorded: \(problem)"
        default: break
        }
        return []
    }
}
