#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The offset of the first `needle` in `haystack[from..<to]`: `memchr` for its
/// first byte, then `memcmp`. Every byte search of this file comes here.
func firstByteOffset(
    of needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>, from: Int = 0, to: Int? = nil
) -> Int? {
    let end = to ?? haystack.count
    guard let first = needle.first else { return from }
    guard let base = haystack.baseAddress, from >= 0, end - from >= needle.count else { return nil }
    var at = from
    let last = end - needle.count
    while at <= last {
        guard let hit = memchr(base + at, Int32(first), last - at + 1) else { return nil }
        let offset = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        if memcmp(base + offset, needle.baseAddress!, needle.count) == 0 { return offset }
        at = offset + 1
    }
    return nil
}

extension String {
    /// Substring test on UTF-8 bytes. Foundation's `contains` goes through
    /// NSString and dominated load time on large runbooks.
    func containsBytes(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in needle.withUTF8 { n in firstByteOffset(of: n, in: h) != nil } }
    }

    /// The first `needle`, found on UTF-8 bytes: `firstRange(of:)` walks
    /// Characters, and the importer asks it of every sentence of a page.
    func byteRange(of needle: String) -> Range<String.Index>? {
        guard !needle.isEmpty else { return nil }
        var haystack = self
        var needle = needle
        let offset = haystack.withUTF8 { h in needle.withUTF8 { n in firstByteOffset(of: n, in: h) } }
        guard let offset else { return nil }
        let start = utf8.index(startIndex, offsetBy: offset)
        return start..<utf8.index(start, offsetBy: needle.utf8.count)
    }

    /// Every occurrence of `target` (non-empty) replaced, on UTF-8 bytes.
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, containsBytes(target) else { return self }
        var haystack = self
        var target = target
        let replacementBytes = Array(replacement.utf8)
        return haystack.withUTF8 { h in
            target.withUTF8 { n in
                var out: [UInt8] = []
                out.reserveCapacity(h.count)
                var i = 0
                while i < h.count {
                    if h.count - i >= n.count, h[i] == n[0], memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 {
                        out += replacementBytes
                        i += n.count
                    } else {
                        out.append(h[i])
                        i += 1
                    }
                }
                return String(decoding: out, as: UTF8.self)
            }
        }
    }

    /// The lines between LF bytes, empty ones kept (splitting Characters is several times slower).
    var byteLines: [String] {
        utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Without trailing spaces and tabs.
    var droppingTrailingSpaces: String {
        var end = utf8.endIndex
        while end > utf8.startIndex, case let b = utf8[utf8.index(before: end)], b == 0x20 || b == 0x09 {
            end = utf8.index(before: end)
        }
        return end == utf8.endIndex ? self : String(self[..<end])
    }

    /// The text with ASCII letters lowered, for cheap case-insensitive tests.
    var asciiLowercased: String {
        String(decoding: utf8.map(ASCII.lowered), as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs wholly inside `range` of these bytes.
    func contains(_ needle: String, in range: Range<Int>) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
            withUnsafeBufferPointer { h in
                firstByteOffset(of: n, in: h, from: range.lowerBound, to: range.upperBound) != nil
            }
        }
    }

    /// The offset of the first `needle` at or after `from`.
    func firstOffset(of needle: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        return withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { firstByteOffset(of: $0, in: h, from: from) }
        }
    }
}

extension UInt8 {
    /// A letter, digit or `_` in ASCII: what `\b` in a regular expression counts as a word.
    var isWordByte: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
            || self == 0x5F
    }
}
