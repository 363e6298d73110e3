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
            secret.hints.contains(where: { lowered.containsBytes($0) }) && text.contains(secret.regex)
        }?.name
    }
}
