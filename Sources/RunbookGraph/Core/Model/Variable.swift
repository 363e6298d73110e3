/// A value a runbook needs, e.g. the worker IP from the alert.
///
/// Resolution order: `--set`, then `from` (alert fields, first that exists),
/// then `derive` (a regex capture from another variable), then `default`,
/// and finally the operator is asked (`ask`, with `choices` when given).
public struct Variable: Sendable, Identifiable {
    public enum ValueType: String, Sendable, CaseIterable {
        case string, int, duration
    }

    public struct Choice: Sendable {
        public var label: String
        public var value: String

        public init(label: String, value: String) {
            self.label = label
            self.value = value
        }
    }

    /// `derive: carrier` + `regex: 'carrier(\d+)'`: first capture group of the
    /// regex applied to another variable (the whole match when it has none).
    public struct Derivation: Sendable {
        public var variable: String
        public var regex: Pattern
        public var location: SourceLocation

        public init(variable: String, regex: Pattern, location: SourceLocation) {
            self.variable = variable
            self.regex = regex
            self.location = location
        }
    }

    public var name: String
    public var description: String?
    public var type: ValueType
    /// Alert fields to take the value from, e.g. `alert.hostname`.
    public var from: [String]
    public var derive: Derivation?
    public var ask: String?
    public var choices: [Choice]
    public var defaultValue: String?
    public var pattern: Pattern?
    /// Redacted in transcripts.
    public var secret: Bool
    /// May the value start with `-` (and so be read as an option)? nil: values
    /// from the alert (and derived from it) may not, values the operator gives may.
    public var leadingDash: Bool?
    public var location: SourceLocation

    public var id: String { name }

    public init(
        name: String, description: String? = nil, type: ValueType = .string, from: [String] = [],
        derive: Derivation? = nil, ask: String? = nil, choices: [Choice] = [],
        defaultValue: String? = nil, pattern: Pattern? = nil, secret: Bool = false,
        location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.type = type
        self.from = from
        self.derive = derive
        self.ask = ask
        self.choices = choices
        self.defaultValue = defaultValue
        self.pattern = pattern
        self.secret = secret
        self.location = location
    }
}

/// A regular expression as written in a runbook, with where it was written.
public struct Pattern: Sendable {
    public var source: String
    public var location: SourceLocation

    public init(_ source: String, location: SourceLocation) {
        self.source = source
        self.location = location
    }

    /// The compiled pattern (compiled once per process); the error text explains what is wrong.
    public func compile() throws -> Regex<AnyRegexOutput> {
        try RegexCache.regex(source)
    }
}
