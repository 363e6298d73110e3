import RunbookGraph

/// Colours the UI uses; the backend maps them to the terminal's (or to
/// nothing in monochrome, where styles carry the meaning).
enum Color: UInt8, Sendable, CaseIterable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white
}

struct Style: Hashable, Sendable {
    var fg: Color = .default
    var bg: Color = .default
    var bold = false
    var dim = false
    var reverse = false
    var underline = false

    static let plain = Style()
    static let bold = Style(bold: true)
    static let dim = Style(dim: true)
    static let reverse = Style(reverse: true)
    static func fg(_ c: Color, bold: Bool = false) -> Style { Style(fg: c, bold: bold) }
}

struct Cell: Hashable, Sendable {
    var character: Character = " "
    var style: Style = .plain
    /// The right half of a wide character: drawn by the cell before it.
    var isContinuation = false
}

/// A grid of styled cells: what views draw into and what the terminal
/// backend copies to the screen. Snapshot tests read it as text.
struct ScreenBuffer: Equatable, Sendable {
    let width: Int
    let height: Int
    private(set) var cells: [Cell]
    /// Runs of cells that are links (OSC 8 where the terminal has it).
    private(set) var hyperlinks: [Hyperlink] = []

    mutating func link(x: Int, y: Int, length: Int, url: String) {
        guard length > 0, y >= 0, y < height else { return }
        hyperlinks.append(Hyperlink(x: x, y: y, length: length, url: url))
    }

    init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns and the buffer;
    /// returns the column after the last character written.
    @discardableResult
    mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(width, x + (maxWidth ?? width))
        var col = x
        for var ch in text {
            // Whatever reaches the screen is text: no control or bidi character acts on the terminal.
            if ch.unicodeScalars.contains(where: DisplayText.needsEscape) { ch = Self.visible(ch) }
            let w = ch.displayWidth
            if w == 0 { continue }
            if col + w > limit { break }
            if col >= 0 {
                self[col, y] = Cell(character: ch, style: style)
                if w == 2 { self[col + 1, y] = Cell(character: " ", style: style, isContinuation: true) }
            }
            col += w
        }
        return col
    }

    /// A control character as its symbol (␛, ␀, ␡), anything else hidden as �.
    static func visible(_ ch: Character) -> Character {
        guard let scalar = ch.unicodeScalars.first, ch.unicodeScalars.count == 1 else { return "\u{FFFD}" }
        switch scalar.value {
        case 0x00..<0x20: return Character(Unicode.Scalar(0x2400 + scalar.value)!)
        case 0x7f: return "␡"
        default: return "\u{FFFD}"
        }
    }

    mutating func fill(x: Int, y: Int, width w: Int, height h: Int, style: Style = .plain, character: Character = " ") {
        for row in max(0, y)..<min(height, y + h) {
            for col in max(0, x)..<min(width, x + w) { self[col, row] = Cell(character: character, style: style) }
        }
    }

    mutating func horizontalLine(y: Int, x: Int = 0, width w: Int? = nil, style: Style = .dim, ascii: Bool) {
        fill(x: x, y: y, width: w ?? width, height: 1, style: style, character: ascii ? "-" : "─")
    }

    /// A bordered box with a title, cleared inside.
    mutating func box(x: Int, y: Int, width w: Int, height h: Int, title: String, style: Style = .plain, ascii: Bool) {
        guard w >= 2, h >= 2 else { return }
        fill(x: x, y: y, width: w, height: h, style: style)
        let (tl, tr, bl, br, hz, vt): (Character, Character, Character, Character, Character, Character) =
            ascii ? ("+", "+", "+", "+", "-", "|") : ("┌", "┐", "└", "┘", "─", "│")
        for col in x..<(x + w) {
            put(String(hz), x: col, y: y, style: style)
            put(String(hz), x: col, y: y + h - 1, style: style)
        }
        for row in y..<(y + h) {
            put(String(vt), x: x, y: row, style: style)
            put(String(vt), x: x + w - 1, y: row, style: style)
        }
        put(String(tl), x: x, y: y, style: style); put(String(tr), x: x + w - 1, y: y, style: style)
        put(String(bl), x: x, y: y + h - 1, style: style); put(String(br), x: x + w - 1, y: y + h - 1, style: style)
        if !title.isEmpty { put(" \(title) ", x: x + 2, y: y, style: Style(fg: style.fg, bold: true), maxWidth: w - 4) }
    }

    /// The rows as plain text, trailing spaces trimmed: what snapshot tests compare.
    var text: String {
        (0..<height).map { row in
            var line = ""
            for col in 0..<width where !self[col, row].isContinuation { line.append(self[col, row].character) }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }
}

extension ScreenBuffer {
    /// Glyphs the views use, as one ASCII character each (so no layout moves).
    static let asciiGlyphs: [Character: Character] = [
        "·": "-", "…": "~", "↑": "^", "↓": "v", "←": "<", "→": ">", "↗": ">", "★": "*", "•": "*", "▏": "|",
        "─": "-", "━": "-", "│": "|", "┃": "|", "┌": "+", "┐": "+", "└": "+", "┘": "+", "├": "+", "┤": "+",
        "┬": "+", "┴": "+", "┼": "+", "✓": "+", "✗": "x", "✔": "+", "✘": "x", "⌫": "<", "›": ">", "‹": "<",
        "“": "\"", "”": "\"", "‘": "'", "’": "'", "–": "-", "—": "-", "⏎": "<", "␇": "?", "█": "#", "░": ".", "▶": ">"
    ]

    /// Every cell in ASCII: known glyphs by their look-alike, any other character
    /// (text from an alert or a command in a terminal that cannot show it) as `?`.
    mutating func makeASCII() {
        for y in 0..<height {
            for x in 0..<width {
                let cell = self[x, y]
                guard !cell.character.isASCII, !cell.isContinuation else { continue }
                self[x, y] = Cell(character: Self.asciiGlyphs[cell.character] ?? "?", style: cell.style)
                // A wide character's right half becomes a space of its own.
                if x + 1 < width, self[x + 1, y].isContinuation {
                    self[x + 1, y] = Cell(character: " ", style: cell.style)
                }
            }
        }
    }
}
