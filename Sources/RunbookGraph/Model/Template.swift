/// `{{name}}` references in commands, texts and URLs.
///
/// Only an identifier between the braces (spaces allowed around it) is a
/// reference; anything else, such as kubectl's Go template
/// `{{(index .spec.containers 0)}}` or `{{"\n"}}`, is literal text.
public enum Template {
    public struct Reference: Sendable, Equatable {
        public var name: String
        /// UTF-8 offset range of `{{ name }}` in the template.
        public var range: Range<Int>
        /// Line and column offsets of `{{` from the start of the template.
        public var line: Int
        public var column: Int
    }

    /// Every reference in `text`, in order.
    public static func references(in text: String) -> [Reference] {
        let bytes = Array(text.utf8)
        var refs: [Reference] = []
        var i = 0
        var line = 0
        var lineStart = 0
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "\n") {
                line += 1
                lineStart = i + 1
                i += 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "{"), bytes[i + 1] == UInt8(ascii: "{") else {
                i += 1
                continue
            }
            var j = i + 2
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
            let nameStart = j
            if j < bytes.count, isIdentifierHead(bytes[j]) {
                j += 1
                while j < bytes.count, isIdentifierTail(bytes[j]) { j += 1 }
            }
            let nameEnd = j
            while j < bytes.count, bytes[j] == UInt8(ascii: " ") { j += 1 }
            if nameEnd > nameStart, j + 1 < bytes.count, bytes[j] == UInt8(ascii: "}"), bytes[j + 1] == UInt8(ascii: "}") {
                let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self)
                let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).count
                refs.append(Reference(name: name, range: i..<(j + 2), line: line, column: column))
                i = j + 2
            } else {
                i += 2
            }
        }
        return refs
    }

    /// Replaces each reference by `value(name)`; references it returns nil for stay as written.
    public static func render(_ text: String, value: (String) -> String?) -> String {
        let refs = references(in: text)
        guard !refs.isEmpty else { return text }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var cursor = 0
        for ref in refs {
            out.append(contentsOf: bytes[cursor..<ref.range.lowerBound])
            if let v = value(ref.name) {
                out.append(contentsOf: v.utf8)
            } else {
                out.append(contentsOf: bytes[ref.range])
            }
            cursor = ref.range.upperBound
        }
        out.append(contentsOf: bytes[cursor...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func isIdentifierHead(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || b == UInt8(ascii: "_")
    }

    private static func isIdentifierTail(_ b: UInt8) -> Bool {
        isIdentifierHead(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
