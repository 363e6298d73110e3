import Foundation
import RunbookGraph

/// Time-boxes: when a step or the walk runs over, the prompt is journaled and
/// shown as a banner that blocks no key; E escalates (journaled, then whom to
/// and where), z snoozes it.
extension App {
    /// On each tick: a time-box that has just run out is journaled before the banner shows it.
    static func noticeTimebox(_ state: inout AppState, env: AppEnvironment) {
        guard let walk = state.walk, !walk.isUnrecorded, let prompt = walk.session.timeboxPrompt(now: state.now),
            !walk.session.timeboxPromptRecorded(prompt, now: state.now)
        else { return }
        record(&state, .timeboxPassed(scope: prompt.scope, limit: prompt.limit), env: env)
    }

    /// The time-box whose prompt shows now, and what it says.
    static func promptedTimebox(_ state: AppState) -> (prompt: TimeboxOverrun, timebox: Timebox)? {
        guard let session = state.walk?.session, let prompt = session.timeboxPrompt(now: state.now),
            let timebox = session.timebox(of: prompt.scope)
        else { return nil }
        return (prompt, timebox)
    }

    static func escalate(_ state: inout AppState, env: AppEnvironment) {
        guard let (prompt, timebox) = promptedTimebox(state) else {
            state.status = "No time-box has run out: E escalates once one has (the runbook's end steps say whom to)."
            return
        }
        guard record(&state, .timeboxEscalated(scope: prompt.scope, to: timebox.to), env: env) != nil else { return }
        var lines = [
            "Recorded in the journal: escalated after \(prompt.elapsed.humanized) on \(prompt.scope.words) (time-box \(prompt.limit))."
        ]
        lines.append("")
        lines.append("Escalate to: \(timebox.to ?? "the team that owns the service (the runbook names no one)")")
        if let url = timebox.url { lines.append("Where: \(url)") }
        if let runbook = timebox.runbook { lines.append("Runbook: \(runbook) (runbook \(runbook) walks it)") }
        lines.append("")
        lines.append("The walk goes on: record what the next team says with c.")
        state.overlay = .notice(title: "Escalate", text: lines.joined(separator: "\n"))
    }

    static func snooze(_ state: inout AppState, env: AppEnvironment) {
        guard let (prompt, timebox) = promptedTimebox(state) else {
            state.status = "No time-box prompt to snooze."
            return
        }
        guard record(&state, .timeboxSnoozed(scope: prompt.scope, duration: timebox.snooze), env: env) != nil else {
            return
        }
        state.status = "Time-box prompt snoozed for \(timebox.snooze) (recorded)."
    }
}
