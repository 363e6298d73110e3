/// A JSON reader for alerts that never loses one to a detail: numbers stay
/// the text they were written as (`1e400` is a fine label value), a lone
/// surrogate escape becomes U+FFFD, a UTF-8 byte order mark is skipped, and
/// what is not JSON is reported at its line and column.
public indirect enum JSONText: Sendable, Equatable {
    case object([(String, JSONText)])
    case array([JSONText])
    case string(String)
    /// The number as written.
    case number(String)
    case bool(Bool)
    case null

    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var line: Int
        public var column: Int
        public var description: String { "line \(line), column \(column): \(message)" }
    }

    public static func == (a: JSONText, b: JSONText) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)), (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    public static let maxDepth = 256

    public static func parse(_ text: String) throws(ParseError) -> JSONText {
        var reader = JSONReader(bytes: Array(text.utf8))
        if reader.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.i = 3 }
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        if reader.i < reader.bytes.count { throw reader.error("text after the end of the JSON value") }
        return value
    }

    /// The member `key` of an object.
    public subscript(key: String) -> JSONText? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    /// A string or a number as text (label values); nil for anything else.
    public var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }
}

private struct JSONReader {
    let bytes: [UInt8]
    var i = 0

    func error(_ message: String) -> JSONText.ParseError {
        var line = 1
        var lineStart = 0
        for (n, b) in bytes[..<min(i, bytes.count)].enumerated() where b == 0x0A { line += 1; lineStart = n + 1 }
        let column = String(decoding: bytes[lineStart..<min(i, bytes.count)], as: UTF8.self).count + 1
        return JSONText.ParseError(message: message, line: line, column: column)
    }

    mutating func skipSpace() {
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
    }

    mutating func value(depth: Int) throws(JSONText.ParseError) -> JSONText {
        guard depth < JSONText.maxDepth else { throw error("nested more than \(JSONText.maxDepth) levels deep") }
        skipSpace()
        guard i < bytes.count else { throw error("the JSON ends where a value should be") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [(String, JSONText)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    throw error("expected a \"key\" in the object")
                }
                let key = try string()
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                    throw error("expected ':' after the key \"\(key)\"")
                }
                i += 1
                members.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard i < bytes.count else { throw error("the object is not closed with '}'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
                throw error("expected ',' or '}' in the object")
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONText] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard i < bytes.count else { throw error("the list is not closed with ']'") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
                throw error("expected ',' or ']' in the list")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): return try word("true", .bool(true))
        case UInt8(ascii: "f"): return try word("false", .bool(false))
        case UInt8(ascii: "n"): return try word("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            let digits = i
            while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || ".eE+-".utf8.contains(bytes[i]) { i += 1 }
            guard i > digits else { throw error("a number needs digits") }
            return .number(String(decoding: bytes[start..<i], as: UTF8.self))
        default:
            throw error("unexpected '\(String(decoding: [bytes[i]], as: UTF8.self))' where a value should be")
        }
    }

    mutating func word(_ w: String, _ value: JSONText) throws(JSONText.ParseError) -> JSONText {
        let expected = Array(w.utf8)
        guard bytes.count - i >= expected.count, Array(bytes[i..<(i + expected.count)]) == expected else {
            throw error("unexpected text where a value should be")
        }
        i += expected.count
        return value
    }

    /// A string at `i` (on its opening quote); escapes decoded.
    mutating func string() throws(JSONText.ParseError) -> String {
        i += 1
        var out: [UInt8] = []
        var pendingHigh: UInt32?
        func flushHigh(_ out: inout [UInt8]) {
            if pendingHigh != nil { out += Array("\u{FFFD}".utf8); pendingHigh = nil }
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                flushHigh(&out)
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") {
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                i += 2
                if e == UInt8(ascii: "u") {
                    guard i + 4 <= bytes.count,
                        let code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16)
                    else {
                        throw error("\\u needs four hex digits")
                    }
                    i += 4
                    if (0xD800...0xDBFF).contains(code) {
                        flushHigh(&out)
                        pendingHigh = code
                    } else if (0xDC00...0xDFFF).contains(code), let high = pendingHigh {
                        let scalar = Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))!
                        out += Array(String(Character(scalar)).utf8)
                        pendingHigh = nil
                    } else {
                        flushHigh(&out)
                        let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"  // a lone low surrogate
                        out += Array(String(Character(scalar)).utf8)
                    }
                    continue
                }
                flushHigh(&out)
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                default:
                    i -= 1
                    throw error("unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in a string")
                }
                continue
            }
            flushHigh(&out)
            out.append(b)
            i += 1
        }
        throw error("a string is not closed with '\"'")
    }
}
