import Foundation
import RunbookGraph

/// Keys that open something to read over the walk, and that move the output pane.
extension App {
    static func openReading(_ state: inout AppState, _ command: KeyCommand, env: AppEnvironment) {
        guard let walk = state.walk else { return }
        let session = walk.session
        switch command {
        case .variables:
            guard let runbook = session.runbook else { return }
            var prompt = Prompt(purpose: .pickVariable, title: "Variables (Enter to change)")
            let values = session.values(of: runbook.id)
            // Each value with where it came from: the alert, derived, asked, a default or --set.
            prompt.choices = runbook.variables.map { v in
                let source = values[v.name] == nil ? "not set yet" : session.valueSourceWords(of: v.name) ?? "set"
                return (
                    "\(v.name) = \(values[v.name].map { v.secret ? SecretMask.bullets : $0 } ?? "—")  (\(source))",
                    v.name
                )
            }
            state.overlay = .prompt(prompt)
        case .graph:
            let rows = session.runbook.map(GraphOutline.lines) ?? []
            state.overlay = .graph(selected: rows.firstIndex { $0.step == session.frame?.step && !$0.repeated } ?? 0)
        case .search:
            var prompt = Prompt(purpose: .search, title: "Search the output")
            if let last = walk.search { prompt.detail = "Enter on an empty search looks for \"\(last)\" again" }
            state.overlay = .prompt(prompt)
        case .jobs:
            state.overlay = .jobs(selected: 0)
        case .alert:
            state.overlay = .notice(title: "The alert", text: alertText(session.start?.alert))
        case .readText:
            guard let step = session.step else { return }
            let links = step.links.map { "• \($0.title) <\(session.rendered($0.url))>" }
            let text =
                ([session.rendered(step.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)] + links
                + (step.review.map { ["Review: \($0)"] } ?? []))
                .filter { !$0.isEmpty }.joined(separator: "\n")
            state.overlay = .notice(title: step.title, text: text.isEmpty ? "This step has no text." : text)
        case .hint:
            showHint(&state, env: env)
        default:
            break
        }
    }

    /// Practice: the scenario's hint for this step, counted in the debrief (journaled the first time).
    static func showHint(_ state: inout AppState, env: AppEnvironment) {
        guard let scenario = state.walk?.scenario, let step = state.walk?.session.frame?.step else {
            state.status = "Hints are for practice walks (runbook practice)."
            return
        }
        guard let hint = scenario.hints[step] else {
            state.status = "No hint for this step: what does the text ask you to check?"
            return
        }
        if state.walk?.session.hintsShown.contains(step) == false {
            guard record(&state, .hintShown(step: step), env: env) != nil else { return }
        }
        state.overlay = .notice(title: "Hint (counted in the debrief)", text: hint)
    }

    /// The alert as the walk got it: its title, labels, annotations, and the text pasted.
    static func alertText(_ alert: Alert?) -> String {
        guard let alert,
            !(alert.labels.isEmpty && alert.annotations.isEmpty && (alert.title ?? "").isEmpty && alert.text.isEmpty)
        else {
            return "This walk started without an alert (Tab in the picker pastes one; --alert FILE reads one)."
        }
        var lines: [String] = []
        if let title = alert.title, !title.isEmpty { lines += ["Title: \(title)", ""] }
        if !alert.labels.isEmpty {
            lines += ["Labels:"] + alert.labels.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" } + [""]
        }
        if !alert.annotations.isEmpty {
            lines +=
                ["Annotations:"] + alert.annotations.sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" } + [
                    ""
                ]
        }
        if !alert.text.isEmpty {
            lines +=
                ["As pasted:"] + alert.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// Columns ← and → move the output by.
    static let hscrollStep = 20

    static func scrollOutput(_ state: inout AppState, _ command: KeyCommand) {
        switch command {
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
    }

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
}
