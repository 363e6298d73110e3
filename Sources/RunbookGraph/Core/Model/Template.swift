/// `{{name}}` references in commands, texts and URLs.
///
/// Only an identifier between the braces (spaces allowed around it), and not
/// a Go template keyword such as `{{end}}`, is a reference; anything else, such as kubectl's Go template
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

    /// Go template words (kubectl `--template`, `-o go-template`): `{{end}}` is never a variable.
    static let goKeywords: Set<String> = [
        "end", "else", "if", "range", "with", "define", "template", "block", "break", "continue", "nil", "true", "false"
    ]

    /// Every reference in `text`, in order.
    public static func references(in text: String) -> [Reference] {
        // Most text holds none: found without copying its bytes.
        guard text.containsBytes("{{") else { return [] }
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
            if nameEnd > nameStart, j + 1 < bytes.count, bytes[j] == UInt8(ascii: "}"),
                bytes[j + 1] == UInt8(ascii: "}"),
                case let name = String(decoding: bytes[nameStart..<nameEnd], as: UTF8.self), !goKeywords.contains(name)
            {
                let column = String(decoding: bytes[lineStart..<i], as: UTF8.self).count
                refs.append(Reference(name: name, range: i..<(j + 2), line: line, column: column))
                i = j + 2
            } else {
                i += 2
            }
        }
        return refs
    }

    /// Variables a command reads from the environment: `$RUNBOOK_POD` and
    /// `${RUNBOOK_POD}` name `pod` (every value is exported as RUNBOOK_<NAME>).
    public static func environmentReferences(in text: String) -> [String] {
        guard text.containsBytes("RUNBOOK_") else { return [] }
        let bytes = Array(text.utf8)
        let prefix = Array("RUNBOOK_".utf8)
        var names: [String] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "$") else { i += 1; continue }
            var j = i + 1
            let braced = j < bytes.count && bytes[j] == UInt8(ascii: "{")
            if braced { j += 1 }
            guard j + prefix.count < bytes.count, bytes[j..<(j + prefix.count)].elementsEqual(prefix) else {
                i += 1; continue
            }
            j += prefix.count
            let start = j
            while j < bytes.count, isIdentifierTail(bytes[j]) { j += 1 }
            if j > start { names.append(String(decoding: bytes[start..<j], as: UTF8.self).lowercased()) }
            i = j
        }
        return names
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
