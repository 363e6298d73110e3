/// A length of time written as in runbooks: `500ms`, `10s`, `5m`, `1h30m`, `2d`.
public struct RunDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public static func seconds(_ s: Int64) -> RunDuration { RunDuration(milliseconds: s * 1000) }

    public var seconds: Double { Double(milliseconds) / 1000 }

    private static let units: [(suffix: String, ms: Int64)] = [
        ("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)
    ]

    /// Parses `1h30m`, `90s`, `250ms`. Nil when the text is not such a duration.
    public init?(parsing text: String) {
        let chars = Array(text.trimmingSpaces.utf8)
        guard !chars.isEmpty else { return nil }
        var total: Int64 = 0
        var i = 0
        while i < chars.count {
            var number: Int64 = 0
            let startDigits = i
            while i < chars.count, chars[i] >= UInt8(ascii: "0"), chars[i] <= UInt8(ascii: "9") {
                let (m, o1) = number.multipliedReportingOverflow(by: 10)
                let (a, o2) = m.addingReportingOverflow(Int64(chars[i] - UInt8(ascii: "0")))
                guard !o1, !o2 else { return nil }
                number = a
                i += 1
            }
            guard i > startDigits else { return nil }
            let startUnit = i
            while i < chars.count, chars[i] >= UInt8(ascii: "a"), chars[i] <= UInt8(ascii: "z") { i += 1 }
            let unit = String(decoding: chars[startUnit..<i], as: UTF8.self)
            guard let scale = Self.units.first(where: { $0.suffix == unit })?.ms else { return nil }
            let (part, o3) = number.multipliedReportingOverflow(by: scale)
            let (sum, o4) = total.addingReportingOverflow(part)
            guard !o3, !o4 else { return nil }
            total = sum
        }
        self.milliseconds = total
    }

    /// The shortest exact spelling, e.g. `1h30m` or `1500ms`.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var out = ""
        if rest % 1000 != 0 && rest < 60_000 { return "\(rest)ms" }
        for (suffix, ms) in Self.units.reversed() where ms >= 1000 {
            if rest >= ms {
                out += "\(rest / ms)\(suffix)"
                rest %= ms
            }
        }
        if rest > 0 { out += "\(rest)ms" }
        return out
    }

    public static func < (a: RunDuration, b: RunDuration) -> Bool { a.milliseconds < b.milliseconds }
}

extension StringProtocol {
    /// Without leading and trailing white space. ASCII ends are trimmed on
    /// UTF-8 bytes (the common case, and hot in the importer); others by Character.
    var trimmingSpaces: String {
        let whole = Substring(self)
        let bytes = whole.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, ASCII.isSpace(bytes[start]) { start = bytes.index(after: start) }
        while start < end, ASCII.isSpace(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        var s = whole[start..<end]
        if let f = s.first, f.isWhitespace || s.last?.isWhitespace == true {
            while let f = s.first, f.isWhitespace { s.removeFirst() }
            while let l = s.last, l.isWhitespace { s.removeLast() }
        }
        return String(s)
    }
}

extension String {
    /// Nothing to trim (most lines): the string itself, no copy.
    var trimmingSpaces: String {
        if let first = utf8.first, let last = utf8.last, first > 0x20, last > 0x20, first < 0x80, last < 0x80 {
            return self
        }
        return Substring(self).trimmingSpaces
    }
}
