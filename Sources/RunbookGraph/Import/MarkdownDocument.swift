/// The block structure of a Markdown runbook, as the importer needs it:
/// front matter, headings, paragraphs, list items (with their depth), fenced
/// code (``` and ~~~, also indented inside lists), and what is left aside
/// (HTML, kramdown attribute lines, Liquid and ERB tags). Every block keeps
/// its 1-based source line so review notes can point back at the document.
public struct MarkdownDocument: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case heading(level: Int, text: String, line: Int)
        case paragraph(text: String, line: Int)
        case listItem(depth: Int, ordered: Bool, text: String, line: Int)
        case code(language: String, text: String, line: Int)
        /// HTML, kramdown attributes, template tags: kept only so nothing is silently lost.
        case skipped(text: String, line: Int)

        public var isListItem: Bool { if case .listItem = self { true } else { false } }

        public var line: Int {
            switch self {
            case .heading(_, _, let l), .paragraph(_, let l), .listItem(_, _, _, let l), .code(_, _, let l),
                .skipped(_, let l):
                l
            }
        }
    }

    /// The front matter at the top, as text: YAML between `---` lines
    /// (Jekyll, Hugo, Middleman) or TOML between `+++` lines (Hugo).
    public var frontMatter: String?
    public var frontMatterIsTOML = false
    public var blocks: [Block]
    /// Reference-style link definitions (`[name]: url`), by lowercased name.
    public var references: [String: String] = [:]
    /// The column each block starts at, by its line: a block indented past a
    /// list item's marker belongs to that item (its code, its sub-list).
    public var indents: [Int: Int] = [:]

    /// Parses any text; never fails (anything unrecognised is a paragraph). A long
    /// document is parsed in parts on every core, cut at headings
    /// (`MarkdownDocument+Parts`).
    public init(_ text: String, split: ReadingSplit = .auto) {
        let lines = Lines(text)
        var first = 0
        frontMatter = nil
        if lines.count > 0, case let opener = lines[0].trimmingSpaces, opener == "---" || opener == "+++",
            let end = (1..<lines.count).first(where: {
                let line = lines[$0].trimmingSpaces
                return line == opener || (opener == "---" && line == "...")
            })
        {
            frontMatter = (1..<end).map { lines[$0] }.joined(separator: "\n")
            frontMatterIsTOML = opener == "+++"
            first = end + 1
        }
        let ranges = Self.parts(lines, from: first, split: split)
        var chunks = ranges.count > 1 ? ParallelSlots.each(ranges.count) { Chunk(lines, ranges[$0]) } : []
        // A fence left open at a cut runs on into the next part: parse in one pass.
        if chunks.isEmpty || chunks.dropLast().contains(where: \.fenceRunsOn) {
            chunks = [Chunk(lines, first..<lines.count)]
        }
        blocks = chunks.flatMap(\.blocks)
        for chunk in chunks {
            references.merge(chunk.references) { earlier, _ in earlier }
            indents.merge(chunk.indents) { earlier, _ in earlier }
        }
    }

    /// The blocks of a run of lines, parsed in one pass.
    struct Chunk {
        var blocks: [Block] = []
        var references: [String: String] = [:]
        var indents: [Int: Int] = [:]
        /// A fence opened here had no closing line before the end of the run.
        var fenceRunsOn = false

        init(_ all: Lines, _ range: Range<Int>) {
            // The run's own lines (made on the core that parses them), by their number in the document.
            let lines = Lines.Run(first: range.lowerBound, lines: range.map { all[$0] })
            var paragraph: [String] = []
            var paragraphLine = 0
            func flush() {
                if !paragraph.isEmpty {
                    blocks.append(.paragraph(text: paragraph.joined(separator: "\n"), line: paragraphLine))
                }
                paragraph = []
            }
            // Where the text of the innermost open list item starts: indented code needs four more.
            var listContent: Int?
            var i = range.lowerBound
            var afterBlank = true
            while i < range.upperBound {
                let raw = lines[i]
                var trimmed = raw.trimmingSpaces
                let indent = MarkdownDocument.indent(of: raw)
                let lineNumber = i + 1
                if trimmed.isEmpty {
                    flush()
                    afterBlank = true
                    i += 1
                    continue
                }
                defer { afterBlank = false }
                if !trimmed.isEmpty, indents[lineNumber] == nil { indents[lineNumber] = indent }
                // Setext headings: a paragraph underlined with `===` (level 1) or `---` (level 2).
                if !paragraph.isEmpty, indent < 4, trimmed.count >= 2, let mark = trimmed.first,
                    mark == "=" || mark == "-",
                    trimmed.allSatisfy({ $0 == mark })
                {
                    blocks.append(
                        .heading(
                            level: mark == "=" ? 1 : 2, text: paragraph.joined(separator: " "), line: paragraphLine))
                    paragraph = []
                    i += 1
                    continue
                }
                if afterBlank, let column = listContent, indent < column, MarkdownDocument.listItem(trimmed) == nil {
                    listContent = nil
                }
                // Four-space indented code after a blank line (past the text of an enclosing list item).
                if afterBlank, paragraph.isEmpty, indent >= (listContent ?? 0) + 4,
                    MarkdownDocument.fence(trimmed) == nil
                {
                    var body: [String] = []
                    var j = i
                    while j < range.upperBound,
                        lines[j].trimmingSpaces.isEmpty || MarkdownDocument.indent(of: lines[j]) >= indent
                    {
                        body.append(MarkdownDocument.dedent(lines[j], by: indent))
                        j += 1
                    }
                    while body.last?.trimmingSpaces.isEmpty == true { body.removeLast() }
                    blocks.append(.code(language: "", text: body.joined(separator: "\n"), line: lineNumber))
                    i = j
                    continue
                }
                if let (name, url) = MarkdownDocument.referenceDefinition(trimmed) {
                    flush()
                    if references[name] == nil { references[name] = url }
                    i += 1
                    continue
                }
                // Block quotes read as their text.
                while trimmed.hasPrefix(">") { trimmed = trimmed.dropFirst().trimmingSpaces }
                if trimmed.isEmpty { i += 1; continue }
                // Fenced code, possibly indented under a list item.
                if let fence = MarkdownDocument.fence(trimmed) {
                    flush()
                    var body: [String] = []
                    var j = i + 1
                    while j < range.upperBound {
                        let t = lines[j].trimmingSpaces
                        if t.hasPrefix(fence.marker), t.allSatisfy({ $0 == fence.marker.first }) { break }
                        body.append(MarkdownDocument.dedent(lines[j], by: indent))
                        j += 1
                    }
                    if j == range.upperBound { fenceRunsOn = true }
                    blocks.append(.code(language: fence.language, text: body.joined(separator: "\n"), line: lineNumber))
                    i = j + 1
                    continue
                }
                if let (level, title) = MarkdownDocument.heading(trimmed), indent < 4 {
                    flush()
                    // A heading ends the list: later lines are not read against its indentation.
                    listContent = nil
                    blocks.append(.heading(level: level, text: title, line: lineNumber))
                    i += 1
                    continue
                }
                if MarkdownDocument.isSkipped(trimmed) {
                    flush()
                    blocks.append(.skipped(text: trimmed, line: lineNumber))
                    i += 1
                    continue
                }
                if let (ordered, text) = MarkdownDocument.listItem(trimmed) {
                    flush()
                    listContent = indent + (trimmed.count - text.count)
                    // Following lines up to a blank line belong to the item (also "lazy"
                    // unindented ones), unless they start a new block.
                    var item = [text]
                    var j = i + 1
                    while j < range.upperBound {
                        let t = lines[j].trimmingSpaces
                        if t.isEmpty || MarkdownDocument.listItem(t) != nil || MarkdownDocument.fence(t) != nil
                            || MarkdownDocument.heading(t) != nil
                            || MarkdownDocument.isSkipped(t)
                        {
                            break
                        }
                        item.append(t)
                        j += 1
                    }
                    blocks.append(
                        .listItem(
                            depth: indent / 2, ordered: ordered, text: item.joined(separator: "\n"), line: lineNumber)
                    )
                    i = j
                    continue
                }
                if paragraph.isEmpty { paragraphLine = lineNumber }
                paragraph.append(trimmed)
                i += 1
            }
            flush()
        }
    }

    static func indent(of line: String) -> Int {
        line.prefix { $0 == " " || $0 == "\t" }.reduce(0) { $0 + ($1 == "\t" ? 4 : 1) }
    }

    /// `[name]: url` or `[name]: <url> "title"`.
    static func referenceDefinition(_ line: String) -> (String, String)? {
        guard line.first == "[", !line.hasPrefix("[^"), let close = line.firstIndex(of: "]") else { return nil }
        let after = line[line.index(after: close)...]
        guard after.first == ":" else { return nil }
        let name = line[line.index(after: line.startIndex)..<close]
        guard !name.isEmpty else { return nil }
        var url = after.dropFirst().trimmingSpaces
        url = String(url.prefix { $0 != " " })
        if url.hasPrefix("<"), url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
        guard !url.isEmpty else { return nil }
        return (name.lowercased(), url)
    }

    static func fence(_ line: String) -> (marker: String, language: String)? {
        for marker in ["```", "~~~"] where line.hasPrefix(marker) {
            let run = line.prefix { $0 == marker.first }
            let rest = line.dropFirst(run.count).trimmingSpaces
            if marker == "```" && rest.contains("`") { return nil }  // inline code, not a fence
            return (String(run), rest.split(separator: " ").first.map(String.init) ?? "")
        }
        return nil
    }

    static func heading(_ line: String) -> (Int, String)? {
        let hashes = line.prefix { $0 == "#" }.count
        guard (1...6).contains(hashes) else { return nil }
        let rest = line.dropFirst(hashes)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = rest.trimmingSpaces
        while text.hasSuffix("#") { text.removeLast() }
        return (hashes, text.trimmingSpaces)
    }

    static func listItem(_ line: String) -> (Bool, String)? {
        if let first = line.first, "-*+".contains(first), line.dropFirst().first == " " {
            return (false, line.dropFirst(2).trimmingSpaces)
        }
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, digits.count < 4 {
            let rest = line.dropFirst(digits.count)
            if let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " {
                return (true, rest.dropFirst(2).trimmingSpaces)
            }
        }
        return nil
    }

    /// HTML tags, kramdown attribute lines (`{: .label}`), Liquid (`{% %}`) and ERB (`<% %>`).
    static func isSkipped(_ line: String) -> Bool {
        line.hasPrefix("{:") || line.hasPrefix("{%") || line.hasPrefix("<%") || line.hasPrefix("<!--")
            || line.hasPrefix("{{<") || line.hasPrefix("{{%") || line == "[TOC]" || line == "[[_TOC_]]"
            || line == "[[TOC]]"
            || (line.hasPrefix("<") && !line.hasPrefix("<http")
                && line.dropFirst().first.map { $0.isLetter || $0 == "/" } == true)
    }

    static func dedent(_ line: String, by count: Int) -> String {
        var dropped = 0
        var index = line.startIndex
        while index < line.endIndex, dropped < count, line[index] == " " || line[index] == "\t" {
            dropped += 1
            index = line.index(after: index)
        }
        return String(line[index...])
    }
}
