/// Commands of steps with `host:` run through OpenSSH, by a template.
public enum RemoteCommand {
    /// `{{command}}` is written as one literal word, so the remote shell parses
    /// the command once, as it was shown; `--` ends ssh's options before the
    /// host, so no host is ever read as an option.
    public static let defaultTemplate = "ssh -o BatchMode=yes -o ConnectTimeout=10 -- {{host}} {{command}}"

    /// The command wrapped in the ssh template for `host`; refuses hosts that ssh could misread.
    public static func wrap(
        _ command: String, host: String, template: String = defaultTemplate
    ) throws(ExecutionError) -> String {
        if let problem = hostProblem(host) { throw ExecutionError(problem) }
        let shell = ShellTemplate(template)
        do {
            // The command is meant to be parsed by the remote shell; nothing else may be code.
            return try shell.render(["host": host, "command": command]) {
                $0.name == "command" && [.remoteShell, .secondShell].contains($0.hazard?.kind)
            }
        } catch {
            throw ExecutionError("the ssh template cannot carry the command: \(error)")
        }
    }

    /// Why `host` cannot be an ssh destination, or nil.
    public static func hostProblem(_ host: String) -> String? {
        if host.isEmpty { return "the host is empty" }
        if host.hasPrefix("-") {
            return
                "the host '\(DisplayText.escaped(host))' starts with '-', which ssh would read as an option; the command is not run"
        }
        if host.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            return
                "the host '\(DisplayText.escaped(host))' holds white space or control characters; the command is not run"
        }
        return nil
    }

    /// Why `template` cannot serve as the ssh template, or nil.
    public static func templateProblem(_ template: String) -> String? {
        let names = Set(Template.references(in: template).map(\.name))
        guard names.contains("command"), names.contains("host") else {
            return "the ssh template needs both {{host}} and {{command}}"
        }
        do {
            _ = try wrap("true", host: "example", template: template)
            return nil
        } catch {
            return error.message
        }
    }
}
