/// Inline pieces of Markdown text the importer looks for.
public enum MarkdownInline {
    public struct Link: Sendable, Equatable {
        public var text: String
        public var target: String
        public var isImage: Bool
    }

    /// Text between backticks, in order (a run of n backticks closes at the next run of n).
    public static func codeSpans(_ text: String) -> [String] {
        guard text.containsBytes("`") else { return [] }
        // On UTF-8 bytes: every delimiter is ASCII, which never occurs inside a multi-byte character.
        var out: [String] = []
        let chars = Array(text.utf8)
        let tick: UInt8 = 0x60
        var i = 0
        while i < chars.count {
            guard chars[i] == tick else { i += 1; continue }
            var run = 0
            while i + run < chars.count, chars[i + run] == tick { run += 1 }
            var j = i + run
            var closed = false
            while j < chars.count {
                if chars[j] == tick {
                    var r = 0
                    while j + r < chars.count, chars[j + r] == tick { r += 1 }
                    if r == run {
                        let span = String(decoding: chars[(i + run)..<j], as: UTF8.self).trimmingSpaces
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
        guard text.utf8.contains(where: { $0 == 0x5B || $0 == 0x3C || $0 == 0x68 }) else { return [] }
        let chars = Array(text.utf8)
        var i = 0
        var inCode = false
        while i < chars.count {
            let c = chars[i]
            if c == B.tick { inCode.toggle(); i += 1; continue }
            if inCode { i += 1; continue }
            if c == B.open, let (label, end) = bracketed(chars, from: i) {
                let isImage = i > 0 && chars[i - 1] == B.bang
                if end < chars.count, chars[end] == B.paren, let close = closingParen(chars, from: end) {
                    var target = String(decoding: chars[(end + 1)..<close], as: UTF8.self).trimmingSpaces
                    if let space = target.firstIndex(of: " ") { target = String(target[..<space]) }
                    if target.hasPrefix("<"), target.hasSuffix(">") { target = String(target.dropFirst().dropLast()) }
                    out.append(Link(text: plain(label), target: target, isImage: isImage))
                    i = close + 1
                    continue
                }
                if end < chars.count, chars[end] == B.open, let (name, after) = bracketed(chars, from: end) {
                    let key = (name.isEmpty ? label : name).lowercased()
                    if let target = references[key] {
                        out.append(Link(text: plain(label), target: target, isImage: isImage))
                    }
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
            if c == 0x3C, let close = chars[i...].firstIndex(of: 0x3E) {
                let inner = String(decoding: chars[(i + 1)..<close], as: UTF8.self)
                if inner.hasPrefix("http://") || inner.hasPrefix("https://") {
                    out.append(Link(text: inner, target: inner, isImage: false))
                    i = close + 1
                    continue
                }
            }
            if c == 0x68, i == 0 || !(B.isLetter(chars[i - 1]) || chars[i - 1] == B.paren || chars[i - 1] == 0x2F),
                hasPrefix(chars, at: i, "https://") || hasPrefix(chars, at: i, "http://")
            {
                var j = i
                while j < chars.count, !B.isSpace(chars[j]), chars[j] != B.close, chars[j] != 0x5D, chars[j] != 0x3E,
                    chars[j] != B.tick
                { j += 1 }
                var url = String(decoding: chars[i..<j], as: UTF8.self)
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
        plain(text, depth: 0)
    }

    static func plain(_ text: String, depth: Int) -> String {
        // Nothing to reduce: most sentences.
        if !text.utf8.contains(where: { $0 == 0x5B || $0 == 0x2A || $0 == 0x5F || $0 == 0x21 }) {
            return decodeEntities(text)
        }
        var out: [UInt8] = []
        let chars = Array(text.utf8)
        var i = 0
        var inCode = false
        while i < chars.count {
            let c = chars[i]
            if c == B.tick { inCode.toggle(); out.append(c); i += 1; continue }
            if inCode { out.append(c); i += 1; continue }
            if c == B.bang, i + 1 < chars.count, chars[i + 1] == B.open { i += 1; continue }
            // Nested labels are reduced a few levels deep; deeper ones stay as written.
            if c == B.open, depth < 4, let (label, end) = bracketed(chars, from: i) {
                if end < chars.count, chars[end] == B.paren, let close = closingParen(chars, from: end) {
                    out += plain(label, depth: depth + 1).utf8
                    i = close + 1
                    continue
                }
                if end < chars.count, chars[end] == B.open, let (_, after) = bracketed(chars, from: end) {
                    out += plain(label, depth: depth + 1).utf8
                    i = after
                    continue
                }
                out += plain(label, depth: depth + 1).utf8
                i = end
                continue
            }
            if c == 0x2A
                || (c == 0x5F
                    && (i == 0 || !B.isLetter(chars[i - 1]) || i + 1 >= chars.count || !B.isLetter(chars[i + 1])))
            {
                // Drop emphasis markers, keep a lone `*` that is not emphasis (e.g. `a * b`).
                let prevSpace = i == 0 || B.isSpace(chars[i - 1])
                let nextSpace = i + 1 >= chars.count || B.isSpace(chars[i + 1])
                if prevSpace && nextSpace { out.append(c) }
                i += 1
                continue
            }
            out.append(c)
            i += 1
        }
        return decodeEntities(String(decoding: out, as: UTF8.self))
    }

    /// `&lt;` `&gt;` `&amp;` `&quot;` `&#39;` `&nbsp;` as characters.
    public static func decodeEntities(_ text: String) -> String {
        guard text.containsBytes("&") else { return text }
        var s = text
        for (entity, value) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&nbsp;", " "),
            ("&amp;", "&")
        ] {
            s = s.replacingAll(entity, with: value)
        }
        return s
    }

    /// Splits prose into sentences at `. `, `! `, `? ` and line breaks that
    /// end with `:`; code spans and links are never split.
    public static func sentences(_ text: String) -> [String] {
        // On UTF-8 bytes, like `codeSpans`.
        var out: [String] = []
        let chars = Array(text.utf8)
        let newline: UInt8 = 0x0A, space: UInt8 = 0x20
        var start = 0
        var lineStart = 0
        var inCode = false
        var depth = 0
        var i = 0
        func push(_ end: Int) {
            var piece = Array(chars[start..<end])
            for k in piece.indices where piece[k] == newline { piece[k] = space }
            let s = String(decoding: piece, as: UTF8.self).trimmingSpaces
            if !s.isEmpty { out.append(s) }
        }
        func lineStarts(_ from: Int, with prefixes: [String]) -> Bool {
            var j = from
            while j < chars.count, chars[j] == space || chars[j] == 0x09 { j += 1 }
            let window = chars[j..<min(chars.count, j + 14)]
            // ASCII, as most text is: compared by byte, as Characters would compare.
            if window.allSatisfy({ $0 < 0x80 }) { return prefixes.contains { ASCII.opens(window, with: $0) } }
            let head = String(decoding: window, as: UTF8.self).lowercased()
            return prefixes.contains { head.hasPrefix($0) }
        }
        /// Whether the line ends a sentence: it ends in ":", is "else", is a code span alone.
        func lineEnds(_ from: Int, _ to: Int) -> Bool {
            var a = from
            var b = to
            while a < b, ASCII.isSpace(chars[a]) { a += 1 }
            while a < b, ASCII.isSpace(chars[b - 1]) { b -= 1 }
            if chars[a..<b].allSatisfy({ $0 < 0x80 }) {
                let tick: UInt8 = 0x60
                return (a < b && chars[b - 1] == 0x3A) || (b - a > 1 && chars[a] == tick && chars[b - 1] == tick)
                    || (b - a == 4 && ASCII.opens(chars[a..<b], with: "else"))
            }
            let line = String(decoding: chars[from..<to], as: UTF8.self).trimmingSpaces
            let loneCode = line.hasPrefix("`") && line.hasSuffix("`") && line.utf8.count > 1
            return line.hasSuffix(":") || line.lowercased() == "else" || loneCode
        }
        while i < chars.count {
            let c = chars[i]
            if c == 0x60 { inCode.toggle() }
            if !inCode {
                if c == 0x5B || c == 0x28 { depth += 1 }
                if (c == 0x5D || c == 0x29) && depth > 0 { depth -= 1 }
            }
            if c == newline {
                let line = lineStart..<i
                lineStart = i + 1
                if !inCode, depth == 0,
                    lineEnds(line.lowerBound, line.upperBound)
                        || lineStarts(i + 1, with: ["if ", "else", "otherwise", "failing that", "in case "])
                {
                    push(i)
                    start = i + 1
                }
                i += 1
                continue
            }
            if !inCode, depth == 0, c == 0x2E || c == 0x21 || c == 0x3F, i + 1 < chars.count,
                chars[i + 1] == space || chars[i + 1] == newline
            {
                // Not after a lone initial or common abbreviation ("e.g. ", "i.e. ").
                var w = i
                while w > start, chars[w - 1] != space, chars[w - 1] != newline, i - w < 12 { w -= 1 }
                if !isAbbreviation(chars[w...i]), i - w + 1 > 2 || c != 0x2E {
                    push(i + 1)
                    start = i + 1
                }
            }
            i += 1
        }
        push(chars.count)
        return out
    }

    static let abbreviations = ["e.g.", "i.e.", "etc.", "vs.", "approx."]

    /// "e.g.", "etc." and the like, in any case.
    static func isAbbreviation(_ word: ArraySlice<UInt8>) -> Bool {
        if word.allSatisfy({ $0 < 0x80 }) {
            return abbreviations.contains { $0.utf8.count == word.count && ASCII.opens(word, with: $0) }
        }
        return abbreviations.contains(String(decoding: word, as: UTF8.self).lowercased())
    }

    /// The `[label]` starting at `start`; labels longer than 1,000 bytes are not
    /// links, which also keeps `[[[[...` linear.
    static func bracketed(_ chars: [UInt8], from start: Int) -> (String, Int)? {
        var depth = 0
        var j = start
        while j < chars.count, j - start < 1_000 {
            if chars[j] == B.open { depth += 1 }
            if chars[j] == 0x5D {
                depth -= 1
                if depth == 0 { return (String(decoding: chars[(start + 1)..<j], as: UTF8.self), j + 1) }
            }
            if chars[j] == 0x0A, j > start, chars[j - 1] == 0x0A { return nil }
            j += 1
        }
        return nil
    }

    static func closingParen(_ chars: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var j = open
        while j < chars.count, j - open < 2_000 {
            if chars[j] == B.paren { depth += 1 }
            if chars[j] == B.close {
                depth -= 1
                if depth == 0 { return j }
            }
            if chars[j] == 0x20, depth == 1, j > open + 1, chars[j - 1] != 0x20,
                !chars[(j + 1)...].prefix(1).contains(0x22)
            {
                // `(url "title")` keeps going; `(a b)` is prose, not a link.
                return nil
            }
            j += 1
        }
        return nil
    }

    static func hasPrefix(_ chars: [UInt8], at i: Int, _ prefix: String) -> Bool {
        var j = i
        for p in prefix.utf8 {
            guard j < chars.count, chars[j] == p else { return false }
            j += 1
        }
        return true
    }
}

/// ASCII bytes the inline readers look for (UTF-8 never uses them inside a character).
private enum B {
    static let tick: UInt8 = 0x60, open: UInt8 = 0x5B, paren: UInt8 = 0x28, close: UInt8 = 0x29, bang: UInt8 = 0x21

    /// A letter: ASCII ones, and any non-ASCII byte (part of a letter in the scripts runbooks use).
    static func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b >= 0x80 }
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
}
