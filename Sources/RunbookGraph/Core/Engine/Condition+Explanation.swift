extension Condition {
    /// Why the condition holds, in words, for the "suggested because" line:
    /// `output matched /1\/1\s+Running/`, `carrier_no is 120, ≥ 100`.
    public func explanation(_ facts: Facts) -> String {
        switch kind {
        case .all(let list): return list.map { $0.explanation(facts) }.joined(separator: " and ")
        case .any(let list):
            return list.first { $0.holds(in: facts) }.map { $0.explanation(facts) } ?? "any of several tests held"
        case .not(let inner): return inner.negatedExplanation(facts)
        case .alertContains(let text): return "the alert contains '\(text)'"
        case .alertMatches(let p): return "the alert matched /\(p.source)/"
        case .labelEquals(let name, let value): return "label \(name) is '\(value)'"
        case .labelMatches(let name, let p): return "label \(name) matched /\(p.source)/"
        case .variable(let name, let comparison, let value):
            return "\(name) is \(facts.variables[name] ?? "?"), \(comparison.symbol) \(value)"
        case .variableMatches(let name, let p): return "\(name) matched /\(p.source)/"
        case .outputContains(let text): return "output contains '\(text)'"
        case .outputMatches(let p): return "output matched /\(p.source)/"
        case .exitCode(let code): return "exit code was \(code)"
        case .durationOver(let limit): return "took \(tookText(facts)), over \(limit)"
        case .durationUnder(let limit): return "took \(tookText(facts)), under \(limit)"
        case .timedOut(let expected): return expected ? "the command timed out" : "the command finished in time"
        }
    }

    func negatedExplanation(_ facts: Facts) -> String {
        switch kind {
        case .not(let inner): return inner.explanation(facts)
        case .alertContains(let text): return "the alert does not contain '\(text)'"
        case .outputContains(let text): return "output does not contain '\(text)'"
        case .outputMatches(let p): return "output did not match /\(p.source)/"
        case .exitCode(let code):
            return "exit code was \(facts.result?.exitCode.map(String.init) ?? "none"), not \(code)"
        default: return "not (\(explanationOfFailure(facts)))"
        }
    }

    func explanationOfFailure(_ facts: Facts) -> String {
        switch kind {
        case .variable(let name, let comparison, let value):
            return "\(name) \(comparison.symbol) \(value)"
        default: return explanation(facts)
        }
    }

    func tookText(_ facts: Facts) -> String {
        facts.result.map { $0.duration.humanized } ?? "?"
    }
}
