/// Warnings for commands and texts that are risky to run at 3 a.m.:
/// piping a download into a shell, plain-http downloads, secrets written
/// literally into a runbook.
struct SecurityLint {
    // Cheap substring tests gate each regex so large runbooks stay fast.
    nonisolated(unsafe) static let pipeToShell = try! Regex(#"\b(curl|wget)\b[^;&\n]*\|\s*(sudo\s+)?(ba|z|k|da)?sh\b"#)
    nonisolated(unsafe) static let plainHTTP = try! Regex(#"\b(curl|wget)\b[^|;&\n]*\bhttp://(?!localhost\b|127\.|\[::1\])"#)
    /// Each secret pattern with the lower-case words one of which its match must contain.
    nonisolated(unsafe) static let secrets: [(name: String, hints: [String], regex: Regex<AnyRegexOutput>)] = [
        ("a private key", ["-----begin"], try! Regex(#"-----BEGIN [A-Z ]*PRIVATE KEY-----"#)),
        ("an AWS access key", ["akia"], try! Regex(#"\bAKIA[0-9A-Z]{16}\b"#)),
        ("a GitHub token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], try! Regex(#"\bgh[pousr]_[A-Za-z0-9]{30,}"#)),
        ("a Slack token", ["xox"], try! Regex(#"\bxox[abprs]-[A-Za-z0-9-]{10,}"#)),
        ("a bearer token", ["bearer"], try! Regex(#"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{20,}"#)),
        ("a password or token", ["password", "passwd", "pwd", "token", "secret", "api_key", "api-key", "apikey"],
         try! Regex(#"(?i)\b(password|passwd|pwd|token|secret|api[_-]?key)\s*[=:]\s*['"]?[^\s'"{}$<]{6,}"#)),
    ]

    func diagnostics(_ runbook: Runbook) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for step in runbook.steps {
            if let run = step.run {
                let command = run.command
                if command.containsBytes("|"), command.containsBytes("curl") || command.containsBytes("wget"),
                   command.contains(Self.pipeToShell) {
                    out.append(.warning(run.commandLocation, "step '\(step.id)' pipes a download into a shell: download, check, then run the file instead"))
                }
                if command.containsBytes("http://"), command.contains(Self.plainHTTP) {
                    out.append(.warning(run.commandLocation, "step '\(step.id)' downloads over plain http: use https"))
                }
            }
            for (text, location) in texts(of: step) {
                if let kind = secret(in: text) {
                    out.append(.warning(location, "step '\(step.id)' seems to contain \(kind) written literally: take it from a variable marked 'secret: true' or the environment"))
                }
            }
        }
        for v in runbook.variables {
            if let value = v.defaultValue, let kind = secret(in: "\(v.name)=\(value)"), !value.isEmpty {
                out.append(.warning(v.location, "variable '\(v.name)' has \(kind) as its default: do not keep secrets in a runbook"))
            }
        }
        return out
    }

    func texts(of step: Step) -> [(String, SourceLocation)] {
        var out: [(String, SourceLocation)] = []
        if let run = step.run { out.append((run.command, run.commandLocation)) }
        if let text = step.text { out.append((text, step.location)) }
        for link in step.links { out.append((link.url, link.location)) }
        return out
    }

    func secret(in text: String) -> String? {
        let lowered = text.asciiLowercased
        return Self.secrets.first { secret in
            guard secret.hints.contains(where: { lowered.containsBytes($0) }) else { return false }
            // `password: x` needs `=` or `:` after the word; prose that only mentions it skips the regex.
            if secret.name == "a password or token", !Self.hasAssignment(lowered, after: secret.hints) { return false }
            // The regex runs only on the text around each hint: long step texts stay cheap.
            return Self.windows(of: text, lowered: lowered, around: secret.hints).contains { $0.contains(secret.regex) }
        }?.name
    }

    /// Up to 300 bytes from shortly before each hint (ASCII lowering keeps byte
    /// offsets; a character cut at an edge decodes as U+FFFD, which no pattern needs).
    static func windows(of text: String, lowered: String, around hints: [String]) -> [String] {
        let original = Array(text.utf8)
        let bytes = Array(lowered.utf8)
        var out: [String] = []
        for hint in hints {
            let h = Array(hint.utf8)
            var i = 0
            while i + h.count <= bytes.count, out.count < 20 {
                if bytes[i] == h[0], bytes[i..<(i + h.count)].elementsEqual(h) {
                    let from = max(0, i - 8)
                    out.append(String(decoding: original[from..<min(original.count, from + 300)], as: UTF8.self))
                    i += h.count
                } else {
                    i += 1
                }
            }
        }
        return out
    }

    /// Whether one of `words` is followed, after spaces, by `=` or `:`.
    static func hasAssignment(_ lowered: String, after words: [String]) -> Bool {
        let bytes = Array(lowered.utf8)
        for word in words {
            let w = Array(word.utf8)
            var i = 0
            while i + w.count <= bytes.count {
                if bytes[i] == w[0], Array(bytes[i..<(i + w.count)]) == w {
                    var j = i + w.count
                    while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                    if j < bytes.count, bytes[j] == 0x3D || bytes[j] == 0x3A { return true }
                }
                i += 1
            }
        }
        return false
    }
}
