import Foundation

/// The runbook as an outline: each step once, under the first step that leads to it.
public enum GraphOutline {
    public struct Row: Sendable, Equatable {
        public var step: String
        public var depth: Int
        /// The label of the outcome that leads here.
        public var via: String?
        /// Shown before: the row only points back to it.
        public var repeated: Bool
    }

    public static func lines(_ runbook: Runbook) -> [Row] {
        var rows: [Row] = []
        var seen = Set<String>()
        var stack: [(String, Int, String?)] = [(runbook.start, 0, nil)]
        while let (id, depth, via) = stack.popLast() {
            if seen.contains(id) {
                rows.append(Row(step: id, depth: depth, via: via, repeated: true))
                continue
            }
            seen.insert(id)
            rows.append(Row(step: id, depth: depth, via: via, repeated: false))
            guard let step = runbook.step(id) else { continue }
            for outcome in step.outcomes.reversed() {
                if let next = outcome.next.stepID { stack.append((next, depth + 1, outcome.label)) }
            }
        }
        for step in runbook.steps where !seen.contains(step.id) {
            rows.append(Row(step: step.id, depth: 0, via: nil, repeated: false))
        }
        return rows
    }
}
