import Foundation

/// What earlier walks say at the next one: how walks of an alert like this
/// ended, and how operators chose at a decision. Shown quietly beside the
/// engine's suggestion, never instead of it.
public struct WalkMemory: Sendable {
    /// Incident walks, newest first.
    public var walks: [PastWalk]

    public init(_ walks: [PastWalk]) {
        self.walks = walks.filter { $0.mode == .incident }.sorted { $0.startedAt > $1.startedAt }
    }

    /// The labels that make an alert "like this one" for `runbook`: alertname and
    /// every label its `match:` names.
    public static func keyLabels(of runbook: Runbook) -> [String] {
        var names: Set<String> = ["alertname"]
        func visit(_ c: Condition) {
            switch c.kind {
            case .all(let cs), .any(let cs): cs.forEach(visit)
            case .not(let inner): visit(inner)
            case .labelEquals(let name, _), .labelMatches(let name, _): names.insert(name)
            default: break
            }
        }
        if let match = runbook.match { visit(match) }
        return names.sorted()
    }

    /// Earlier walks of `runbook` for an alert with the same key labels.
    public func earlier(_ runbook: Runbook, alert: Alert) -> [PastWalk] {
        let keys = Self.keyLabels(of: runbook)
        return walks.filter { walk in
            walk.runbook == runbook.id && keys.allSatisfy { walk.alertLabels[$0] == alert.labels[$0] }
        }
    }

    /// "3 earlier walks of an alert like this, last 2 days ago: resolved at delete-pod in 14m"; nil: none.
    public func summary(_ runbook: Runbook, alert: Alert, now: Date) -> String? {
        let earlier = earlier(runbook, alert: alert)
        guard let last = earlier.first else { return nil }
        let n = earlier.count
        return
            "\(n) earlier walk\(n == 1 ? "" : "s") of an alert like this, last \(Self.ago(last.startedAt, now: now)): \(last.outcomeWords)"
    }

    /// How earlier walks of `runbook` left `step`: "in 7 walks: 5 took 'Not running', 2 'Running'"; nil: never reached.
    public func choices(_ runbook: Runbook, step: String) -> String? {
        var counts: [String: Int] = [:]
        var walksThere = 0
        for walk in walks where walk.runbook == runbook.id {
            // The way each walk finally left the step (its last visit with an outcome).
            guard let outcome = walk.visits.last(where: { $0.step == step && $0.outcome != nil })?.outcome else {
                continue
            }
            walksThere += 1
            counts[outcome, default: 0] += 1
        }
        guard walksThere > 0, let definition = runbook.step(step) else { return nil }
        let label = { (id: String) in definition.outcomes.first { $0.id == id }?.label ?? id }
        let ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        var parts = ["\(ranked[0].value) took '\(label(ranked[0].key))'"]
        parts += ranked.dropFirst().map { "\($0.value) '\(label($0.key))'" }
        return "in \(walksThere) earlier walk\(walksThere == 1 ? "" : "s"): " + parts.joined(separator: ", ")
    }

    static func ago(_ date: Date, now: Date) -> String {
        let s = max(0, Int(now.timeIntervalSince(date)))
        if s < 3600 { return "\(max(1, s / 60)) min ago" }
        if s < 86_400 { return "\(s / 3600) h ago" }
        let days = s / 86_400
        return "\(days) day\(days == 1 ? "" : "s") ago"
    }
}
