/// POSIX shell quoting for values substituted into commands.
public enum ShellQuote {
    /// `value` as one literal shell word: left bare when it is made only of
    /// characters no shell treats specially, else single-quoted with each `'`
    /// written as `'\''`. `$(...)`, backticks, `;`, newlines: all literal.
    public static func quote(_ value: String) -> String {
        if value.isEmpty { return "''" }
        let safe = value.utf8.allSatisfy {
            ASCII.isAlphanumeric($0) || "_./:=@%+,-".utf8.contains($0)
        }
        if safe { return value }
        return "'" + singleQuoted(value) + "'"
    }

    /// `value` written so that, standing in `context`, the shell reads exactly its bytes.
    public static func literal(_ value: String, in context: ShellTemplate.Context) -> String {
        switch context {
        case .unquoted: return quote(value)
        case .singleQuoted: return singleQuoted(value)
        case .doubleQuoted: return doubleQuoted(value)
        case .dollarSingleQuoted: return dollarSingleQuoted(value)
        }
    }

    /// Inside `'…'`: close the quote, an escaped `'`, open it again.
    static func singleQuoted(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "'")) else { return value }
        var out = ""
        for c in value {
            if c == "'" { out += #"'\''"# } else { out.append(c) }
        }
        return out
    }

    /// Inside `"…"` only `$`, `` ` ``, `"` and `\` are special.
    public static func doubleQuoted(_ value: String) -> String {
        guard value.utf8.contains(where: { "$`\"\\".utf8.contains($0) }) else { return value }
        var out = ""
        for c in value {
            if c == "$" || c == "`" || c == "\"" || c == "\\" { out.append("\\") }
            out.append(c)
        }
        return out
    }

    /// Inside `$'…'`: `'` and `\` as hex escapes. A shell without `$'…'`
    /// (dash) reads the same text as a plain `'…'` string: wrong bytes, but
    /// never a way out of the quotes.
    static func dollarSingleQuoted(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\\") }) else { return value }
        var out = ""
        for c in value {
            if c == "'" { out += #"\x27"# } else if c == "\\" { out += #"\x5c"# } else { out.append(c) }
        }
        return out
    }

    /// The command with every `{{name}}` written as a literal for where it
    /// stands; unknown names stay as written (the UI asks for them first).
    public static func render(_ command: String, values: [String: String]) throws(ShellRenderError) -> String {
        try ShellTemplate(command).render(values)
    }
}
