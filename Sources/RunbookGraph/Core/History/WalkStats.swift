/// How a runbook's steps fare across its walks (`runbook stats`): how often
/// each is reached, how long it takes, which outcomes are taken, and where
/// operators chose other than the engine suggested.
public struct WalkStats: Sendable {
    public struct StepFigures: Sendable, Equatable {
        public var step: String
        /// Walks that reached the step (once per walk).
        public var reached: Int
        /// Seconds at the step, per visit that left it.
        public var median: Double
        public var p90: Double
        /// Outcome id → times taken, over all visits.
        public var outcomes: [String: Int]
        /// "suggested → chosen" → times.
        public var overrides: [String: Int]
    }

    public var walks: Int
    public var steps: [StepFigures]

    /// Over the walks of `runbook` (their order does not matter); steps in the runbook's order.
    public init(runbook: Runbook, walks: [PastWalk]) {
        let mine = walks.filter { $0.runbook == runbook.id }
        self.walks = mine.count
        steps = runbook.steps.compactMap { step in
            let reached = mine.filter { $0.visits.contains { $0.step == step.id } }.count
            guard reached > 0 else { return nil }
            let visits = mine.flatMap(\.visits).filter { $0.step == step.id }
            let times = visits.filter { $0.outcome != nil }.map(\.seconds).sorted()
            var outcomes: [String: Int] = [:]
            var overrides: [String: Int] = [:]
            for visit in visits {
                guard let outcome = visit.outcome else { continue }
                outcomes[outcome, default: 0] += 1
                if let suggested = visit.suggested, suggested != outcome {
                    overrides["\(suggested) → \(outcome)", default: 0] += 1
                }
            }
            return StepFigures(
                step: step.id, reached: reached, median: Self.percentile(times, 0.5), p90: Self.percentile(times, 0.9),
                outcomes: outcomes, overrides: overrides)
        }
    }

    /// The nearest-rank percentile of sorted values (0 for none).
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((p * Double(sorted.count)).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }
}
