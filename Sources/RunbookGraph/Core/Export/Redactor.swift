/// Hides secrets in transcripts: everything `SecretPattern.all` knows (keys,
/// tokens, passwords in assignments, options, URLs, headers and prose), the
/// values of variables marked `secret`, and any extra patterns the operator gives.
public struct Redactor: Sendable {
    public static let mask = "[REDACTED]"

    public var enabled: Bool
    nonisolated(unsafe) var extra: [Regex<AnyRegexOutput>]
    var literals: [String]

    /// `secrets`: exact values to hide (secret variables); `patterns`: extra regexes.
    public init(enabled: Bool = true, secrets: [String] = [], patterns: [String] = []) throws {
        self.enabled = enabled
        self.literals = secrets.filter { $0.count >= 3 }.sorted { $0.count > $1.count }
        self.extra = try patterns.map { try Regex($0) }
    }

    public func redact(_ text: String) -> String {
        guard enabled, !text.isEmpty else { return text }
        var out = text
        for literal in literals where out.containsBytes(literal) {
            out = out.replacingOccurrences(literal, with: Self.mask)
        }
        let candidates = SecretPattern.candidates(forAnyOf: [out]).map(\.regex)
        for regex in candidates + extra {
            out = out.replacing(regex) { match in
                let kept = match.output.count > 1 ? match.output[1].substring.map(String.init) ?? "" : ""
                return kept + Self.mask
            }
        }
        return out
    }
}

extension String {
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

extension Transcript {
    /// The redactor for a session: built-in patterns, the values of its
    /// secret variables, and `patterns`.
    public static func redactor(for session: Session, enabled: Bool = true, patterns: [String] = []) throws -> Redactor
    {
        var secrets: [String] = []
        var patterns = patterns
        for runbook in session.library.values where session.visits.contains(where: { $0.runbook == runbook.id }) {
            patterns += runbook.redact.map(\.source)
        }
        for (id, values) in session.variables {
            for (name, value) in values where session.library[id]?.variable(name)?.secret == true {
                secrets.append(value)
            }
        }
        return try Redactor(enabled: enabled, secrets: secrets, patterns: patterns)
    }
}
