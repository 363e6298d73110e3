/// What an import found, for the person who runs it: counts, and each place
/// marked for review with the source line it points at.
public struct ImportReport: Sendable, Equatable {
    public struct Review: Sendable, Equatable {
        public var step: String
        public var note: String
    }

    public var path: String
    public var runbookID: String
    public var steps: Int
    public var commands: Int
    public var decisions: Int
    /// Outcomes that lead to another runbook.
    public var runbookLinks: Int
    /// Reference links shown with steps (dashboards, documents).
    public var referenceLinks: Int
    public var variables: [String]
    public var matchRules: Int
    public var reviews: [Review]
    /// What `runbook validate` warns about in the result (e.g. a secret written in the source).
    public var warnings: [String] = []

    init(draft: DraftRunbook, path: String) {
        self.path = path
        runbookID = draft.id
        steps = draft.steps.count
        commands = draft.steps.filter { $0.run != nil }.count
        decisions = draft.steps.filter { $0.isDecision }.count
        runbookLinks = draft.steps.reduce(0) { n, step in
            n + step.outcomes.filter { if case .link = $0.next { true } else { false } }.count
                + (step.next.map { if case .link = $0 { 1 } else { 0 } } ?? 0)
        }
        referenceLinks = draft.steps.reduce(0) { $0 + $1.links.count }
        variables = draft.variables.map(\.name)
        matchRules = draft.match.count
        reviews = draft.steps.flatMap { step in step.review.map { Review(step: step.id, note: $0) } }
    }

    /// `armada.md -> armada.yaml: 31 steps, 12 commands, 8 decisions, 6 runbook links, 9 links, 5 variables, 2 match rules, 3 to review`
    public var summary: String {
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        var parts = [
            n(steps, "step"), n(commands, "command"), n(decisions, "decision"), n(runbookLinks, "runbook link"),
            n(referenceLinks, "link"), n(variables.count, "variable"), n(matchRules, "match rule"),
            "\(reviews.count) to review"
        ]
        if !warnings.isEmpty { parts.append(n(warnings.count, "warning")) }
        return parts.joined(separator: ", ")
    }
}
