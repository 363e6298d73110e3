extension Condition {
    /// True when the condition holds. A test on something not known yet (a
    /// variable without a value, a command that has not run) does not hold,
    /// and neither does its negation: `not` of an unknown is unknown.
    public func holds(in facts: Facts) -> Bool {
        evaluate(facts) == true
    }

    /// nil when the condition cannot be decided from the facts.
    public func evaluate(_ facts: Facts) -> Bool? {
        switch kind {
        case .all(let list):
            var unknown = false
            for c in list {
                switch c.evaluate(facts) {
                case false?: return false
                case nil: unknown = true
                case true?: break
                }
            }
            return unknown ? nil : true
        case .any(let list):
            var unknown = false
            for c in list {
                switch c.evaluate(facts) {
                case true?: return true
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? nil : false
        case .not(let inner):
            return inner.evaluate(facts).map { !$0 }
        case .alertContains(let text):
            return facts.alert.searchableText.lowercased().contains(text.lowercased())
        case .alertMatches(let pattern):
            return pattern.matches(facts.alert.searchableText)
        case .labelEquals(let name, let value):
            return facts.alert.labels[name] == value
        case .labelMatches(let name, let pattern):
            guard let value = facts.alert.labels[name] else { return false }
            return pattern.matches(value)
        case .variable(let name, let comparison, let value):
            guard let actual = facts.variables[name] else { return nil }
            return Self.compare(actual, comparison, value, as: facts.variableTypes[name] ?? .string)
        case .variableMatches(let name, let pattern):
            guard let actual = facts.variables[name] else { return nil }
            return pattern.matches(actual)
        case .outputContains(let text):
            return facts.result.map { $0.output.contains(text) }
        case .outputMatches(let pattern):
            return facts.result.map { pattern.matches($0.output) }
        case .exitCode(let code):
            return facts.result.map { $0.exitCode.map(Int.init) == code }
        case .durationOver(let limit):
            return facts.result.map { $0.duration > limit }
        case .durationUnder(let limit):
            return facts.result.map { $0.duration < limit }
        case .timedOut(let expected):
            return facts.result.map { $0.timedOut == expected }
        }
    }

    static func compare(
        _ actual: String, _ comparison: Comparison, _ expected: String,
        as type: Variable.ValueType
    ) -> Bool? {
        func ordered<T: Comparable>(_ a: T, _ b: T) -> Bool {
            switch comparison {
            case .eq: a == b
            case .ne: a != b
            case .lt: a < b
            case .le: a <= b
            case .gt: a > b
            case .ge: a >= b
            }
        }
        switch type {
        case .string:
            return ordered(actual, expected)
        case .int:
            guard let a = Int(actual.trimmingSpaces), let b = Int(expected.trimmingSpaces) else { return nil }
            return ordered(a, b)
        case .duration:
            guard let a = RunDuration(parsing: actual), let b = RunDuration(parsing: expected) else { return nil }
            return ordered(a, b)
        }
    }
}

extension Pattern {
    /// True when the regex matches somewhere in `text`; an invalid regex never matches.
    public func matches(_ text: String) -> Bool {
        guard let regex = try? compile() else { return false }
        return text.contains(regex)
    }
}
