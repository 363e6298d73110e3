/// Inline pieces of Markdown text the importer looks for.
public enum MarkdownInline {
    public struct Link: Sendable, Equatable {
        public var text: String
        public var target: String
        public var isImage: Bool
    }

    /// Text between backticks, in order (a run of n backticks closes at the next run of n).
    public static func codeSpans(_ text: String) -> [String] {
        var out: [String] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            guard chars[i] == "`" else { i += 1; continue }
            var run = 0
            while i + run < chars.count, chars[i + run] == "`" { run += 1 }
            var j = i + run
            var closed = false
            while j < chars.count {
                if chars[j] == "`" {
                    var r = 0
                    while j + r < chars.count, chars[j + r] == "`" { r += 1 }
                    if r == run {
                        let span = String(String.UnicodeScalarView(chars[(i + run)..<j])).trimmingSpaces
                        if !span.isEmpty { out.append(span) }
                        i = j + r
                        closed = true
                        break
                    }
                    j += r
                } else {
                    j += 1
                }
            }
            if !closed { i += run }
        }
        return out
    }

    /// Inline `[text](target)`, images, reference-style `[text][name]` and
    /// `[name]`, autolinks `<https://...>` and bare `https://` URLs, in order.
    public static func links(_ text: String, references: [String: String] = [:]) -> [Link] {
        var out: [Link] = []
        let chars = Array(text.unicodeScalars)
        var i = 0
        var inCode = false
        while i < chars.count {
            let c = chars[i]
            if c == "`" { inCode.toggle(); i += 1; continue }
            if inCode { i += 1; continue }
            if c == "[", let (label, end) = bracketed(chars, from: i) {
                let isImage = i > 0 && chars[i - 1] == "!"
                if end < chars.count, chars[end] == "(", let close = closingParen(chars, from: end) {
                    var target = String(String.UnicodeScalarView(chars[(end + 1)..<close])).trimmingSpaces
                    if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
                    if target.hasPrefix("<"), target.hasSuffix(">") { target = String(target.dropFirst().dropLast()) }
                    out.append(Link(text: plain(label), target: target, isImage: isImage))
                    i = close + 1
                    continue
                }
                if end < chars.count, chars[end] == "[", let (name, after) = bracketed(chars, from: end) {
                    let key = (name.isEmpty ? label : name).lowercased()
                    if let target = references[key] { out.append(Link(text: plain(label), target: target, isImage: isImage)) }
                    i = after
                    continue
                }
                if let target = references[label.lowercased()] {
                    out.append(Link(text: plain(label), target: target, isImage: isImage))
                    i = end
                    continue
                }
                i += 1
                continue
            }
            if c == "<", let close = chars[i...].firstIndex(of: ">") {
                let inner = String(String.UnicodeScalarView(chars[(i + 1)..<close]))
                if inner.hasPrefix("http://") || inner.hasPrefix("https://") {
                    out.append(Link(text: inner, target: inner, isImage: false))
                    i = close + 1
                    continue
                }
            }
            if c == "h", i == 0 || !(chars[i - 1].properties.isAlphabetic || chars[i - 1] == "(" || chars[i - 1] == "/"),
               hasPrefix(chars, at: i, "https://") || hasPrefix(chars, at: i, "http://") {
                var j = i
                while j < chars.count, !chars[j].properties.isWhitespace, chars[j] != ")", chars[j] != "]", chars[j] != ">", chars[j] != "`" { j += 1 }
                var url = String(String.UnicodeScalarView(chars[i..<j]))
                while let last = url.last, ".,;:".contains(last) { url.removeLast() }
                out.append(Link(text: url, target: url, isImage: false))
                i = j
                continue
            }
            i += 1
        }
        return out
    }

    /// Text with links reduced to their text, images to their alt text, and
    /// emphasis markers (`**`, `__`, `*`, `_` around words) removed; code spans keep their backticks.
    public static func plain(_ text: String, references: [String: String] = [:]) -> String {
        var out = ""
        let chars = Array(text.unicodeScalars)
        var i = 0
        var inCode = false
        while i < chars.count {
            let c = chars[i]
            if c == "`" { inCode.toggle(); out.unicodeScalars.append(c); i += 1; continue }
            if inCode { out.unicodeScalars.append(c); i += 1; continue }
            if c == "!", i + 1 < chars.count, chars[i + 1] == "[" { i += 1; continue }
            if c == "[", let (label, end) = bracketed(chars, from: i) {
                if end < chars.count, chars[end] == "(", let close = closingParen(chars, from: end) {
                    out += plain(label)
                    i = close + 1
                    continue
                }
                if end < chars.count, chars[end] == "[", let (_, after) = bracketed(chars, from: end) {
                    out += plain(label)
                    i = after
                    continue
                }
                out += plain(label)
                i = end
                continue
            }
            if c == "*" || (c == "_" && (i == 0 || !chars[i - 1].properties.isAlphabetic || i + 1 >= chars.count || !chars[i + 1].properties.isAlphabetic)) {
                // Drop emphasis markers, keep a lone `*` that is not emphasis (e.g. `a * b`).
                let prevSpace = i == 0 || chars[i - 1].properties.isWhitespace
                let nextSpace = i + 1 >= chars.count || chars[i + 1].properties.isWhitespace
                if prevSpace && nextSpace { out.unicodeScalars.append(c) }
                i += 1
                continue
            }
            out.unicodeScalars.append(c)
            i += 1
        }
        return decodeEntities(out)
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&#39;` `&nbsp;` as characters.
    public static func decodeEntities(_ text: String) -> String {
        guard text.containsBytes("&") else { return text }
        var s = text
        for (entity, value) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&nbsp;", " "), ("&amp;", "&")] {
            s = s.replacingAll(entity, with: value)
        }
        return s
    }

    /// Splits prose into sentences at `. `, `! `, `? ` and line breaks that
    /// end with `:`; code spans and links are never split.
    public static func sentences(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        let chars = Array(text.unicodeScalars)
        var inCode = false
        var depth = 0
        var i = 0
        func push() {
            let s = current.trimmingSpaces
            if !s.isEmpty { out.append(s) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`" { inCode.toggle() }
            if !inCode {
                if c == "[" || c == "(" { depth += 1 }
                if (c == "]" || c == ")") && depth > 0 { depth -= 1 }
            }
            if c == "\n" {
                let line = current.trimmingSpaces
                let nextLine = String(String.UnicodeScalarView(chars[(i + 1)...].prefix { $0 != "\n" }.prefix(20))).trimmingSpaces.lowercased()
                let loneCode = line.hasPrefix("`") && line.hasSuffix("`") && line.count > 1
                let nextStarts = ["if ", "else", "otherwise", "failing that", "in case "].contains { nextLine.hasPrefix($0) }
                if !inCode, depth == 0, line.hasSuffix(":") || line.lowercased() == "else" || loneCode || nextStarts {
                    push()
                } else {
                    current.append(" ")
                }
                i += 1
                continue
            }
            current.unicodeScalars.append(c)
            if !inCode, depth == 0, c == "." || c == "!" || c == "?", i + 1 < chars.count, chars[i + 1] == " " || chars[i + 1] == "\n" {
                // Not after a lone initial or common abbreviation ("e.g. ", "i.e. ").
                let word = String(String.UnicodeScalarView(current.unicodeScalars.reversed().prefix { $0 != " " }.reversed()))
                if !["e.g.", "i.e.", "etc.", "vs.", "approx."].contains(word.lowercased()), word.unicodeScalars.count > 2 || c != "." {
                    push()
                }
            }
            i += 1
        }
        push()
        return out
    }

    static func bracketed(_ chars: [Unicode.Scalar], from start: Int) -> (String, Int)? {
        var depth = 0
        var j = start
        while j < chars.count {
            if chars[j] == "[" { depth += 1 }
            if chars[j] == "]" {
                depth -= 1
                if depth == 0 { return (String(String.UnicodeScalarView(chars[(start + 1)..<j])), j + 1) }
            }
            if chars[j] == "\n", j > start, chars[j - 1] == "\n" { return nil }
            j += 1
        }
        return nil
    }

    static func closingParen(_ chars: [Unicode.Scalar], from open: Int) -> Int? {
        var depth = 0
        var j = open
        while j < chars.count {
            if chars[j] == "(" { depth += 1 }
            if chars[j] == ")" {
                depth -= 1
                if depth == 0 { return j }
            }
            if chars[j] == " ", depth == 1, j > open + 1, chars[j - 1] != " ", !chars[(j + 1)...].prefix(1).contains("\"") {
                // `(url "title")` keeps going; `(a b)` is prose, not a link.
                return nil
            }
            j += 1
        }
        return nil
    }

    static func hasPrefix(_ chars: [Unicode.Scalar], at i: Int, _ prefix: String) -> Bool {
        var j = i
        for p in prefix.unicodeScalars {
            guard j < chars.count, chars[j] == p else { return false }
            j += 1
        }
        return true
    }
}
