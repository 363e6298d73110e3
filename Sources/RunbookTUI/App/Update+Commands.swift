import Foundation
import RunbookGraph

/// Commands of the walk: asked for, started (journaled first), streamed, finished.
extension App {
    static func commandEvent(_ state: inout AppState, id: Int, _ event: ExecutionEvent, env: AppEnvironment) {
        // Never a copy of the walk held across a record: it would copy the session's records.
        guard let run = state.walk?.commands.run(id), run.isRunning else { return }
        // A command the pane no longer shows (a background job): only its end matters.
        if state.walk?.run?.id != id {
            if case .finished(let result) = event {
                state.walk!.commands.finish(id, result)
                recordFact(&state, .commandFinished(step: run.step, result: result), env: env)
            }
            return
        }
        switch event {
        case .output(let chunk):
            state.walk!.output.append(chunk)
        case .finished(let result):
            state.walk!.output.flush()
            // Shown as finished only once the journal holds it.
            if recordFact(&state, .commandFinished(step: run.step, result: result), env: env) {
                state.walk!.commands.finish(id, result)
            }
        }
    }

    /// Journals the start, then asks the runtime to run exactly what was journaled.
    static func startCommand(
        _ state: inout AppState, plan: CommandPlan, interactive: Bool, env: AppEnvironment
    ) -> [Effect] {
        guard state.walk != nil else { return [] }
        let interactive = interactive || plan.interactive
        var request: CommandRequest
        do {
            request = try plan.request(env.config, shell: state.walk!.session.runbook?.shell)
        } catch {
            state.status = "The command is not run: \(error)"
            return []
        }
        guard
            let started = record(
                &state,
                .commandStarted(
                    step: plan.step, command: plan.command, suggested: plan.suggested,
                    host: plan.host), env: env)
        else { return [] }
        // The full output goes beside the journal (an interactive command's is recorded by script).
        if !interactive, let journal = state.walk!.journalPath {
            request.outputFile = CommandOutputFile.path(journal: journal, seq: started.seq, step: plan.step)
        }
        let id = state.nextRunID
        state.nextRunID += 1
        state.walk!.output = OutputWindow()
        state.walk!.scroll = 0
        state.walk!.hscroll = 0
        state.walk!.commands.start(
            CommandRun(
                id: id, step: plan.step, command: plan.command, started: state.now,
                background: plan.background))
        return [.start(CommandLaunch(id: id, request: request, interactive: interactive, replay: state.walk!.scenario))]
    }

    /// Asks first when the runbook or the command's words say so.
    static func requestRun(
        _ state: inout AppState, edited: String? = nil, interactive: Bool = false, env: AppEnvironment
    ) -> [Effect] {
        // No copy of the walk outlives this check: starting the command journals, which would copy it.
        guard var plan = state.walk?.session.commandPlan(edited: edited, config: env.config) else {
            if case .failure(let error) = state.walk?.session.renderedCommand {
                state.status = "The command is not run: \(error)"
            } else {
                state.status = "This step has no command."
            }
            return []
        }
        if state.walk?.isRunning == true {
            state.status = "A command is running: wait for it, or cancel it with x."
            return []
        }
        if state.walk?.session.missingVariables.isEmpty == false {
            openVariablePrompt(&state, env: env)
            return []
        }
        if interactive { plan.interactive = true }
        if plan.confirmation != nil {
            state.overlay = .confirm(plan)
            return []
        }
        return startCommand(&state, plan: plan, interactive: interactive, env: env)
    }
}
