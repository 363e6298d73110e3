/// A run of cells that is a link: where the terminal supports OSC 8, the
/// backend makes it one (a click opens it), without changing what is shown.
struct Hyperlink: Equatable, Sendable {
    var x: Int
    var y: Int
    var length: Int
    var url: String

    /// An address fit to put in an escape sequence: printable ASCII only (a value
    /// with ESC or BEL in it must never end the sequence early), at most 2 KB.
    static func safe(_ url: String) -> String? {
        guard !url.isEmpty, url.utf8.count <= 2048, url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return url
    }

    /// The bytes that redraw the link's cells as an OSC 8 hyperlink: cursor saved,
    /// moved, the link opened, the same text in the same look, the link closed, cursor back.
    func sequence(in buffer: ScreenBuffer, color: Bool) -> [UInt8] {
        guard let url = Self.safe(url), y < buffer.height, x >= 0, length > 0 else { return [] }
        var text = ""
        var style = Style()
        for cx in x..<min(buffer.width, x + length) {
            let cell = buffer[cx, y]
            if cx == x { style = cell.style }
            if !cell.isContinuation { text.append(cell.character) }
        }
        var sgr = ["0"]
        if style.bold { sgr.append("1") }
        if style.underline { sgr.append("4") }
        if style.reverse { sgr.append("7") }
        if color, style.fg != .default { sgr.append(String(29 + Int(style.fg.rawValue))) }
        let out =
            "\u{1b}7\u{1b}[\(y + 1);\(x + 1)H\u{1b}[\(sgr.joined(separator: ";"))m\u{1b}]8;;\(url)\u{1b}\\"
            + text + "\u{1b}]8;;\u{1b}\\\u{1b}[0m\u{1b}8"
        return Array(out.utf8)
    }

    /// Terminals known to support OSC 8 (others ignore it, but a few print it): on when
    /// RUNBOOK_HYPERLINKS=1, off when 0, else by the terminal's own name. Under tmux only
    /// when asked, since tmux passes it on only when configured to.
    static func supported(_ environment: [String: String]) -> Bool {
        if let forced = environment["RUNBOOK_HYPERLINKS"] { return forced == "1" }
        if environment["TMUX"] != nil { return false }
        let program = environment["TERM_PROGRAM"] ?? ""
        if ["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "rio"].contains(program) { return true }
        if let vte = environment["VTE_VERSION"].flatMap(Int.init), vte >= 5000 { return true }
        let term = environment["TERM"] ?? ""
        return ["kitty", "foot", "alacritty", "wezterm"].contains { term.contains($0) }
    }
}
