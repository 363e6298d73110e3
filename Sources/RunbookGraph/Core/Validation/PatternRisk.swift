/// Regular expressions that can take exponential time on a hostile line:
/// a repeated group that itself holds an unbounded repetition, as in
/// `(a+)+`, `(\w*)*` or `(x|y+)+`. Swift's Regex backtracks, so such a
/// pattern can hang the matching of a 20-character line for seconds.
enum PatternRisk {
    nonisolated(unsafe) static let nested = try! Regex(#"\((?:[^()\\]|\\.)*(?:[*+]|\{\d+,\d*\})\)(?:[*+]|\{\d+,\d*\})"#)

    /// Why `source` risks catastrophic backtracking, or nil.
    static func problem(_ source: String) -> String? {
        guard source.contains("(") else { return nil }
        guard let match = try? nested.firstMatch(in: source) else { return nil }
        return
            "repeats a group that repeats itself ('\(source[match.range])'): on a long or hostile line this can take exponentially long; repeat only one of them, or bound it ({1,20})"
    }

    /// A warning for every risky pattern of `runbook`.
    static func diagnostics(_ runbook: Runbook) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func check(_ pattern: Pattern, _ what: String) {
            if let problem = problem(pattern.source) { out.append(.warning(pattern.location, "\(what) \(problem)")) }
        }
        var conditions = runbook.match.map { [$0] } ?? []
        for step in runbook.steps { for o in step.outcomes { if let w = o.when { conditions.append(w) } } }
        for condition in conditions {
            condition.forEach { c in
                switch c.kind {
                case .alertMatches(let p), .labelMatches(_, let p), .variableMatches(_, let p), .outputMatches(let p):
                    check(p, "the pattern /\(p.source)/")
                default: break
                }
            }
        }
        for v in runbook.variables {
            if let p = v.pattern { check(p, "the pattern of variable '\(v.name)'") }
            if let d = v.derive { check(d.regex, "the regex of variable '\(v.name)'") }
        }
        return out
    }
}
