/// Makes command output safe to show in a terminal: nothing in it can move
/// the cursor, change colours, set the title or reorder text. Colour and
/// other escape sequences are dropped; other control characters are shown
/// as visible symbols (␀, ␇, ...); invalid UTF-8 becomes �.
public enum DisplayText {
    /// One line of output (no newline in `bytes`) as display-safe text.
    /// A carriage return starts the line over, as on a terminal, so progress
    /// bars show their last state.
    public static func line(_ bytes: some Collection<UInt8>, tabWidth: Int = 8, maxColumns: Int = .max) -> String {
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
        // Past `maxColumns` nothing would show: a screen-wide row of a 16 KiB line is all that is made.
        for scalar in String(decoding: cleaned, as: UTF8.self).unicodeScalars {
            if column >= maxColumns { break }
            switch scalar.value {
            case 0x09:
                let spaces = tabWidth - column % tabWidth
                out += String(repeating: " ", count: spaces)
                column += spaces
                continue
            case 0x00..<0x20: out.unicodeScalars.append(Unicode.Scalar(0x2400 + scalar.value)!)
            case 0x7f: out += "␡"
            default:
                // C1 controls and the format characters that reorder or hide text.
                if needsEscape(scalar) { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
            column += 1
        }
        return out
    }

    /// Text from outside (alert values, hosts) for a message or a printed
    /// line: control characters, bidi controls and other invisible format
    /// characters become visible escapes (`\e`, `\r`, `\x00`, `\u{202E}`), so
    /// nothing in it can act on the terminal or hide what it says.
    public static func escaped(_ text: String) -> String {
        sanitised(text, keepingLines: false)
    }

    /// Text with lines for a person (a transcript, what a command prints):
    /// like `escaped`, but newlines and tabs stay, and a CR before a newline goes.
    public static func forPeople(_ text: String) -> String {
        sanitised(text, keepingLines: true)
    }

    static func sanitised(_ text: String, keepingLines: Bool) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains(where: needsEscape) else { return text }
        var out = String.UnicodeScalarView()
        var i = scalars.startIndex
        while i != scalars.endIndex {
            let scalar = scalars[i]
            i = scalars.index(after: i)
            if keepingLines {
                if scalar == "\n" || scalar == "\t" { out.append(scalar); continue }
                if scalar == "\r", i != scalars.endIndex, scalars[i] == "\n" { continue }
            }
            guard needsEscape(scalar) else { out.append(scalar); continue }
            let visible: String
            switch scalar.value {
            case 0x1b: visible = "\\e"
            case 0x0d: visible = "\\r"
            case 0x0a: visible = "\\n"
            case 0x09: visible = "\\t"
            case 0..<0x80: visible = "\\x" + hex(scalar.value, 2)
            default: visible = "\\u{" + hex(scalar.value, 4) + "}"
            }
            out.append(contentsOf: visible.unicodeScalars)
        }
        return String(out)
    }

    /// C0 and C1 controls, DEL, and the format characters that reorder or hide
    /// text (bidi embeddings, overrides, isolates and marks, zero-width ones).
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7f..<0xa0: return true
        case 0x061c, 0x200b...0x200f, 0x202a...0x202e, 0x2060...0x2069, 0xfeff, 0xfff9...0xfffb: return true
        default: return false
        }
    }

    static func hex(_ value: UInt32, _ digits: Int) -> String {
        let s = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - s.count)) + s
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
