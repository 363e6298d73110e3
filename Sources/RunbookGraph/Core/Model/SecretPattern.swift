/// The one table of what a secret looks like: the transcript redactor hides
/// what these match, and the validator warns about runbooks that hold one.
///
/// Each pattern keeps its group 1 (the `password=` before the secret) and
/// hides the rest of its match; lookaheads keep what follows (the `@host` of
/// a URL). A pattern runs only on text that holds one of its hint words
/// (lower case): Swift's Regex is slow, and most lines hold no secret.
public struct SecretPattern: Sendable {
    public let name: String
    let hints: [String]
    nonisolated(unsafe) let regex: Regex<AnyRegexOutput>

    init(_ name: String, _ hints: [String], _ pattern: String) {
        self.name = name
        self.hints = hints
        regex = try! Regex(pattern)
    }

    /// A quoted string, or a run of characters up to a separator.
    static let value = #"(?:"[^"\n]*"|'[^'\n]*'|[^\s&,;"'<>]+)"#

    public static let all: [SecretPattern] = [
        SecretPattern(
            "a private key", ["private key"],
            #"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"#),
        SecretPattern("credentials in a URL", ["://"], #"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@'"]+:)[^/\s@'"]+(?=@)"#),
        SecretPattern(
            "an Authorization header", ["authorization"],
            #"(?i)(\bauthorization["']?[ \t]*[:=][ \t]*["']?(?:basic|bearer|token|digest|negotiate)?[ \t]*)[A-Za-z0-9._~+/=-]{6,}"#
        ),
        SecretPattern("a bearer token", ["bearer"], #"(?i)(\bbearer[ \t]+)[A-Za-z0-9._~+/=-]{8,}"#),
        // NAME=value, "name": "value", NAME: value, where NAME ends in a secret word
        // (PGPASSWORD, DB_PASS, AWS_SECRET_ACCESS_KEY, client_secret, IBMCLOUD_API_KEY).
        SecretPattern(
            "a password or token", ["pass", "pwd", "secret", "token", "key", "credential"],
            #"(?i)(\b[a-z0-9_.-]*(?:passw(?:or)?d|passphrase|pwd|(?:^|[_.-])pass|\bpass|secret|token|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|auth[_-]?key|account[_-]?key|credentials?)["']?[ \t]*[=:][ \t]*)"#
                + value),
        SecretPattern(
            "a password or token option", ["pass", "token", "secret", "key"],
            #"(?i)((?:^|\s)--?(?:password|passwd|pass|token|secret|client-secret|api-key|apikey|access-key|secret-key|auth-token)(?:=|[ \t]+))"#
                + value),
        SecretPattern("a MySQL password option", ["mysql"], #"(\bmysql(?:dump|admin)?\b[^\n]*?[ \t]-p)[^\s-][^\s]*"#),
        SecretPattern("a curl user and password", ["-u", "--user"], #"((?:^|\s)(?:-u|--user)[ \t]+[^:\s]+:)[^\s]+"#),
        SecretPattern(
            "a password in prose", ["password", "passphrase", "pwd"],
            #"(?i)(\b(?:password|passphrase|pwd)[ \t]+(?:is|was|of|for [^\s]+ is)[ \t]+["'`]?)[^\s"'`]+"#),
        SecretPattern(
            "an AWS access key id", ["akia", "asia", "agpa", "aida", "aroa"],
            #"\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}\b"#),
        SecretPattern(
            "a GitHub token", ["gh", "github_pat_"], #"\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{20,})"#),
        SecretPattern("a GitLab token", ["gl"], #"\bgl(?:pat|ptt|dt|rt|cbt|oas|soat)-[A-Za-z0-9_-]{20,}"#),
        SecretPattern("a Slack token", ["xox"], #"\bxox[abposr]-[A-Za-z0-9-]{10,}"#),
        SecretPattern(
            "a Slack webhook", ["hooks.slack.com"],
            #"(https://hooks\.slack\.com/(?:services|workflows)/)[A-Za-z0-9/_-]+"#),
        SecretPattern("a Google API key", ["aiza"], #"\bAIza[0-9A-Za-z_-]{30,}"#),
        SecretPattern("a Google OAuth token", ["ya29."], #"\bya29\.[0-9A-Za-z_-]{20,}"#),
        SecretPattern(
            "an Azure key or signature", ["accountkey", "sharedaccesskey", "sig="],
            #"(?i)(\b(?:AccountKey|SharedAccessKey|sig)=)[A-Za-z0-9%+/=]{16,}"#),
        SecretPattern("a JSON Web Token", ["eyj"], #"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#),
        SecretPattern(
            "an API secret key", ["sk_live_", "rk_live_", "sk-", "npm_"],
            #"\b(?:[sr]k_live_[0-9A-Za-z]{16,}|sk-[A-Za-z0-9_-]{32,}|npm_[A-Za-z0-9]{36})"#)
    ]

    /// Patterns worth running on `lowered` (the text, ASCII lower-cased).
    static func candidates(for lowered: String) -> [SecretPattern] {
        all.filter { $0.hints.contains { lowered.containsBytes($0) } }
    }

    /// The secrets in `text`: each match's hidden part, with the pattern's name.
    public static func secrets(in text: String) -> [(name: String, secret: Substring)] {
        var out: [(String, Substring)] = []
        for pattern in candidates(for: text.asciiLowercased) {
            for match in text.matches(of: pattern.regex) {
                let start =
                    match.output.count > 1
                    ? match.output[1].range?.upperBound ?? match.range.lowerBound : match.range.lowerBound
                out.append((pattern.name, text[start..<match.range.upperBound]))
            }
        }
        return out
    }
}
