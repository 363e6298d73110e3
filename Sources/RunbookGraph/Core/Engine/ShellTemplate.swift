/// A command template read the way a POSIX shell will read it: every `{{name}}`
/// with the quoting it stands in, so a value is always written as a literal
/// for exactly that place, or the place is named as one no value may stand in.
///
/// One segmentation serves the runner and the screen, so what is shown is
/// what runs.
public struct ShellTemplate: Sendable {
    /// How the shell reads the text at a placeholder.
    public enum Context: String, Sendable, Equatable {
        case unquoted, singleQuoted = "inside '…'", doubleQuoted = "inside \"…\"", dollarSingleQuoted = "inside $'…'"
    }

    public struct Placeholder: Sendable, Equatable {
        public var reference: Template.Reference
        public var context: Context
        /// Set where no value can be written as a literal.
        public var hazard: ShellHazard?
        public var name: String { reference.name }
    }

    public enum Segment: Sendable, Equatable {
        case text(String)
        /// A value written as a literal for its context (`rendered`), or nil when it has none yet.
        case value(name: String, rendered: String?, context: Context)
    }

    public let text: String
    public let placeholders: [Placeholder]

    public init(_ text: String) {
        self.text = text
        let references = Template.references(in: text)
        if references.isEmpty {
            placeholders = []
        } else {
            var scanner = ShellScanner(text: text, references: references)
            placeholders = scanner.scan()
        }
    }

    /// The first placeholder no value can stand in, if any.
    public var firstHazard: Placeholder? { placeholders.first { $0.hazard != nil } }

    /// The template cut into text and values, each value written for its context.
    /// `allowing` names hazards the caller means (the ssh template's `{{command}}`).
    public func segments(
        _ values: [String: String],
        allowing: (Placeholder) -> Bool = { _ in false }
    ) throws(ShellRenderError) -> [Segment] {
        guard !placeholders.isEmpty else { return [.text(text)] }
        let bytes = Array(text.utf8)
        var out: [Segment] = []
        var cursor = 0
        for p in placeholders {
            if cursor < p.reference.range.lowerBound {
                out.append(.text(String(decoding: bytes[cursor..<p.reference.range.lowerBound], as: UTF8.self)))
            }
            if let hazard = p.hazard, !allowing(p) { throw .hazard(p.name, hazard) }
            if let value = values[p.name] {
                if value.utf8.contains(0) { throw .nul(p.name) }
                out.append(.value(name: p.name, rendered: ShellQuote.literal(value, in: p.context), context: p.context))
            } else {
                out.append(.value(name: p.name, rendered: nil, context: p.context))
            }
            cursor = p.reference.range.upperBound
        }
        if cursor < bytes.count { out.append(.text(String(decoding: bytes[cursor...], as: UTF8.self))) }
        return out
    }

    /// The command with every known value written as a literal; unknown names stay `{{name}}`.
    public func render(
        _ values: [String: String],
        allowing: (Placeholder) -> Bool = { _ in false }
    ) throws(ShellRenderError) -> String {
        var out = ""
        for segment in try segments(values, allowing: allowing) {
            switch segment {
            case .text(let t): out += t
            case .value(let name, let rendered, _): out += rendered ?? "{{\(name)}}"
            }
        }
        return out
    }
}

/// Why a command could not be filled in.
public enum ShellRenderError: Error, Sendable, Equatable, CustomStringConvertible {
    case hazard(String, ShellHazard)
    case nul(String)

    public var description: String {
        switch self {
        case .hazard(let name, let hazard): return "'{{\(name)}}' stands \(hazard.place): \(hazard.why)"
        case .nul(let name):
            return "the value of '\(name)' contains a NUL byte, which no command can carry; the command is not run"
        }
    }
}

/// A place in a command where a value would be read as code, not as a literal.
public struct ShellHazard: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case backticks, commandSubstitution, arithmetic, parameterExpansion, heredoc, comment, escaped
        case eval, secondShell, remoteShell, interpreterCode, commandName, sshOption, unclosedQuote
    }

    public var kind: Kind
    /// Where, in words: "inside $(…)", "in the code of sh -c".
    public var place: String
    /// Why no literal is possible there.
    public var why: String

    /// How to write it instead, for `name`.
    public func rewrite(_ name: String) -> String {
        let env = "\"$RUNBOOK_\(name.uppercased())\""
        switch kind {
        case .backticks, .commandSubstitution, .arithmetic, .parameterExpansion, .heredoc:
            return
                "write \(env) instead of '{{\(name)}}': the shell reads it from the environment (every value is exported as RUNBOOK_<NAME>) and never as code"
        case .secondShell:
            return
                "pass the value as an argument (sh -c '… \"$1\" …' sh {{\(name)}}) or write \(env) inside the inner command, which reads it from the environment"
        case .eval:
            return "write the command without eval, with {{\(name)}} as an ordinary argument"
        case .remoteShell:
            return "give the step 'host:' and write the remote command on its own; runbook quotes it once more for ssh"
        case .interpreterCode:
            return
                "pass it as data: awk -v v={{\(name)}} '… v …', or read RUNBOOK_\(name.uppercased()) from the environment in the script"
        case .comment:
            return
                "move '{{\(name)}}' out of the comment: a value with a newline would end the comment and run the rest"
        case .escaped:
            return "remove the backslash before '{{\(name)}}'"
        case .commandName:
            return "name the program in the runbook; a value may be an argument but must not choose what runs"
        case .sshOption:
            return "do not build ssh options from values; put the option in the ssh template or ~/.ssh/config"
        case .unclosedQuote:
            return "close the quote that is left open"
        }
    }
}
