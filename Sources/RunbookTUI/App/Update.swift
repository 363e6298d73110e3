import Foundation
import RunbookGraph

/// The app's one state transition: `update(state, action) -> effects`.
/// Events are journaled through the recorder inside it, before the state
/// that shows them exists: the journal is always ahead of the screen.
enum App {
    static func update(_ state: inout AppState, _ action: Action, env: AppEnvironment) -> [Effect] {
        var effects = reduce(&state, action, env: env)
        if let suggest = refreshSuggestion(&state) { effects.append(suggest) }
        // Background commands (a port-forward) belong to the walk: they stop when it ends.
        if let walk = state.walk, walk.session.isEnded, !walk.jobs.isEmpty, !walk.stoppingJobs {
            state.walk?.stoppingJobs = true
            effects += walk.jobs.map { .stopJob(id: $0.id) }
        }
        return effects
    }

    /// Asks for the suggestion again when what it depends on changed.
    static func refreshSuggestion(_ state: inout AppState) -> Effect? {
        guard let walk = state.walk else { return nil }
        let key = walk.session.suggestionKey
        guard walk.suggestion.key != key else { return nil }
        state.walk?.suggestion = SuggestionState(key: key, pending: !key.isEmpty)
        return key.isEmpty ? nil : .suggest(key: key)
    }

    static func reduce(_ state: inout AppState, _ action: Action, env: AppEnvironment) -> [Effect] {
        switch action {
        case .resize(let w, let h):
            state.width = w
            state.height = h
            return []
        case .tick:
            state.now = env.now()
            state.spinner += 1
            return []
        case .command(let id, let event):
            return commandEvent(&state, id: id, event)
        case .suggested(let key, let suggestion, let tooSlow):
            guard state.walk?.suggestion.key == key else { return [] }
            state.walk?.suggestion = SuggestionState(key: key, value: suggestion, tooSlow: tooSlow)
            return []
        case .commandSpawned(let id, let group):
            // So that a walk resumed after a crash can find the command and stop it.
            guard var walk = state.walk,
                  let step = walk.run?.id == id ? walk.run?.step : walk.jobs.first(where: { $0.id == id })?.step else { return [] }
            record(&state, &walk, .commandProcess(step: step, group: group))
            state.walk = walk
            return []
        case .interactiveFinished(let id, let result):
            // What it printed (when it could be recorded) shows in the output pane afterwards.
            if !result.output.isEmpty, state.walk?.run?.id == id {
                _ = commandEvent(&state, id: id, .output(OutputChunk(stream: .stdout, bytes: Array(result.output.utf8), atMs: 0)))
            }
            return commandEvent(&state, id: id, .finished(result))
        case .commandFailed(let id, let message):
            if state.walk?.run?.id == id { state.walk?.run = nil }
            state.status = "Could not run the command: \(message)"
            return []
        case .exported(let path):
            state.walk?.exportedPath = path
            state.status = "Transcript written to \(path)"
            return []
        case .exportFailed(let message):
            state.status = "Export failed: \(message)"
            return []
        case .said(let text):
            state.status = text
            return []
        case .key(let key):
            state.status = nil
            if state.isTooSmall, key != .char("q"), key != .ctrl("c") { return [] }
            let mode = state.inputMode
            guard let command = KeyMap.command(for: key, in: mode, hasText: state.hasText) else {
                return unboundKey(&state, key, mode: mode, env: env)
            }
            if command == .help {
                state.overlay = .help(mode)
                return []
            }
            if command == .suspend { return [.suspend] }
            switch mode {
            case .picker: return Picker.command(&state, command, env: env)
            case .walk: return walkCommand(&state, command, env: env)
            case .link: return linkCommand(&state, command)
            case .ended: return endedCommand(&state, command)
            case .unrecorded: return unrecordedCommand(&state, command)
            case .help:
                guard case .help(let of, let top)? = state.overlay else { return [] }
                switch command {
                case .down: state.overlay = .help(of, top: min(top + 1, max(0, KeyMap.bindings(of).count - 1)))
                case .up: state.overlay = .help(of, top: max(0, top - 1))
                default: state.overlay = nil
                }
            case .notice:
                guard case .notice(let title, let text, let top)? = state.overlay else { return [] }
                let page = key == .pageDown || key == .pageUp || key == .char(" ") ? max(1, state.height - 8) : 1
                switch command {
                case .down:
                    let last = NoticeLayout.lastTop(text, width: state.width, height: state.height)
                    state.overlay = .notice(title: title, text: text, top: min(top + page, last))
                case .up: state.overlay = .notice(title: title, text: text, top: max(0, top - page))
                default: state.overlay = nil
                }
            case .confirm, .graph, .jobs, .prompt, .choice:
                guard let overlay = state.overlay else { return [] }
                return overlayCommand(&state, overlay, command, key: key, env: env)
            }
            return []
        }
    }

    // MARK: commands

    static func commandEvent(_ state: inout AppState, id: Int, _ event: ExecutionEvent) -> [Effect] {
        guard var walk = state.walk else { return [] }
        defer { state.walk = walk }
        if let job = walk.jobs.first(where: { $0.id == id }), walk.run?.id != id {
            if case .finished(let result) = event {
                walk.jobs.removeAll { $0.id == id }
                recordFact(&state, &walk, .commandFinished(step: job.step, result: result))
            }
            return []
        }
        guard walk.run?.id == id, walk.run?.finished == nil else { return [] }
        switch event {
        case .output(let chunk):
            walk.output.append(chunk)
        case .finished(let result):
            walk.output.flush()
            walk.jobs.removeAll { $0.id == id }
            // Shown as finished only once the journal holds it.
            if recordFact(&state, &walk, .commandFinished(step: walk.run!.step, result: result)) { walk.run?.finished = result }
        }
        return []
    }

    /// Journals something that happened whatever the journal says (a command
    /// ended). When it cannot be written it waits in `unrecorded`, and the walk
    /// stops until it is.
    @discardableResult
    static func recordFact(_ state: inout AppState, _ walk: inout WalkState, _ event: SessionEvent) -> Bool {
        if walk.unrecorded.isEmpty, record(&state, &walk, event) { return true }
        walk.unrecorded.append(event)
        if walk.journalProblem == nil { walk.journalProblem = state.status }
        state.status = nil  // the NOT RECORDED line says it, and stays
        return false
    }

    /// Tries again to journal what waits; true when nothing waits any more.
    static func flushUnrecorded(_ state: inout AppState, _ walk: inout WalkState) -> Bool {
        while let event = walk.unrecorded.first {
            do {
                try walk.recorder.record(event)
            } catch {
                walk.journalProblem = "\(error)"
                return false
            }
            walk.unrecorded.removeFirst()
            if case .commandFinished(let step, let result) = event, walk.run?.step == step, walk.run?.finished == nil {
                walk.run?.finished = result
            }
        }
        walk.journalProblem = nil
        return true
    }

    /// Journals an event; a failure shows as a status line and changes nothing.
    @discardableResult
    static func record(_ state: inout AppState, _ walk: inout WalkState, _ event: SessionEvent) -> Bool {
        do {
            try walk.recorder.record(event)
            return true
        } catch {
            state.status = "\(error)"
            return false
        }
    }

    /// Runs a recorder operation, showing what went wrong.
    static func perform(_ state: inout AppState, _ body: (inout Recorder) throws -> Void) {
        guard var walk = state.walk else { return }
        do {
            try body(&walk.recorder)
        } catch {
            state.status = "\(error)"
        }
        state.walk = walk
    }

    static func startCommand(_ state: inout AppState, plan: CommandPlan, interactive: Bool) -> [Effect] {
        guard var walk = state.walk else { return [] }
        let id = state.nextRunID
        state.nextRunID += 1
        guard record(&state, &walk, .commandStarted(step: plan.step, command: plan.command, suggested: plan.suggested,
                                                    host: plan.host)) else {
            state.walk = walk
            return []
        }
        walk.output = OutputWindow()
        walk.scroll = 0
        walk.hscroll = 0
        walk.run = CommandRun(id: id, step: plan.step, command: plan.command, started: state.now, background: plan.background)
        if plan.background { walk.jobs.append((id, plan.step, plan.command)) }
        state.walk = walk
        return [interactive || plan.interactive ? .startInteractive(id: id, plan: plan) : .start(id: id, plan: plan)]
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
            openVariablePrompt(&state)
            return []
        }
        if interactive { plan.interactive = true }
        if plan.confirmation != nil {
            state.overlay = .confirm(plan)
            return []
        }
        return startCommand(&state, plan: plan, interactive: interactive)
    }

    // MARK: walk keys

    /// A key the mode's map does not bind: typed into its text field, else a hint at most.
    static func unboundKey(_ state: inout AppState, _ key: Key, mode: InputMode, env: AppEnvironment) -> [Effect] {
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

    static func unrecordedCommand(_ state: inout AppState, _ command: KeyCommand) -> [Effect] {
        guard var walk = state.walk else { return [] }
        switch command {
        case .quit: return quit(&state)
        case .retryRecord:
            let flushed = flushUnrecorded(&state, &walk)
            state.walk = walk
            state.status = flushed ? "Recorded: the journal is writable again." : "Still not recorded: \(walk.journalProblem ?? "the journal cannot be written")"
        default: break
        }
        return []
    }

    static func linkCommand(_ state: inout AppState, _ command: KeyCommand) -> [Effect] {
        let url = state.walk?.session.pendingLink?.url.map { state.walk?.session.rendered($0) ?? $0 }
        switch command {
        case .openLink, .copy:
            guard let url else {
                state.status = "This link has no address: find the runbook in the library."
                return []
            }
            return command == .openLink ? [.open(url: url)] : [.copy(url, what: "the link")]
        case .followed:
            perform(&state) { try $0.confirmLinkFollowed(); try $0.resolveVariables() }
            arrived(&state)
        case .back: goBack(&state)
        case .quit: return quit(&state)
        case .note: openPrompt(&state, .note, title: "Note for the journal")
        default: break
        }
        return []
    }

    static func walkCommand(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) -> [Effect] {
        guard let walk = state.walk else { return [] }
        let session = walk.session
        switch command {
        case .run:
            if session.endAction != nil {
                perform(&state) { try $0.finishStep() }
                arrived(&state)
                return []
            }
            if walk.isRunning {
                state.status = "The command is still running: wait, or cancel it with x."
                return []
            }
            let alreadyRan = walk.run != nil && walk.run?.step == session.frame?.step
            if session.step?.run != nil, !alreadyRan { return requestRun(&state, env: env) }
            if walk.suggestion.pending || walk.suggestion.key != session.suggestionKey {
                state.status = "Still matching the output against the outcomes…"
                return []
            }
            if let suggestion = walk.shownSuggestion { return choose(&state, suggestion.outcome) }
            if let only = session.step?.outcomes, only.count == 1 { return choose(&state, only[0].id) }
            state.status = walk.hideSuggestions
                ? "Practice: choose an outcome with 1-\(session.step?.outcomes.count ?? 0); no suggestion is shown (H: a hint)."
                : "Choose an outcome with 1-\(session.step?.outcomes.count ?? 0)."
        case .rerun:
            return requestRun(&state, env: env)
        case .edit:
            guard let plan = session.commandPlan(config: env.config) else {
                state.status = "This step has no command."
                return []
            }
            openPrompt(&state, .editCommand, title: "Edit the command (Enter runs it)", text: session.editableCommand ?? plan.command)
        case .cancel:
            if let run = walk.run, run.finished == nil, !run.background { return [.cancel(id: run.id)] }
            state.status = "No command is running. Press q to quit (the walk can be resumed)."
        case .interactive:
            return requestRun(&state, interactive: true, env: env)
        case .choose(let n):
            guard let outcomes = session.step?.outcomes, n >= 1, n <= outcomes.count else {
                state.status = session.endAction != nil ? "This is the end of the runbook: press Enter." : "No outcome \(n)."
                return []
            }
            return choose(&state, outcomes[n - 1].id)
        case .back: goBack(&state)
        case .note: openPrompt(&state, .note, title: "Note for the journal")
        case .skip:
            guard let outcomes = session.step?.outcomes, !outcomes.isEmpty else {
                state.status = "An end step cannot be skipped."
                return []
            }
            if outcomes.count == 1 {
                openPrompt(&state, .skipReason(outcome: outcomes[0].id), title: "Why skip this step?")
            } else {
                var prompt = Prompt(purpose: .skipOutcome, title: "Skip: which way on?")
                prompt.choices = outcomes.map { ($0.label, $0.id) }
                state.overlay = .prompt(prompt)
            }
        case .variables:
            guard let runbook = session.runbook else { return [] }
            var prompt = Prompt(purpose: .pickVariable, title: "Variables (Enter to change)")
            let values = session.values(of: runbook.id)
            // Each value with where it came from: the alert, derived, asked, a default or --set.
            prompt.choices = runbook.variables.map { v in
                let source = values[v.name] == nil ? "not set yet" : session.valueSource(of: v.name)?.words ?? "set"
                return ("\(v.name) = \(values[v.name].map { v.secret ? SecretMask.bullets : $0 } ?? "—")  (\(source))", v.name)
            }
            state.overlay = .prompt(prompt)
        case .graph:
            let rows = session.runbook.map(GraphOutline.lines) ?? []
            state.overlay = .graph(selected: rows.firstIndex { $0.step == session.frame?.step && !$0.repeated } ?? 0)
        case .search:
            var prompt = Prompt(purpose: .search, title: "Search the output")
            if let last = walk.search { prompt.detail = "Enter on an empty search looks for \"\(last)\" again" }
            state.overlay = .prompt(prompt)
        case .searchNext: findMatch(&state, forward: true)
        case .searchPrevious: findMatch(&state, forward: false)
        case .copy:
            guard let command = session.editableCommand else {
                state.status = "This step has no command to copy."
                return []
            }
            return [.copy(command, what: "the command")]
        case .openLink:
            let links = session.step?.links ?? []
            guard !links.isEmpty else {
                state.status = "This step has no links."
                return []
            }
            if links.count == 1 { return [.open(url: session.rendered(links[0].url))] }
            var prompt = Prompt(purpose: .openLink, title: "Open which link?")
            prompt.choices = links.map { ($0.title, session.rendered($0.url)) }
            state.overlay = .prompt(prompt)
        case .jobs:
            state.overlay = .jobs(selected: 0)
        case .alert:
            state.overlay = .notice(title: "The alert", text: alertText(session.start?.alert))
        case .readText:
            guard let step = session.step else { return [] }
            let links = step.links.map { "• \($0.title) <\(session.rendered($0.url))>" }
            let text = ([session.rendered(step.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)] + links + (step.review.map { ["Review: \($0)"] } ?? []))
                .filter { !$0.isEmpty }.joined(separator: "\n")
            state.overlay = .notice(title: step.title, text: text.isEmpty ? "This step has no text." : text)
        case .hint:
            guard let scenario = walk.scenario, let step = session.frame?.step else {
                state.status = "Hints are for practice walks (runbook practice)."
                return []
            }
            guard let hint = scenario.hints[step] else {
                state.status = "No hint for this step: what does the text ask you to check?"
                return []
            }
            if !session.hintsShown.contains(step) {
                guard var walk = state.walk, record(&state, &walk, .hintShown(step: step)) else { return [] }
                state.walk = walk
            }
            state.overlay = .notice(title: "Hint (counted in the debrief)", text: hint)
        case .quit:
            if let run = walk.run, walk.isRunning {
                // Quitting would stop it: ask first.
                var prompt = Prompt(purpose: .quitWhileRunning(run: run.id), title: "A command is still running")
                prompt.detail = "$ \(SecretMask.mask(run.command, session.secretValues))"
                prompt.choices = [("Stop the command and quit", "stop"),
                                  ("Keep it running as a background job (the walk goes on)", "background"),
                                  ("Cancel: back to the walk", "cancel")]
                prompt.selected = 2
                state.overlay = .prompt(prompt)
                return []
            }
            return quit(&state)
        case .scrollUp: scroll(&state, by: 1)
        case .scrollDown: scroll(&state, by: -1)
        case .pageUp: scroll(&state, by: max(1, state.height / 2))
        case .pageDown: scroll(&state, by: -max(1, state.height / 2))
        case .top: scroll(&state, by: Int.max / 2)
        case .bottom:
            state.walk?.scroll = 0
            state.walk?.hscroll = 0
        case .scrollLeft:
            let shift = state.walk?.hscroll ?? 0
            state.walk?.hscroll = max(0, shift - Self.hscrollStep)
        case .scrollRight: scrollRight(&state)
        default: break
        }
        return []
    }

    /// The alert as the walk got it: its title, labels, annotations, and the text pasted.
    static func alertText(_ alert: Alert?) -> String {
        guard let alert, !(alert.labels.isEmpty && alert.annotations.isEmpty && (alert.title ?? "").isEmpty && alert.text.isEmpty) else {
            return "This walk started without an alert (Tab in the picker pastes one; --alert FILE reads one)."
        }
        var lines: [String] = []
        if let title = alert.title, !title.isEmpty { lines += ["Title: \(title)", ""] }
        if !alert.labels.isEmpty { lines += ["Labels:"] + alert.labels.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" } + [""] }
        if !alert.annotations.isEmpty { lines += ["Annotations:"] + alert.annotations.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" } + [""] }
        if !alert.text.isEmpty { lines += ["As pasted:"] + alert.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 } }
        return lines.joined(separator: "\n")
    }

    /// Columns ← and → move the output by.
    static let hscrollStep = 20

    /// Right as far as the longest kept line needs, no further.
    static func scrollRight(_ state: inout AppState) {
        guard let walk = state.walk else { return }
        let columns = walk.hscroll + Self.hscrollStep + state.width
        let longest = walk.output.visible.reduce(0) { max($0, $1.text(columns: columns).displayWidth) }
        let limit = max(0, longest - (state.width - 2))
        state.walk?.hscroll = min(limit, walk.hscroll + Self.hscrollStep)
    }

    static func scroll(_ state: inout AppState, by lines: Int) {
        guard let walk = state.walk else { return }
        let limit = max(0, walk.output.count - 1)
        state.walk?.scroll = min(limit, max(0, walk.scroll + lines))
    }

    static func choose(_ state: inout AppState, _ outcome: String) -> [Effect] {
        if state.walk?.isRunning == true {
            state.status = "A command is running: wait for it, or cancel it with x."
            return []
        }
        // The journal records the suggestion the operator was shown: none when practice hides it.
        let suggestion = state.walk?.suggestion
        let shown = state.walk?.shownSuggestion
        perform(&state) {
            try $0.choose(outcome, suggestion: shown, note: shown == nil && suggestion?.tooSlow == true ? SuggestionState.tooSlowNote : nil)
        }
        arrived(&state)
        return []
    }

    static func goBack(_ state: inout AppState) {
        if state.walk?.isRunning == true {
            state.status = "A command is running: cancel it with x before going back."
            return
        }
        guard state.walk?.session.backTarget != nil else {
            state.status = "This is the first step: there is nowhere to go back to."
            return
        }
        perform(&state) { try $0.goBack() }
        arrived(&state)
    }

    /// At a new step: fresh output, and ask for the values it needs.
    static func arrived(_ state: inout AppState) {
        guard var walk = state.walk else { return }
        if walk.run?.step != walk.session.frame?.step || walk.run?.background == true {
            walk.run = nil
            walk.output = OutputWindow()
            walk.scroll = 0
            walk.hscroll = 0
            walk.search = nil
            // Back at a step whose command ran before: its result and output are still there to read.
            if let result = walk.session.currentResult, let step = walk.session.frame?.step,
               let started = walk.session.records.last(where: {
                   if case .commandStarted(let s, _, _, _) = $0.event { s == step } else { false }
               }), case .commandStarted(_, let command, _, _) = started.event {
                walk.output.append(OutputChunk(stream: .stdout, bytes: Array(result.output.utf8), atMs: 0))
                walk.output.flush()
                walk.run = CommandRun(id: -1, step: step, command: command, started: started.at, finished: result, background: false)
            }
        }
        state.walk = walk
        if !walk.session.isEnded, walk.session.phase == .active { openVariablePrompt(&state) }
    }

    static func openVariablePrompt(_ state: inout AppState) {
        guard let walk = state.walk, let v = walk.session.missingVariables.first else { return }
        state.overlay = .prompt(variablePrompt(v, walk: walk, current: nil))
    }

    /// The question for a variable, pre-filled with the current value, else
    /// the value typed last time for this runbook, else the default.
    static func variablePrompt(_ v: Variable, walk: WalkState, current: String?) -> Prompt {
        var prompt = Prompt(purpose: .variable(v.name), title: v.ask ?? "Value of \(v.name)?")
        prompt.secret = v.secret
        let runbook = walk.session.runbook?.id ?? ""
        let remembered = walk.memory?.values(for: runbook)[v.name]
        var detail = [v.description, v.pattern.map { "form: /\($0.source)/" }].compactMap { $0 }
        if current == nil, let remembered { detail.append("last time: \(remembered) (Enter keeps it)") }
        if current == nil, let refused = walk.session.alertValueProblem(v.name) { detail.insert("not taken from the alert: \(refused)", at: 0) }
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

    static func endedCommand(_ state: inout AppState, _ command: KeyCommand) -> [Effect] {
        switch command {
        case .export:
            guard let walk = state.walk else { return [] }
            let base = walk.journalPath.map { ($0 as NSString).deletingPathExtension } ?? "transcript"
            return [.export(path: base + ".md")]
        case .quit: return quit(&state)
        case .note: openPrompt(&state, .note, title: "Note for the journal")
        default: break
        }
        return []
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        state.quitting = true
        return [.quit]
    }
}
