import Foundation

/// A long document is parsed in parts on every core, cut at headings. Parsing
/// from a heading in column 0 needs nothing from the lines before it: a heading
/// ends a paragraph, a list item's lines and indented code, and the list whose
/// indentation later lines are read against. Only a fence reaches over it: the
/// cuts avoid fences as a scan of fence lines tells, and where the parser reads a
/// fence otherwise (a part's fence runs on to its end), the document is parsed in
/// one pass. So the blocks are those of one pass, however the document is cut.
extension MarkdownDocument {
    /// The lines of a text, found on its UTF-8 bytes (splitting Characters is several
    /// times slower on a large document) and made into strings only when asked for,
    /// on the core that parses them.
    struct Lines: Sendable {
        let bytes: [UInt8]
        /// Where each line starts, and one past the end of the text.
        let starts: [Int]

        init(_ text: String) {
            bytes = Array(text.utf8)
            var starts = [0]
            for (i, byte) in bytes.enumerated() where byte == 0x0A { starts.append(i + 1) }
            starts.append(bytes.count + 1)
            self.starts = starts
        }

        var count: Int { starts.count - 1 }

        /// A line without its line break (and the carriage return of a CRLF).
        subscript(i: Int) -> String {
            String(decoding: bytes[range(i)], as: UTF8.self)
        }

        func range(_ i: Int) -> Range<Int> {
            var end = starts[i + 1] - 1
            if end > starts[i], bytes[end - 1] == 0x0D { end -= 1 }
            return starts[i]..<end
        }

        /// Some of the lines, made once, read by their number in the whole text.
        struct Run {
            let first: Int
            let lines: [String]
            subscript(i: Int) -> String { lines[i - first] }
        }
    }

    /// Where to cut the lines from `first` on: at ATX headings in column 0 outside
    /// fences, about four parts per core (`everySection`: at every such heading).
    static func parts(_ lines: Lines, from first: Int, split: ReadingSplit) -> [Range<Int>] {
        guard split != .never, split == .everySection || lines.count - first >= minimumLinesInParts else {
            return [first..<lines.count]
        }
        let size =
            split == .everySection ? 1 : (lines.count - first) / (ProcessInfo.processInfo.activeProcessorCount * 4)
        var cuts = [first]
        var fence: String?
        for i in first..<lines.count {
            let range = lines.range(i)
            guard let byte = range.first.map({ lines.bytes[$0] }) else { continue }
            if byte == UInt8(ascii: "#") {
                if fence == nil, i - cuts[cuts.count - 1] >= size, i > first, isHeading(lines.bytes[range]) {
                    cuts.append(i)
                }
            } else if mayBeFence(lines.bytes[range]) {
                // As the parser reads a line for a fence: blanks and block quote marks dropped.
                var trimmed = lines[i].trimmingSpaces
                while trimmed.hasPrefix(">") { trimmed = trimmed.dropFirst().trimmingSpaces }
                if let open = fence {
                    if trimmed.hasPrefix(open), trimmed.allSatisfy({ $0 == open.first }) { fence = nil }
                } else if let opened = Self.fence(trimmed) {
                    fence = opened.marker
                }
            }
        }
        return zip(cuts, cuts.dropFirst() + [lines.count]).map { $0..<$1 }
    }

    /// One to six `#` and then a blank or the end of the line, as `heading` reads it.
    static func isHeading(_ line: ArraySlice<UInt8>) -> Bool {
        let hashes = line.prefix { $0 == UInt8(ascii: "#") }.count
        return (1...6).contains(hashes) && (hashes == line.count || line[line.startIndex + hashes] == 0x20)
    }

    /// A line whose first mark, past blanks and block quote marks, is a backtick or a tilde.
    static func mayBeFence(_ line: ArraySlice<UInt8>) -> Bool {
        for byte in line
        where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: ">") {
            return byte == UInt8(ascii: "`") || byte == UInt8(ascii: "~")
        }
        return false
    }

    /// Below ~5,000 lines (~200 KB) one pass takes a few milliseconds: not worth the threads.
    static let minimumLinesInParts = 5_000
}
