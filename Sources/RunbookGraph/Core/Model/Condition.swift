/// A test on what is known: the alert, the variables, a command's result.
/// Used by `match:` (which alerts a runbook handles) and by outcomes'
/// `when:` (which outcome to suggest).
public struct Condition: Sendable {
    public indirect enum Kind: Sendable {
        case all([Condition])
        case any([Condition])
        case not(Condition)
        /// Case-insensitive substring of the whole alert (title, labels, annotations).
        case alertContains(String)
        case alertMatches(Pattern)
        case labelEquals(name: String, value: String)
        case labelMatches(name: String, pattern: Pattern)
        case variable(name: String, comparison: Comparison, value: String)
        case variableMatches(name: String, pattern: Pattern)
        case outputContains(String)
        case outputMatches(Pattern)
        case exitCode(Int)
        case durationOver(RunDuration)
        case durationUnder(RunDuration)
        case timedOut(Bool)
    }

    public enum Comparison: String, Sendable, CaseIterable {
        case eq, ne, lt, le, gt, ge

        public var symbol: String {
            switch self {
            case .eq: "=="
            case .ne: "!="
            case .lt: "<"
            case .le: "<="
            case .gt: ">"
            case .ge: ">="
            }
        }
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// Visits this condition and all conditions nested in it.
    public func forEach(_ body: (Condition) -> Void) {
        body(self)
        switch kind {
        case .all(let list), .any(let list): list.forEach { $0.forEach(body) }
        case .not(let inner): inner.forEach(body)
        default: break
        }
    }

    /// True when the condition looks at a command's result.
    public var needsCommandResult: Bool {
        var found = false
        forEach {
            switch $0.kind {
            case .outputContains, .outputMatches, .exitCode, .durationOver, .durationUnder, .timedOut:
                found = true
            default: break
            }
        }
        return found
    }
}
