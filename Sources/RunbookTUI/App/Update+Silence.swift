import Foundation
import RunbookGraph

/// Silences from the walk: `S` silences the alert being walked (only it: the
/// matchers are its labels as Alertmanager holds them, shown before anything
/// is made), for a duration the operator picks; the silence is journaled once
/// Alertmanager has made it, and the end of the walk offers to expire it.
extension App {
    static let silenceDurations: [(label: String, value: String)] = [
        ("30 minutes", "30m"), ("1 hour", "1h"), ("4 hours", "4h"), ("Another duration…", "typed")
    ]

    /// `S`: expire the walk's active silence, else make one.
    static func silenceKey(_ state: inout AppState, env: AppEnvironment) {
        guard let walk = state.walk else { return }
        if let active = walk.session.activeSilences(now: state.now).last {
            offerExpiry(&state, active, title: "The alert is silenced until \(AlertsPicker.clock(active.endsAt))")
            return
        }
        guard !walk.session.isEnded else {
            state.status = "The walk has ended: there is nothing to silence for."
            return
        }
        guard env.alertmanager != nil else {
            state.status = "No Alertmanager is configured: start runbook with --alertmanager URL to silence alerts."
            return
        }
        guard let request = silenceRequest(state, lasting: .seconds(1800), env: env) else {
            state.status =
                "This alert was not read from Alertmanager, so its labels there are unknown: open it from the picker's Alerts view (→) to silence it."
            return
        }
        var prompt = Prompt(purpose: .silenceFor, title: "Silence this alert in Alertmanager for")
        prompt.detail = "Matchers: \(request.matchers.map(\.text).joined(separator: ", "))\nComment: \(request.comment)"
        prompt.choices = silenceDurations
        state.overlay = .prompt(prompt)
    }

    static func silenceRequest(_ state: AppState, lasting duration: RunDuration, env: AppEnvironment) -> SilenceRequest?
    {
        guard let walk = state.walk else { return nil }
        return SilenceRequest.forWalk(
            of: walk.session, operator: env.operatorName, journal: walk.journalPath, lasting: duration, now: env.now())
    }

    /// A duration was picked or typed: ask Alertmanager for the silence.
    static func silenceChosen(
        _ state: inout AppState, _ answer: String, prompt: Prompt, env: AppEnvironment
    )
        -> [Effect]
    {
        if answer == "typed" {
            var typed = Prompt(purpose: .silenceDuration, title: "Silence for how long? (e.g. 2h, 90m, 1h30m)")
            typed.detail = prompt.detail
            state.overlay = .prompt(typed)
            return []
        }
        guard let duration = RunDuration(parsing: answer), duration.milliseconds >= 60_000,
            duration <= .seconds(14 * 86_400)
        else {
            var again = prompt
            again.error = "Give a duration from 1m to 14d, such as 45m or 2h."
            state.overlay = .prompt(again)
            return []
        }
        guard let request = silenceRequest(state, lasting: duration, env: env) else { return [] }
        state.status = "Asking Alertmanager for the silence…"
        return [.createSilence(request)]
    }

    /// Alertmanager made it: journaled first, then said.
    static func silenceCreated(
        _ state: inout AppState, _ request: SilenceRequest, address: String, id: String, env: AppEnvironment
    ) {
        let silence = WalkSilence(
            id: id, alertmanager: address, matchers: request.matchers, endsAt: request.endsAt, comment: request.comment)
        guard record(&state, .silenceCreated(silence), env: env) != nil else { return }
        state.status = "Silenced until \(AlertsPicker.clock(request.endsAt)) (silence \(id)); S expires it."
    }

    static func silenceExpired(_ state: inout AppState, id: String, env: AppEnvironment) {
        guard record(&state, .silenceExpired(id: id), env: env) != nil else { return }
        state.status = "Silence \(id) expired: the alert notifies again while it fires."
    }

    static func offerExpiry(_ state: inout AppState, _ silence: WalkSilence, title: String) {
        var prompt = Prompt(purpose: .silenceExpiry(id: silence.id), title: title)
        prompt.detail = "Matchers: \(silence.matcherText)\nSilence \(silence.id) in \(silence.alertmanager)"
        prompt.choices = [
            ("Expire it now (the alert notifies again while it fires)", "expire"),
            ("Keep it until \(AlertsPicker.clock(silence.endsAt))", "keep")
        ]
        state.overlay = .prompt(prompt)
    }

    /// Once the walk has ended: offer to expire what it silenced (asked once, even after a resume).
    static func offerExpiryAtEnd(_ state: inout AppState, env: AppEnvironment) {
        guard let walk = state.walk, walk.session.isEnded, !walk.offeredSilenceExpiry, state.overlay == nil,
            env.alertmanager != nil, let active = walk.session.activeSilences(now: state.now).last
        else { return }
        state.walk?.offeredSilenceExpiry = true
        offerExpiry(&state, active, title: "The walk has ended. Expire the silence it made?")
    }

    static func expiryAnswered(_ state: inout AppState, id: String, _ answer: String, env: AppEnvironment) -> [Effect] {
        guard answer == "expire" else {
            state.status = "The silence stays until it runs out; S expires it."
            return []
        }
        guard env.alertmanager != nil else {
            state.status = "No Alertmanager is configured: give --alertmanager URL to expire the silence."
            return []
        }
        state.status = "Asking Alertmanager to expire silence \(id)…"
        return [.expireSilence(id: id)]
    }
}
