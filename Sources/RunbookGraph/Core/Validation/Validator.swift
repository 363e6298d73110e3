/// Checks one decoded runbook as a whole: the graph, the variables and
/// conditions it uses, and a security lint of its commands.
public struct Validator: Sendable {
    public init() {}

    /// `source`, the file's text, lets problems inside a command point at their exact column.
    public func validate(_ runbook: Runbook, source: String? = nil) -> [Diagnostic] {
        var out: [Diagnostic] = []
        out += GraphCheck(runbook: runbook).diagnostics()
        out += VariableCheck(runbook: runbook).diagnostics()
        out += CaptureCheck(runbook: runbook).diagnostics()
        out += conditionChecks(runbook)
        out += ShellContextCheck(runbook: runbook, source: source).diagnostics()
        out += PatternRisk.diagnostics(runbook)
        out += SecurityLint().diagnostics(runbook)
        return out
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
