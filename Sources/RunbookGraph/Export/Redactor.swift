/// Hides secrets in transcripts: bearer tokens, `password=`/`token=`/`secret=`
/// values, private keys, cloud keys, the values of variables marked `secret`,
/// and any extra patterns the operator gives.
public struct Redactor: Sendable {
    public static let mask = "[REDACTED]"

    /// Built-in patterns, each with words (lowercase) one of which the text
    /// must contain before the regex is run: Swift's Regex is slow, and most
    /// lines hold no secret. Where group 1 exists it is kept (`password=`).
    nonisolated(unsafe) static let builtIn: [(hints: [String], regex: Regex<AnyRegexOutput>)] = [
        (["private key"], try! Regex(#"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"#)),
        (["bearer"], try! Regex(#"(?i)(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}"#)),
        (["pass", "pwd", "token", "secret", "key"],
         try! Regex(#"(?i)(\b(?:password|passwd|pwd|token|secret|api[_-]?key|access[_-]?key)\s?[=:]\s?)(?:"[^"]*"|'[^']*'|[^\s&,;]+)"#)),
        (["akia"], try! Regex(#"\bAKIA[0-9A-Z]{16}\b"#)),
        (["gh"], try! Regex(#"\bgh[pousr]_[A-Za-z0-9]{30,}"#)),
        (["xox"], try! Regex(#"\bxox[abprs]-[A-Za-z0-9-]{10,}"#)),
    ]

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
        let lowered = out.asciiLowercased
        let candidates = Self.builtIn.filter { $0.hints.contains { lowered.containsBytes($0) } }.map(\.regex)
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
    public static func redactor(for session: Session, enabled: Bool = true, patterns: [String] = []) throws -> Redactor {
        var secrets: [String] = []
        var patterns = patterns
        for runbook in session.library.values where session.visits.contains(where: { $0.runbook == runbook.id }) {
            patterns += runbook.redact.map(\.source)
        }
        for (id, values) in session.variables {
            for (name, value) in values where session.library[id]?.variable(name)?.secret == true { secrets.append(value) }
        }
        return try Redactor(enabled: enabled, secrets: secrets, patterns: patterns)
    }
}
