import Foundation
import RunbookGraph

/// The library picker: type to filter, Enter to open, Tab to paste an alert.
enum Picker {
    enum Entry {
        case runbook(RunbookCard)
        case practice(RunbookCard)

        var title: String {
            switch self {
            case .runbook(let r): r.title
            case .practice(let s): "Practice: " + s.title
            }
        }

        var detail: String {
            switch self {
            case .runbook(let r): "\(r.id) · \(r.stepCount) steps"
            case .practice(let s): "\(s.id) · recorded incident of \(s.practises ?? "?")"
            }
        }

        /// Found by the filter but not shown: the runbook's service and tags.
        var keywords: String {
            switch self {
            case .runbook(let r): ([r.service ?? ""] + r.tags).joined(separator: " ")
            case .practice: ""
            }
        }
    }

    /// What the picker lists: the runbooks matching the pasted alert (best
    /// first), else all runbooks then the practice scenarios; narrowed by the filter.
    static func entries(_ state: AppState, env: AppEnvironment) -> [Entry] {
        var list: [Entry]
        if let alert = state.picker.alert {
            list = env.catalog.triage(alert, overrides: state.picker.overrides)
                .compactMap { env.catalog.card(id: $0.runbook.id).map(Entry.runbook) }
        } else {
            list =
                env.catalog.cards.map { .runbook($0) }
                + (env.startPractice == nil ? [] : env.catalog.scenarioCards.map { .practice($0) })
        }
        let filter = state.picker.filter.lowercased()
        guard !filter.isEmpty else { return list }
        return list.filter { "\($0.title) \($0.detail) \($0.keywords)".lowercased().contains(filter) }
    }

    static func command(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) -> [Effect] {
        let list = entries(state, env: env)
        let count = state.picker.showsAlerts ? AlertsPicker.entries(state).count : list.count
        switch command {
        case .switchView:
            guard env.alertmanager != nil else {
                state.status = "No Alertmanager is configured: give --alertmanager URL or set RUNBOOK_ALERTMANAGER."
                return []
            }
            state.picker.showsAlerts.toggle()
            state.picker.selected = 0
        case .select where state.picker.showsAlerts:
            return AlertsPicker.walkSelected(&state, env: env)
        case .clearFilter:
            if !state.picker.filter.isEmpty || state.picker.alert != nil {
                state.picker = PickerState(showsAlerts: state.picker.showsAlerts)
                return []
            }
            return App.quit(&state)
        case .quit:
            return App.quit(&state)
        case .problems:
            guard !env.libraryProblems.isEmpty else {
                state.status = "Every file of the library loaded."
                return []
            }
            state.overlay = .notice(
                title: "Left out of the library",
                text: env.libraryProblems.joined(separator: "\n")
                    + "\n\nrunbook validate shows every problem with its line and column.")
        case .up: state.picker.selected = max(0, state.picker.selected - 1)
        case .down: state.picker.selected = min(max(0, count - 1), state.picker.selected + 1)
        case .pasteAlert:
            var prompt = Prompt(purpose: .pasteAlert, title: "Paste the alert, then Ctrl-D")
            prompt.detail = "A PagerDuty title, a Labels:/Annotations: body or Alertmanager JSON"
            prompt.multiline = true
            state.overlay = .prompt(prompt)
        case .deleteBack:
            if !state.picker.filter.isEmpty { state.picker.filter.removeLast() }
            state.picker.selected = 0
        case .select:
            guard state.picker.selected < list.count else {
                state.status = "No runbook to open."
                return []
            }
            switch list[state.picker.selected] {
            case .runbook(let runbook): openRunbook(&state, runbook, env: env)
            case .practice(let scenario): practise(&state, scenario, env: env)
            }
        default: break
        }
        return []
    }

    /// Reads the card's runbook in full and walks it.
    static func openRunbook(_ state: inout AppState, _ card: RunbookCard, env: AppEnvironment) {
        do {
            let runbook = try env.open(card)
            App.enter(
                &state, try env.startWalk(runbook, state.picker.alert ?? Alert(), state.picker.overrides), env: env)
        } catch {
            state.status = "Cannot start \(card.id): \(error)"
        }
    }

    /// Walks the runbook a triage match names.
    static func openRunbook(_ state: inout AppState, id: String, env: AppEnvironment) {
        guard let card = env.catalog.card(id: id) else {
            state.status = "Runbook \(id) is no longer in the library."
            return
        }
        openRunbook(&state, card, env: env)
    }

    static func practise(_ state: inout AppState, _ scenario: RunbookCard, env: AppEnvironment) {
        do {
            guard let start = env.startPractice else { return }
            App.enter(&state, try start(scenario), env: env)
        } catch {
            state.status = "Cannot start the scenario \(scenario.id): \(error)"
        }
    }

    static func pasted(_ state: inout AppState, _ text: String, env: AppEnvironment) -> [Effect] {
        let alert = AlertParser.parse(text)
        state.picker.alert = alert
        state.picker.filter = ""
        state.picker.selected = 0
        let matches = entries(state, env: env)
        if let problem = alert.problem {
            state.status = "Note: \(problem)."
        } else if matches.count == 1, case .runbook(let runbook) = matches[0] {
            openRunbook(&state, runbook, env: env)
        } else if matches.isEmpty {
            state.status = "No runbook matches that alert. Esc shows them all."
        } else {
            state.status = "\(matches.count) runbooks match the alert: pick one."
        }
        return []
    }
}
