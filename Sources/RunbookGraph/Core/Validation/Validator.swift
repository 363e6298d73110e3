import Foundation

/// Checks one decoded runbook as a whole: the graph, the variables and
/// conditions it uses, and a security lint of its commands.
public struct Validator: Sendable {
    public init() {}

    /// `source`, the file's text, lets problems inside a command point at their exact column.
    public func validate(_ runbook: Runbook, source: String? = nil) -> [Diagnostic] {
        let checks = checks(source: source)
        // A runbook of thousands of steps is checked on every core (its checks are
        // independent); a small one, as a library loads them, on the caller's.
        guard runbook.steps.count >= Self.parallelSteps else { return checks.flatMap { $0.check(runbook) } }
        // The secret lint, the longest check, goes in slices of steps among the others:
        // one check slicing itself inside this spread would run its slices on one core.
        let lint = SecurityLint()
        let work: [@Sendable (Runbook) -> [Diagnostic]] = checks.flatMap { check in
            guard check.name == "secrets" else { return [check.check] }
            return ParallelSlots<Void>.ranges(of: runbook.steps.count).map { steps in
                { @Sendable in lint.diagnostics($0, steps: steps) }
            } + [lint.defaultDiagnostics]
        }
        return ParallelSlots.each(work.count) { work[$0](runbook) }.flatMap { $0 }
    }

    static let parallelSteps = 1_000

    /// Every check, in order, by name (a benchmark times each).
    public func checks(source: String?) -> [(name: String, check: @Sendable (Runbook) -> [Diagnostic])] {
        [
            ("graph", { GraphCheck(runbook: $0).diagnostics() }),
            ("variables", { VariableCheck(runbook: $0).diagnostics() }),
            ("captures", { CaptureCheck(runbook: $0).diagnostics() }),
            ("conditions", conditionChecks),
            ("shell", { ShellContextCheck(runbook: $0, source: source).diagnostics() }),
            ("patterns", PatternRisk.diagnostics),
            ("secrets", { SecurityLint().diagnostics($0) })
        ]
    }

    /// Outcomes that test a command's result on a step that runs none.
    func conditionChecks(_ runbook: Runbook) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let match = runbook.match, match.needsCommandResult {
            out.append(
                .error(
                    match.location,
                    "'match' can only test the alert and variables, not a command's output, exit code or duration"))
        }
        for step in runbook.steps where step.run == nil {
            for outcome in step.outcomes {
                if let when = outcome.when, when.needsCommandResult {
                    out.append(
                        .error(
                            when.location,
                            "outcome '\(outcome.id)' of step '\(step.id)' tests a command's result, but the step runs no command: add 'run' or test the alert or a variable"
                        ))
                }
            }
        }
        return out
    }
}
