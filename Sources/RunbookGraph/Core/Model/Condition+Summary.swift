extension Condition {
    /// The condition in words, without facts: `output matches /1\/1\s+Running/`.
    public var summary: String {
        switch kind {
        case .all(let list): return list.map(\.summary).joined(separator: " and ")
        case .any(let list): return list.map(\.summary).joined(separator: " or ")
        case .not(let inner): return "not (\(inner.summary))"
        case .alertContains(let text): return "the alert contains '\(text)'"
        case .alertMatches(let p): return "the alert matches /\(p.source)/"
        case .labelEquals(let name, let value): return "label \(name) is '\(value)'"
        case .labelMatches(let name, let p): return "label \(name) matches /\(p.source)/"
        case .variable(let name, let comparison, let value): return "\(name) \(comparison.symbol) \(value)"
        case .variableMatches(let name, let p): return "\(name) matches /\(p.source)/"
        case .outputContains(let text): return "output contains '\(text)'"
        case .outputMatches(let p): return "output matches /\(p.source)/"
        case .exitCode(let code): return "exit code is \(code)"
        case .durationOver(let d): return "takes longer than \(d)"
        case .durationUnder(let d): return "takes less than \(d)"
        case .timedOut(let expected): return expected ? "the command times out" : "the command does not time out"
        }
    }
}
