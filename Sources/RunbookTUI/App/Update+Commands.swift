import Foundation
import RunbookGraph

/// Commands of the walk: asked for, started (journaled first), streamed, finished.
extension App {
    static func commandEvent(_ state: inout AppState, id: Int, _ event: ExecutionEvent, env: AppEnvironment) {
        guard let walk = state.walk, let run = walk.commands.run(id), run.isRunning else { return }
        // A command the pane no longer shows (a background job): only its end matters.
        if walk.run?.id != id {
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
    static func startCommand(_ state: inout AppState, plan: CommandPlan, interactive: Bool, env: AppEnvironment) -> [Effect] {
        guard let walk = state.walk else { return [] }
        let interactive = interactive || plan.interactive
        var request: CommandRequest
        do {
            request = try plan.request(env.config, shell: walk.session.runbook?.shell)
        } catch {
            state.status = "The command is not run: \(error)"
            return []
        }
        guard let started = record(&state, .commandStarted(step: plan.step, command: plan.command, suggested: plan.suggested,
                                                           host: plan.host), env: env) else { return [] }
        // The full output goes beside the journal (an interactive command's is recorded by script).
        if !interactive, let journal = walk.journalPath {
            request.outputFile = CommandOutputFile.path(journal: journal, seq: started.seq, step: plan.step)
        }
        let id = state.nextRunID
        state.nextRunID += 1
        state.walk!.output = OutputWindow()
        state.walk!.scroll = 0
        state.walk!.hscroll = 0
        state.walk!.commands.start(CommandRun(id: id, step: plan.step, command: plan.command, started: state.now,
                                              background: plan.background))
        return [.start(CommandLaunch(id: id, request: request, interactive: interactive, replay: walk.scenario))]
    }

    /// Asks first when the runbook or the command's words say so.
    static func requestRun(_ state: inout AppState, edited: String? = nil, interactive: Bool = false, env: AppEnvironment) -> [Effect] {
        guard let walk = state.walk, var plan = walk.session.commandPlan(edited: edited, config: env.config) else {
            if case .failure(let error) = state.walk?.session.renderedCommand {
                state.status = "The command is not run: \(error)"
            } else {
                state.status = "This step has no command."
            }
            return []
        }
        if walk.isRunning {
            state.status = "A command is running: wait for it, or cancel it with x."
            return []
        }
        if !walk.session.missingVariables.isEmpty {
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
