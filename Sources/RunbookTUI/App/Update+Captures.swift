import Foundation
import RunbookGraph

/// Values a step captures from its command's output: kept (journaled as
/// captured), or asked for when the output did not give exactly one.
extension App {
    static func keepCaptures(_ state: inout AppState, _ reading: StepReading?, env: AppEnvironment) {
        guard let step = state.walk?.session.step, let capture = step.capture,
            let result = state.walk?.session.currentResult
        else { return }
        var captures = reading?.captures ?? CaptureReading()
        if reading == nil {
            for name in capture.names {
                captures.failures[name] =
                    "reading the output took longer than \(Int(BudgetedWork.defaultBudget * 1000)) ms"
            }
        }
        if !captures.values.isEmpty {
            var refused: [String: String] = [:]
            perform(&state, env: env) { refused = try $0.keepCaptured(captures.values, in: &$1) }
            for (name, why) in refused { captures.failures[name] = "the output gave a value that does not fit: \(why)" }
            let kept = captures.values.keys.sorted().filter { refused[$0] == nil }
            if !kept.isEmpty, state.status == nil {
                let shown = kept.map {
                    state.walk?.session.isSecret($0) == true
                        ? "\($0) = \(SecretMask.bullets)" : "\($0) = \(captures.values[$0]!)"
                }
                state.status = "Captured from the output: " + shown.joined(separator: ", ")
            }
        }
        // Asked once for each result: not again when the suggestion is worked out anew.
        let asked = "\(step.id)#\(result.outputBytes)/\(result.durationMs)"
        guard state.overlay == nil, state.walk?.askedCaptures.contains(asked) == false,
            let name = capture.names.first(where: { captures.failures[$0] != nil || captures.candidates[$0] != nil }),
            let walk = state.walk, let variable = walk.session.runbook?.variable(name)
        else { return }
        state.walk?.askedCaptures.insert(asked)
        var prompt = variablePrompt(variable, walk: walk, current: nil, env: env)
        if let candidates = captures.candidates[name] {
            prompt.title = "Which \(name)? The output of '\(step.id)' holds \(candidates.count)"
            prompt.choices = candidates.map { ($0, $0) }
            prompt.selected = 0
        } else if let why = captures.failures[name] {
            prompt.detail =
                (["not captured: \(why); type it"] + [prompt.detail].compactMap { $0 }.filter { !$0.isEmpty })
                .joined(separator: " · ")
        }
        state.overlay = .prompt(prompt)
    }

    /// Leaving a step that captures before its output was read would lose the values.
    static func capturesPending(_ walk: WalkState) -> Bool {
        walk.session.step?.capture != nil && walk.session.currentResult != nil
            && (walk.suggestion.pending || walk.suggestion.key != walk.session.suggestionKey)
    }
}
