import Foundation
import RunbookGraph

/// The app's one state transition: `update(state, action) -> effects`.
/// It does no I/O of its own: events reach the journal through the
/// environment's recorder before the state that shows them exists (the
/// journal is always ahead of the screen), and everything else is an effect.
enum App {
    static func update(_ state: inout AppState, _ action: Action, env: AppEnvironment) -> [Effect] {
        var effects = reduce(&state, action, env: env)
        if let suggest = refreshSuggestion(&state) { effects.append(suggest) }
        offerExpiryAtEnd(&state, env: env)
        // Background commands (a port-forward) belong to the walk: they stop when it ends.
        if let walk = state.walk, walk.session.isEnded, !walk.jobs.isEmpty, !walk.stoppingJobs {
            state.walk?.stoppingJobs = true
            effects += walk.jobs.map { .cancel(id: $0.id) }
        }
        return effects
    }

    /// What the loop does before the first key: the suggestion of a walk opened
    /// already (a resume), the first read of Alertmanager's alerts.
    static func begin(_ state: inout AppState, env: AppEnvironment) -> [Effect] {
        if env.alertmanager != nil, state.screen == .picker, state.picker.alert == nil {
            state.picker.showsAlerts = true  // at 3 a.m. the page is what the operator came for
        }
        offerExpiryAtEnd(&state, env: env)
        let history: [Effect] =
            env.historyFolders.isEmpty
            ? [] : [.readHistory(folders: env.historyFolders, catalog: env.catalog, index: env.historyIndex)]
        return (refreshSuggestion(&state).map { [$0] } ?? []) + refreshInbox(&state, env: env) + history
    }

    /// Asks for the suggestion again when what it depends on changed.
    static func refreshSuggestion(_ state: inout AppState) -> Effect? {
        guard let walk = state.walk else { return nil }
        let key = walk.session.suggestionKey
        guard walk.suggestion.key != key else { return nil }
        state.walk?.suggestion = SuggestionState(key: key, pending: !key.isEmpty)
        return key.isEmpty ? nil : .suggest(key: key, session: walk.session)
    }

    static func reduce(_ state: inout AppState, _ action: Action, env: AppEnvironment) -> [Effect] {
        switch action {
        case .key(let key):
            return keyPressed(&state, key, env: env)
        case .resize(let w, let h):
            state.width = w
            state.height = h
        case .tick:
            state.now = env.now()
            state.spinner += 1
            noticeTimebox(&state, env: env)
            return refreshInbox(&state, env: env)
        case .command(let id, let event):
            commandEvent(&state, id: id, event, env: env)
        case .suggested(let key, let reading):
            guard state.walk?.suggestion.key == key else { return [] }
            state.walk?.suggestion = SuggestionState(key: key, value: reading?.suggestion, tooSlow: reading == nil)
            keepCaptures(&state, reading, env: env)
        case .commandSpawned(let id, let group):
            // So that a walk resumed after a crash can find the command and stop it.
            guard let step = state.walk?.commands.run(id)?.step else { return [] }
            record(&state, .commandProcess(step: step, group: group), env: env)
        case .interactiveFinished(let id, let result):
            // What it printed (when it could be recorded) shows in the output pane afterwards.
            if !result.output.isEmpty, state.walk?.run?.id == id {
                commandEvent(
                    &state, id: id, .output(OutputChunk(stream: .stdout, bytes: Array(result.output.utf8), atMs: 0)),
                    env: env)
            }
            commandEvent(&state, id: id, .finished(result), env: env)
        case .commandFailed(let id, let message):
            state.walk?.commands.forget(id)
            state.status = "Could not run the command: \(message)"
        case .exported(let path):
            state.walk?.exportedPath = path
            state.status = "Transcript written to \(path)"
        case .exportFailed(let message):
            state.status = "Export failed: \(message)"
        case .said(let text):
            state.status = text
        case .alertsRead(let list):
            alertsRead(&state, list, env: env)
        case .alertsFailed(let problem):
            alertsFailed(&state, problem, env: env)
        case .silenceCreated(let request, let address, let id):
            silenceCreated(&state, request, address: address, id: id, env: env)
        case .silenceExpired(let id):
            silenceExpired(&state, id: id, env: env)
        case .silenceFailed(let problem):
            state.status = problem
        case .historyRead(let memory):
            state.memory = memory
        }
        return []
    }

    /// A key goes to the command its mode's map binds it to, else to the mode's text field.
    static func keyPressed(_ state: inout AppState, _ key: Key, env: AppEnvironment) -> [Effect] {
        state.status = nil
        if state.isTooSmall, key != .char("q"), key != .ctrl("c") { return [] }
        let mode = state.inputMode
        guard let command = KeyMap.command(for: key, in: mode, hasText: state.hasText) else {
            return unboundKey(&state, key, mode: mode)
        }
        if command == .help {
            state.overlay = .help(mode)
            return []
        }
        if command == .suspend { return [.suspend] }
        switch mode {
        case .picker: return Picker.command(&state, command, env: env)
        case .walk: return walkCommand(&state, command, env: env)
        case .link: return linkCommand(&state, command, env: env)
        case .ended: return endedCommand(&state, command, env: env)
        case .unrecorded: return unrecordedCommand(&state, command, env: env)
        case .help: scrollHelp(&state, command)
        case .notice: scrollNotice(&state, command, key: key)
        case .confirm, .graph, .jobs, .prompt, .choice:
            guard let overlay = state.overlay else { return [] }
            return overlayCommand(&state, overlay, command, key: key, env: env)
        }
        return []
    }

    static func scrollHelp(_ state: inout AppState, _ command: KeyCommand) {
        guard case .help(let of, let top)? = state.overlay else { return }
        switch command {
        case .down: state.overlay = .help(of, top: min(top + 1, max(0, KeyMap.bindings(of).count - 1)))
        case .up: state.overlay = .help(of, top: max(0, top - 1))
        default: state.overlay = nil
        }
    }

    static func scrollNotice(_ state: inout AppState, _ command: KeyCommand, key: Key) {
        guard case .notice(let title, let text, let top)? = state.overlay else { return }
        let page = key == .pageDown || key == .pageUp || key == .char(" ") ? max(1, state.height - 8) : 1
        switch command {
        case .down:
            let last = NoticeLayout.lastTop(text, width: state.width, height: state.height)
            state.overlay = .notice(title: title, text: text, top: min(top + page, last))
        case .up: state.overlay = .notice(title: title, text: text, top: max(0, top - page))
        default: state.overlay = nil
        }
    }

    /// A key the mode's map does not bind: typed into its text field, else a hint at most.
    static func unboundKey(_ state: inout AppState, _ key: Key, mode: InputMode) -> [Effect] {
        switch mode {
        case .picker:
            if case .char(let c) = key {
                state.picker.filter.append(c)
                state.picker.selected = 0
            }
        case .prompt:
            guard case .prompt(var prompt)? = state.overlay else { return [] }
            switch key {
            case .char(let c): prompt.edit { $0.insert(String(c)) }
            case .tab: prompt.edit { $0.insert(" ") }
            default: return []
            }
            state.overlay = .prompt(prompt)
        case .unrecorded:
            // Nothing more may happen until the journal holds what already did.
            state.status = "The journal cannot be written: free space or fix it, then press r to record what happened."
        case .link:
            state.status = "Follow the link, then press Enter to confirm (b: go back)."
        default:
            break
        }
        return []
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        state.quitting = true
        return [.quit]
    }
}
