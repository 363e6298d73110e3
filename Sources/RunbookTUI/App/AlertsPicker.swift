import Foundation
import RunbookGraph

/// What the Alerts view lists and what its keys do.
enum AlertsPicker {
    /// The alerts of the last read, narrowed by the picker's filter.
    static func entries(_ state: AppState) -> [AlertInbox.Entry] {
        let all = state.inbox.list?.entries ?? []
        let filter = state.picker.filter.lowercased()
        guard !filter.isEmpty else { return all }
        return all.filter {
            "\($0.alert.alertname) \($0.identity) \($0.best?.runbook.id ?? "")".lowercased().contains(filter)
        }
    }

    /// Enter on an alert: as if it had been pasted, with where it came from.
    static func walkSelected(_ state: inout AppState, env: AppEnvironment) -> [Effect] {
        let list = entries(state)
        guard state.picker.selected < list.count else {
            state.status = "No alert to open."
            return []
        }
        let entry = list[state.picker.selected]
        state.picker.showsAlerts = false
        state.picker.alert = entry.walkAlert
        state.picker.filter = ""
        state.picker.selected = 0
        switch entry.matches.count {
        case 0: state.status = "No runbook matches this alert. Esc shows them all."
        case 1: Picker.openRunbook(&state, id: entry.matches[0].runbook.id, env: env)
        default: state.status = "\(entry.matches.count) runbooks match the alert: pick one."
        }
        return []
    }

    /// The line under the header: how fresh the list is, or why it is not.
    static func status(_ state: AppState, env: AppEnvironment) -> (text: String, ok: Bool) {
        let address = env.alertmanager ?? ""
        if let problem = state.inbox.problem {
            let wait = max(0, Int(state.inbox.nextFetch.timeIntervalSince(state.now).rounded(.up)))
            let retry = state.inbox.fetching ? "retrying now" : "retrying in \(wait) s"
            return ("\(problem); \(retry)", false)
        }
        guard let list = state.inbox.list, let at = state.inbox.updatedAt else {
            return ("Reading the alerts in \(address)…", true)
        }
        let n = list.entries.count
        let unhandled = list.unhandled.count
        let age = Int(state.now.timeIntervalSince(at))
        let read = age < 2 ? "just now" : age < 120 ? "\(age) s ago" : "\(age / 60) min ago"
        var text = "\(n) alert\(n == 1 ? "" : "s") in \(address), read \(read)"
        if unhandled > 0 { text += "; \(unhandled) firing without a runbook" }
        return (text, true)
    }

    static func clock(_ date: Date) -> String {
        date.formatted(Date.FormatStyle().hour(.twoDigits(amPM: .omitted)).minute().second())
    }
}
