/// The one table of what a secret looks like: the transcript redactor hides
/// what these match, and the validator warns about runbooks that hold one.
///
/// Each pattern keeps its group 1 (the `password=` before the secret) and
/// hides the rest of its match; lookaheads keep what follows (the `@host` of
/// a URL). A pattern runs only where one of its hint words (lower case) is:
/// Swift's Regex is slow, tries every position it is given, and most text
/// holds no secret.
///
/// A class: every text a runbook or transcript holds tries the patterns whose
/// hints it has, and handing one on should not copy its name, hints and regex.
public final class SecretPattern: Sendable {
    public let name: String
    let hints: [String]
    let reach: Reach
    /// This pattern's place in `all`.
    let number: Int
    nonisolated(unsafe) let regex: Regex<AnyRegexOutput>

    /// Where a match can start, relative to a hint.
    enum Reach {
        /// At the hint itself, which begins a word (the pattern starts with `\b` and the hint).
        case atHint
        /// In the word that holds the hint, or the blank before it, when what
        /// a match `needs` is there (the `@` of a URL's credentials).
        case nearHint(needs: Need?)
        /// Anywhere: the match spans lines (a private key's block).
        case anywhere
    }

    /// What must be near a hint for a match to be possible: checked on bytes,
    /// it spares the regex most hints in ordinary prose ("keyword", "keys").
    enum Need {
        /// One of these, from the word holding the hint to the end of the line.
        case any(of: [String])
        /// The word holding the hint is an option (`--client-secret`).
        case option
        /// The hint ends a name, give or take a few letters (`pass` in `PASSWORD`), that is
        /// given a value: a quote at most, blanks, then `=` or `:` (`DB_PASSWORD=`, `"token": `).
        /// Prose with a colon or a URL further along the line needs no regex.
        case assigned

        func holds(in bytes: [UInt8], _ window: Range<Int>, hintEnd: Int, wordStart: Int) -> Bool {
            switch self {
            case .any(let texts): return texts.contains { bytes.contains($0, in: window) }
            case .option: return bytes[wordStart] == 0x2D
            case .assigned:
                var at = hintEnd
                while at < window.upperBound, at - hintEnd < 6, bytes[at] >= 0x61, bytes[at] <= 0x7A { at += 1 }
                if at < window.upperBound, bytes[at] == 0x22 || bytes[at] == 0x27 { at += 1 }
                while at < window.upperBound, bytes[at] == 0x20 || bytes[at] == 0x09 { at += 1 }
                return at < window.upperBound && (bytes[at] == 0x3D || bytes[at] == 0x3A)
            }
        }
    }

    init(_ name: String, _ hints: [String], _ pattern: String, reach: Reach = .atHint) {
        self.name = name
        self.hints = hints
        self.reach = reach
        regex = try! Regex(pattern)
        number = 0
    }

    private init(_ pattern: SecretPattern, number: Int) {
        name = pattern.name
        hints = pattern.hints
        reach = pattern.reach
        regex = pattern.regex
        self.number = number
    }

    /// A quoted string, or a run of characters up to a separator.
    static let value = #"(?:"[^"\n]*"|'[^'\n]*'|[^\s&,;"'<>]+)"#

    public static let all: [SecretPattern] = table.enumerated().map { SecretPattern($1, number: $0) }

    private static let table: [SecretPattern] = [
        SecretPattern(
            "a private key", ["private key"],
            #"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)"#, reach: .anywhere),
        SecretPattern(
            "credentials in a URL", ["://"], #"(?i)(\b[a-z][a-z0-9+.-]*://[^/\s:@'"]+:)[^/\s@'"]+(?=@)"#,
            reach: .nearHint(needs: .any(of: ["@"]))),
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
                + value, reach: .nearHint(needs: .assigned)),
        SecretPattern(
            "a password or token option", ["pass", "token", "secret", "key"],
            #"(?i)((?:^|\s)--?(?:password|passwd|pass|token|secret|client-secret|api-key|apikey|access-key|secret-key|auth-token)(?:=|[ \t]+))"#
                + value, reach: .nearHint(needs: .option)),
        SecretPattern("a MySQL password option", ["mysql"], #"(\bmysql(?:dump|admin)?\b[^\n]*?[ \t]-p)[^\s-][^\s]*"#),
        SecretPattern(
            "a curl user and password", ["-u", "--user"], #"((?:^|\s)(?:-u|--user)[ \t]+[^:\s]+:)[^\s]+"#,
            reach: .nearHint(needs: .any(of: [":"]))),
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
            #"(https://hooks\.slack\.com/(?:services|workflows)/)[A-Za-z0-9/_-]+"#, reach: .nearHint(needs: nil)),
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

    /// The patterns whose hints occur in any of `texts`: the redactor replaces
    /// what only these match (most hints, such as `xox` or `ya29.`, appear in no
    /// transcript at all).
    public static func candidates(forAnyOf texts: [String]) -> [SecretPattern] {
        var found = [Bool](repeating: false, count: hintIndex.hints.count)
        for text in texts { hintIndex.mark(in: text, &found) }
        return all.filter { $0.hasHint(found) }
    }

    static let hintIndex = HintIndex(all.flatMap(\.hints))
    /// Each pattern's hints, as numbers of `hintIndex`, in the order of `all`.
    static let hintNumbers = all.map { $0.hints.map { hintIndex.number[$0]! } }

    /// Whether one of this pattern's hints is among those `found` by `hintIndex`.
    func hasHint(_ found: [Bool]) -> Bool {
        Self.hintNumbers[number].contains { found[$0] }
    }

    /// The secrets in `text`: each match's hidden part, with the pattern's name.
    public static func secrets(
        in text: String, among candidates: [SecretPattern] = all
    ) -> [(name: String, secret: Substring)] {
        guard !candidates.isEmpty else { return [] }
        var present = [Bool](repeating: false, count: hintIndex.hints.count)
        hintIndex.mark(in: text, &present)
        let patterns = candidates.filter { $0.hasHint(present) }
        guard !patterns.isEmpty else { return [] }
        let lowered = text.asciiLowercased
        let bytes = Array(lowered.utf8)
        var out: [(String, Substring)] = []
        func found(_ pattern: SecretPattern, _ match: Regex<AnyRegexOutput>.Match) {
            let start =
                match.output.count > 1
                ? match.output[1].range?.upperBound ?? match.range.lowerBound : match.range.lowerBound
            out.append((pattern.name, text[start..<match.range.upperBound]))
        }
        for pattern in patterns {
            switch pattern.reach {
            case .anywhere:
                for match in text.matches(of: pattern.regex) { found(pattern, match) }
            case .atHint:
                // One anchored try per hint that begins a word.
                for hint in hints(pattern.hints, in: bytes) where hint.start == 0 || !bytes[hint.start - 1].isWordByte {
                    if let match = text[span(hint.start, lineEnd(after: hint.end, in: bytes), in: text)].prefixMatch(
                        of: pattern.regex)
                    {
                        found(pattern, match)
                    }
                }
            case .nearHint(let needs):
                for window in windows(hints(pattern.hints, in: bytes), in: bytes, needs: needs) {
                    for match in text[span(window.start, window.end, in: text)].matches(of: pattern.regex) {
                        found(pattern, match)
                    }
                }
            }
        }
        return out
    }

    /// Where each of `hints` is in `bytes`, sorted.
    static func hints(_ hints: [String], in bytes: [UInt8]) -> [(start: Int, end: Int)] {
        var out: [(start: Int, end: Int)] = []
        for hint in hints {
            let needle = Array(hint.utf8)
            var from = 0
            while let at = bytes.firstOffset(of: needle, from: from) {
                out.append((at, at + needle.count))
                from = at + 1
            }
        }
        return out.sorted { $0.start < $1.start }
    }

    /// The end of the line a hint ends on: at most `reach` bytes on, and on a character boundary.
    static func lineEnd(after offset: Int, in bytes: [UInt8]) -> Int {
        var end = offset
        let limit = min(bytes.count, offset + reach)
        while end < limit, bytes[end] != 0x0A { end += 1 }
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        return end
    }

    static func span(_ start: Int, _ end: Int, in text: String) -> Range<String.Index> {
        let utf8 = text.utf8
        return utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)
    }

    /// Where the word holding `offset` starts: after the blank or line break before it.
    static func wordStart(_ offset: Int, in bytes: [UInt8]) -> Int {
        var start = offset
        while start > 0, bytes[start - 1] != 0x20, bytes[start - 1] != 0x09, bytes[start - 1] != 0x0A { start -= 1 }
        return start
    }

    /// The longest stretch after a hint that a match is looked for in.
    static let reach = 512

    /// Where a match near `hints` can be: each from the blank before the word
    /// that holds a hint to the end of its line, where what it `needs` is;
    /// overlapping ones merged.
    static func windows(
        _ hints: [(start: Int, end: Int)], in bytes: [UInt8], needs: Need? = nil
    ) -> [(
        start: Int, end: Int
    )] {
        var merged: [(start: Int, end: Int)] = []
        for hint in hints {
            let word = wordStart(hint.start, in: bytes)
            let end = lineEnd(after: hint.end, in: bytes)
            if let needs, !needs.holds(in: bytes, word..<end, hintEnd: hint.end, wordStart: word) { continue }
            let start = word > 0 && bytes[word - 1] != 0x0A ? word - 1 : word
            if let last = merged.last, start <= last.end {
                merged[merged.count - 1].end = max(last.end, end)
            } else {
                merged.append((start, end))
            }
        }
        return merged
    }
}
