/// Makes command output safe to show in a terminal: nothing in it can move
/// the cursor, change colours, set the title or reorder text. Colour and
/// other escape sequences are dropped; other control characters are shown
/// as visible symbols (␀, ␇, ...); invalid UTF-8 becomes �.
public enum DisplayText {
    /// One line of output (no newline in `bytes`) as display-safe text.
    /// A carriage return starts the line over, as on a terminal, so progress
    /// bars show their last state.
    public static func line(_ bytes: some Collection<UInt8>, tabWidth: Int = 8) -> String {
        var cleaned: [UInt8] = []
        cleaned.reserveCapacity(bytes.count)
        var i = bytes.startIndex
        var lastCR: Int?
        while i != bytes.endIndex {
            let b = bytes[i]
            if b == 0x1b {
                i = skipEscape(bytes, from: i)
                continue
            }
            if b == 0x0d {
                // "\r" at the very end (from "\r\n") changes nothing; elsewhere it rewinds.
                let next = bytes.index(after: i)
                if next != bytes.endIndex { lastCR = cleaned.count }
                i = next
                continue
            }
            cleaned.append(b)
            i = bytes.index(after: i)
        }
        if let lastCR { cleaned.removeFirst(lastCR) }
        var out = ""
        out.reserveCapacity(cleaned.count)
        var column = 0
        for scalar in String(decoding: cleaned, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x09:
                let spaces = tabWidth - column % tabWidth
                out += String(repeating: " ", count: spaces)
                column += spaces
                continue
            case 0x00..<0x20: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7f: out += "␡"
            case 0x80..<0xa0, 0x202a...0x202e, 0x2066...0x2069: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
            column += 1
        }
        return out
    }

    /// Index after the escape sequence starting at `start` (ESC): CSI
    /// (`ESC [ ... final`), OSC/DCS/APC/PM/SOS (up to BEL or `ESC \`), or a
    /// two-byte escape.
    static func skipEscape<C: Collection<UInt8>>(_ bytes: C, from start: C.Index) -> C.Index {
        var i = bytes.index(after: start)
        guard i != bytes.endIndex else { return i }
        let kind = bytes[i]
        i = bytes.index(after: i)
        switch kind {
        case UInt8(ascii: "["):
            while i != bytes.endIndex {
                let b = bytes[i]
                i = bytes.index(after: i)
                if b >= 0x40 && b <= 0x7e { break }
            }
        case UInt8(ascii: "]"), UInt8(ascii: "P"), UInt8(ascii: "_"), UInt8(ascii: "^"), UInt8(ascii: "X"):
            while i != bytes.endIndex {
                let b = bytes[i]
                if b == 0x07 { return bytes.index(after: i) }
                if b == 0x1b {
                    let next = bytes.index(after: i)
                    if next != bytes.endIndex, bytes[next] == UInt8(ascii: "\\") { return bytes.index(after: next) }
                }
                i = bytes.index(after: i)
            }
        default:
            break
        }
        return i
    }
}
