/// Ranks the runbooks whose `match:` fits an alert.
public enum Triage {
    public struct Match: Sendable {
        public var runbook: Runbook
        public var resolution: VariableResolution
    }

    /// Matching runbooks, best first: those that need fewer values asked, then by id.
    public static func rank(_ runbooks: [Runbook], alert: Alert, overrides: [String: String] = [:]) -> [Match] {
        let facts = Facts(alert: alert)
        return
            runbooks
            .filter { $0.match?.holds(in: facts) == true }
            .map { Match(runbook: $0, resolution: VariableResolver.resolve($0, alert: alert, overrides: overrides)) }
            .sorted {
                let a = $0.resolution.missing(in: $0.runbook).count, b = $1.resolution.missing(in: $1.runbook).count
                return a != b ? a < b : $0.runbook.id < $1.runbook.id
            }
    }
}
