import Foundation
import RunbookGraph

/// The Alerts view: Alertmanager's alerts are read off the UI thread while the
/// picker shows, every `alertRefresh` seconds; a failed read is said on the
/// view's status line and tried again sooner, backing off 2, 4, 8… seconds.
/// Nothing waits on the network: keys work the whole time.
extension App {
    /// Reads the alerts when they are due (the loop asks on every tick).
    static func refreshInbox(_ state: inout AppState, env: AppEnvironment) -> [Effect] {
        guard env.alertmanager != nil, state.screen == .picker, !state.inbox.fetching,
            state.now >= state.inbox.nextFetch
        else { return [] }
        state.inbox.fetching = true
        return [.fetchAlerts(catalog: env.catalog)]
    }

    static func alertsRead(_ state: inout AppState, _ list: AlertInbox, env: AppEnvironment) {
        state.inbox.fetching = false
        state.inbox.list = list
        state.inbox.updatedAt = state.now
        state.inbox.problem = nil
        state.inbox.failures = 0
        state.inbox.nextFetch = state.now.addingTimeInterval(env.alertRefresh)
        if state.picker.showsAlerts {
            state.picker.selected = min(state.picker.selected, max(0, AlertsPicker.entries(state).count - 1))
        }
    }

    static func alertsFailed(_ state: inout AppState, _ problem: String, env: AppEnvironment) {
        state.inbox.fetching = false
        state.inbox.problem = problem
        state.inbox.failures += 1
        let wait = min(env.alertRefresh, pow(2, Double(min(state.inbox.failures, 10))))
        state.inbox.nextFetch = state.now.addingTimeInterval(wait)
    }
}
