extension Character {
    /// Columns the character takes in a terminal: 2 for East Asian wide and
    /// emoji, 0 for combining marks and controls, else 1.
    var displayWidth: Int {
        guard let scalar = unicodeScalars.first else { return 0 }
        let v = scalar.value
        if v < 0x20 || (v >= 0x7f && v < 0xa0) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark { return 0 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1FAFF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }
}

extension String {
    var displayWidth: Int {
        // Printable ASCII, the common case, is one column a byte.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return utf8.count }
        return reduce(0) { $0 + $1.displayWidth }
    }

    /// Without its first `columns` columns (a wide character cut in half goes).
    func droppingColumns(_ columns: Int) -> String {
        guard columns > 0 else { return self }
        var used = 0
        var index = startIndex
        while index < endIndex, used < columns {
            used += self[index].displayWidth
            index = self.index(after: index)
        }
        return String(self[index...])
    }

    /// Cut to `width` columns, with an ellipsis when cut.
    func truncated(to width: Int, ascii: Bool = false) -> String {
        guard displayWidth > width else { return self }
        guard width > 1 else { return String(prefix(max(0, width))) }
        var out = ""
        var used = 0
        for ch in self {
            if used + ch.displayWidth > width - 1 { break }
            out.append(ch)
            used += ch.displayWidth
        }
        return out + (ascii ? "~" : "…")
    }
}

/// A piece of styled text.
struct Span: Equatable, Sendable {
    var text: String
    var style: Style
}

enum TextLayout {
    /// Wraps spans into lines of at most `width` columns, breaking at spaces
    /// where possible and inside words that are longer than a line.
    static func wrap(_ spans: [Span], width: Int, indent: Int = 0) -> [[Span]] {
        guard width > indent + 1 else { return [spans] }
        var lines: [[Span]] = [[]]
        var used = 0
        func newLine() {
            lines.append(indent > 0 ? [Span(text: String(repeating: " ", count: indent), style: .plain)] : [])
            used = indent
        }
        for span in spans {
            // Split into words keeping the spaces with the word before them.
            var word = ""
            func flush() {
                guard !word.isEmpty else { return }
                var w = word
                if used + w.trimmingTrailingSpaces.displayWidth > width, used > indent {
                    newLine()
                    w = String(w.drop { $0 == " " })
                }
                while w.displayWidth > width - used, used + 1 < width {
                    let room = width - used
                    var head = "", cols = 0
                    for ch in w { if cols + ch.displayWidth > room { break }; head.append(ch); cols += ch.displayWidth }
                    if head.isEmpty { break }
                    lines[lines.count - 1].append(Span(text: head, style: span.style))
                    w.removeFirst(head.count)
                    newLine()
                }
                lines[lines.count - 1].append(Span(text: w, style: span.style))
                used += w.displayWidth
                word = ""
            }
            for ch in span.text {
                if ch == "\n" {
                    flush()
                    newLine()
                    continue
                }
                word.append(ch)
                if ch == " " { flush() }
            }
            flush()
        }
        return lines
    }

    /// Markdown-lite: `code`, **bold**, [text](url) and bare lines; list
    /// markers and paragraphs are kept as written.
    static func markdown(_ text: String, base: Style = .plain, code: Style, link: Style) -> [Span] {
        var spans: [Span] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        func emit(_ style: Style) {
            if !current.isEmpty { spans.append(Span(text: current, style: style)) }
            current = ""
        }
        while i < chars.count {
            let c = chars[i]
            if c == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                emit(base)
                spans.append(Span(text: String(chars[(i + 1)..<end]), style: code))
                i = end + 1
            } else if c == "*", i + 1 < chars.count, chars[i + 1] == "*",
                let end = (i + 2 < chars.count ? Array(chars[(i + 2)...]) : []).indices.first(where: { j in
                    let k = i + 2 + j
                    return k + 1 < chars.count && chars[k] == "*" && chars[k + 1] == "*"
                })
            {
                emit(base)
                spans.append(Span(text: String(chars[(i + 2)..<(i + 2 + end)]), style: Style(fg: base.fg, bold: true)))
                i = i + 2 + end + 2
            } else if c == "[", let close = chars[i...].firstIndex(of: "]"), close + 1 < chars.count,
                chars[close + 1] == "(",
                let paren = chars[(close + 1)...].firstIndex(of: ")")
            {
                emit(base)
                spans.append(Span(text: String(chars[(i + 1)..<close]), style: link))
                spans.append(Span(text: " <" + String(chars[(close + 2)..<paren]) + ">", style: .dim))
                i = paren + 1
            } else {
                current.append(c)
                i += 1
            }
        }
        emit(base)
        return spans
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}

extension TextLayout {
    /// Text cut into rows of `width` columns (and at newlines), with the row and
    /// column of the cursor (a letter offset) and the letter under it.
    static func hardWrap(
        _ text: String, cursor: Int, width: Int
    ) -> (rows: [String], row: Int, column: Int, under: Character?) {
        var rows = [""]
        var column = 0
        var at = (row: 0, column: 0)
        var under: Character?
        for (i, c) in text.enumerated() {
            let w = max(1, String(c).displayWidth)
            if c != "\n", column + w > width {
                rows.append("")
                column = 0
            }
            if i == cursor {
                at = (rows.count - 1, column)
                under = c == "\n" ? nil : c
            }
            if c == "\n" {
                rows.append("")
                column = 0
                continue
            }
            rows[rows.count - 1].append(c)
            column += w
        }
        if cursor >= text.count {
            if column >= width {
                rows.append("")
                column = 0
            }
            at = (rows.count - 1, column)
        }
        return (rows, at.row, at.column, under)
    }
}
