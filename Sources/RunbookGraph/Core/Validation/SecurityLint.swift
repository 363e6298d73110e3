/// Warnings for commands and texts that are risky to run at 3 a.m.:
/// piping a download into a shell, plain-http downloads, secrets written
/// literally into a runbook.
struct SecurityLint {
    // Cheap substring tests gate each regex so large runbooks stay fast.
    nonisolated(unsafe) static let pipeToShell = try! Regex(#"\b(curl|wget)\b[^;&\n]*\|\s*(sudo\s+)?(ba|z|k|da)?sh\b"#)
    nonisolated(unsafe) static let plainHTTP = try! Regex(
        #"\b(curl|wget)\b[^|;&\n]*\bhttp://(?!localhost\b|127\.|\[::1\])"#)
    func diagnostics(_ runbook: Runbook) -> [Diagnostic] {
        diagnostics(runbook, steps: runbook.steps.indices) + defaultDiagnostics(runbook)
    }

    /// The warnings for some of the steps: the validator spreads a long runbook's
    /// slices over every core, with its other checks. Each text tries only the
    /// patterns whose hints it holds (`SecretPattern.secrets`).
    func diagnostics(_ runbook: Runbook, steps: Range<Int>) -> [Diagnostic] {
        steps.flatMap { lint(runbook.steps[$0], texts: texts(of: runbook.steps[$0])) }
    }

    /// Variables whose default is a secret.
    func defaultDiagnostics(_ runbook: Runbook) -> [Diagnostic] {
        runbook.variables.compactMap { v in
            guard let value = v.defaultValue, !value.isEmpty, let kind = secret(in: "\(v.name)=\(value)") else {
                return nil
            }
            return .warning(
                v.location, "variable '\(v.name)' has \(kind) as its default: do not keep secrets in a runbook")
        }
    }

    func lint(_ step: Step, texts: [(String, SourceLocation)]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        if let run = step.run {
            let command = run.command
            if command.containsBytes("|"), command.containsBytes("curl") || command.containsBytes("wget"),
                command.contains(Self.pipeToShell)
            {
                out.append(
                    .warning(
                        run.commandLocation,
                        "step '\(step.id)' pipes a download into a shell: download, check, then run the file instead"
                    ))
            }
            if command.containsBytes("http://"), command.contains(Self.plainHTTP) {
                out.append(.warning(run.commandLocation, "step '\(step.id)' downloads over plain http: use https"))
            }
        }
        for (text, location) in texts {
            if let kind = secret(in: text) {
                out.append(
                    .warning(
                        location,
                        "step '\(step.id)' seems to contain \(kind) written literally: take it from a variable marked 'secret: true' or the environment"
                    ))
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

    /// The kind of the first secret written literally in `text` (the shared
    /// table of `SecretPattern`); placeholders such as `{{token}}`, `$TOKEN`
    /// or `<password>` and short words are not secrets.
    func secret(in text: String) -> String? {
        SecretPattern.secrets(in: text).first { _, secret in
            var s = secret.trimmingCharacters(in: .whitespaces)
            if let q = s.first, q == "\"" || q == "'" { s = String(s.dropFirst().dropLast()) }
            let placeholder =
                s.hasPrefix("$") || s.hasPrefix("<") || s.hasPrefix("%") || s.contains("{{")
                || s.allSatisfy { $0 == "*" || $0 == "x" || $0 == "X" || $0 == "." }
            return !placeholder && s.count >= 6
        }?.name
    }
}
