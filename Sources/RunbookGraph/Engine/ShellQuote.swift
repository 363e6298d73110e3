/// POSIX shell quoting for values substituted into commands.
public enum ShellQuote {
    /// `value` as one literal shell word: left bare when it is made only of
    /// characters no shell treats specially, else single-quoted with each `'`
    /// written as `'\''`. `$(...)`, backticks, `;`, newlines: all literal.
    public static func quote(_ value: String) -> String {
        if value.isEmpty { return "''" }
        let safe = value.utf8.allSatisfy {
            RunbookDecoder.isASCIIAlphanumeric($0) || "_./:=@%+,-".utf8.contains($0)
        }
        if safe { return value }
        var out = "'"
        for c in value {
            if c == "'" { out += #"'\''"# } else { out.append(c) }
        }
        return out + "'"
    }

    /// The command with every `{{name}}` replaced by the quoted value; unknown
    /// names stay as written (the UI asks for them first).
    public static func render(_ command: String, values: [String: String]) -> String {
        Template.render(command) { values[$0].map(quote) }
    }
}
