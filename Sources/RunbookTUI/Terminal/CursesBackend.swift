import CNcurses
import Foundation

/// The only code that calls ncurses: copies screen buffers to the terminal
/// (rows that changed since the last frame) and turns key codes into keys.
/// Used from one thread only.
final class CursesBackend: TerminalBackend {
    private var window: UnsafeMutablePointer<WINDOW>?
    private var previous: ScreenBuffer?
    private var pairs: [Int: Int16] = [:]
    private let useColor: Bool
    private let hyperlinks = Hyperlink.supported(ProcessInfo.processInfo.environment)
    /// The terminal's stream when drawing on /dev/tty.
    private var ttyFile: UnsafeMutablePointer<FILE>?

    /// Starts curses. `color` false: monochrome attributes only.
    init(color: Bool) {
        setenv("ESCDELAY", "25", 0)
        setlocale(LC_ALL, "")
        // On /dev/tty: standard output stays free for what the command prints as data.
        if let fd = ControllingTerminal.descriptor, let file = fdopen(dup(fd), "r+"), newterm(nil, file, file) != nil {
            ttyFile = file
            window = rb_stdscr()
        } else {
            window = initscr()
        }
        raw()
        noecho()
        nonl()
        keypad(window, true)
        nodelay(window, true)
        curs_set(0)
        var colors = false
        if color && has_colors() {
            start_color()
            use_default_colors()
            colors = true
        }
        useColor = colors
    }

    var size: (width: Int, height: Int) {
        var y: Int32 = 0, x: Int32 = 0
        rb_getmaxyx(window, &y, &x)
        return (Int(x), Int(y))
    }

    /// Leaves curses mode (on quit, or before an interactive command).
    func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Comes back after `suspend`, redrawing everything.
    func resume() {
        reset_prog_mode()
        previous = nil
        wclear(window)
        wrefresh(window)
    }

    func end() {
        endwin()
    }

    func forceRedraw() { previous = nil }

    func draw(_ buffer: ScreenBuffer) {
        let full = previous == nil || previous!.width != buffer.width || previous!.height != buffer.height
        if full { werase(window) }
        for y in 0..<buffer.height {
            if !full, let previous, rowEqual(previous, buffer, y) { continue }
            var x = 0
            while x < buffer.width {
                let style = buffer[x, y].style
                var text = ""
                let startX = x
                while x < buffer.width, buffer[x, y].style == style {
                    if !buffer[x, y].isContinuation { text.append(buffer[x, y].character) }
                    x += 1
                }
                apply(style)
                wmove(window, Int32(y), Int32(startX))
                // The bottom-right cell cannot be written without scrolling: leave it out.
                if y == buffer.height - 1 && x == buffer.width, !text.isEmpty { text.removeLast() }
                waddstr(window, text)
            }
        }
        wattr_set(window, rb_a_normal(), 0, nil)
        wrefresh(window)
        // Links over what curses drew (the same text): a click opens them where the terminal can.
        if hyperlinks {
            for link in buffer.hyperlinks { ControllingTerminal.send(link.sequence(in: buffer, color: useColor)) }
        }
        previous = buffer
    }

    private func rowEqual(_ a: ScreenBuffer, _ b: ScreenBuffer, _ y: Int) -> Bool {
        for x in 0..<a.width where a[x, y] != b[x, y] { return false }
        return true
    }

    private func apply(_ style: Style) {
        var attributes = rb_a_normal()
        if style.bold { attributes |= rb_a_bold() }
        if style.dim { attributes |= rb_a_dim() }
        if style.reverse { attributes |= rb_a_reverse() }
        if style.underline { attributes |= rb_a_underline() }
        var pair: Int16 = 0
        if useColor, style.fg != .default || style.bg != .default { pair = colorPair(style.fg, style.bg) }
        wattr_set(window, attributes, pair, nil)
    }

    private func colorPair(_ fg: Color, _ bg: Color) -> Int16 {
        let key = Int(fg.rawValue) * 16 + Int(bg.rawValue)
        if let pair = pairs[key] { return pair }
        let next = Int16(pairs.count + 1)
        guard Int(next) < rb_color_pairs() else { return 0 }
        init_pair(next, curses(fg), curses(bg))
        pairs[key] = next
        return next
    }

    private func curses(_ color: Color) -> Int16 {
        switch color {
        case .default: -1
        case .black: Int16(COLOR_BLACK)
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        case .white: Int16(COLOR_WHITE)
        }
    }

    /// Keys arrive from the terminal the UI draws on.
    var inputDescriptor: Int32 { ttyFile.map { fileno($0) } ?? 0 }

    /// Every key waiting, decoded.
    func readInput() -> [TerminalInput] {
        var out: [TerminalInput] = []
        /// Letters after an Esc in the same burst: Alt-B, or a key sequence terminfo did not name.
        var escape: [UInt32]?
        func endEscape() {
            guard let sequence = escape else { return }
            escape = nil
            out += EscapeSequence.decode(sequence).map { .key($0) }
        }
        while true {
            var ch: wint_t = 0
            let kind = wget_wch(window, &ch)
            if kind == ERR { break }
            if var sequence = escape {
                if kind != KEY_CODE_YES, ch != 27, EscapeSequence.continues(sequence, with: UInt32(ch)) {
                    sequence.append(UInt32(ch))
                    escape = sequence
                    continue
                }
                endEscape()
            }
            if kind == KEY_CODE_YES {
                switch Int32(ch) {
                case KEY_RESIZE:
                    let s = size
                    out.append(.resize(s.width, s.height))
                case KEY_UP: out.append(.key(.up))
                case KEY_DOWN: out.append(.key(.down))
                case KEY_LEFT: out.append(.key(.left))
                case KEY_RIGHT: out.append(.key(.right))
                case KEY_PPAGE: out.append(.key(.pageUp))
                case KEY_NPAGE: out.append(.key(.pageDown))
                case KEY_HOME: out.append(.key(.home))
                case KEY_END: out.append(.key(.end))
                case KEY_BACKSPACE: out.append(.key(.backspace))
                case KEY_DC: out.append(.key(.delete))
                case KEY_ENTER: out.append(.key(.enter))
                default: break
                }
                continue
            }
            switch ch {
            case 13, 10: out.append(.key(.enter))
            case 27: escape = []
            case 9: out.append(.key(.tab))
            case 127, 8: out.append(.key(.backspace))
            case 1...26: out.append(.key(.ctrl(Character(Unicode.Scalar(ch + 96)!))))
            default:
                if let scalar = Unicode.Scalar(UInt32(ch)) { out.append(.key(.char(Character(scalar)))) }
            }
        }
        endEscape()
        return out
    }
}

/// What follows an Esc in one burst of input: the sequences terminals send
/// for Home, End and the like when terminfo names others (tmux sends `ESC[1~`
/// for Home under a TERM that says `ESC OH`), and Alt with a letter.
enum EscapeSequence {
    /// Is `next` still part of the sequence so far?
    static func continues(_ sequence: [UInt32], with next: UInt32) -> Bool {
        guard next >= 0x20, next < 0x7F else { return false }
        // After a lone Esc: a letter (Alt-B) or the start of a sequence; a digit or a space is a key of its own.
        guard let first = sequence.first else {
            return (next >= 0x41 && next <= 0x5A) || (next >= 0x61 && next <= 0x7A) || next == 0x5B
        }
        // "[" or "O": a sequence goes on to its final letter.
        guard first == 0x5B || first == 0x4F else { return false }
        if sequence.count == 1 { return true }
        let last = sequence[sequence.count - 1]
        return !(last >= 0x40 && last <= 0x7E)  // after the final byte (a letter or ~) it has ended
    }

    static func decode(_ sequence: [UInt32]) -> [Key] {
        let text = String(String.UnicodeScalarView(sequence.compactMap(Unicode.Scalar.init)))
        switch text {
        case "": return [.escape]
        case "[1~", "[7~", "[H", "OH": return [.home]
        case "[4~", "[8~", "[F", "OF": return [.end]
        case "[3~": return [.delete]
        case "[5~": return [.pageUp]
        case "[6~": return [.pageDown]
        case "[A", "OA": return [.up]
        case "[B", "OB": return [.down]
        case "[C", "OC": return [.right]
        case "[D", "OD": return [.left]
        default: break
        }
        if sequence.count == 1, let scalar = Unicode.Scalar(sequence[0]), sequence[0] > 0x20 {
            return [.alt(Character(scalar))]
        }
        // Unknown: Esc and the letters as typed (nothing is lost or invented).
        return [.escape] + sequence.compactMap(Unicode.Scalar.init).map { .char(Character($0)) }
    }
}
