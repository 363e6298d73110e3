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

    /// Starts curses. `color` false: monochrome attributes only.
    init(color: Bool) {
        setenv("ESCDELAY", "25", 0)
        setlocale(LC_ALL, "")
        window = initscr()
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

    /// Keys arrive on standard input.
    var inputDescriptor: Int32 { 0 }

    /// Every key waiting, decoded.
    func readInput() -> [TerminalInput] {
        var out: [TerminalInput] = []
        while true {
            var ch: wint_t = 0
            let kind = wget_wch(window, &ch)
            if kind == ERR { break }
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
            case 27: out.append(.key(.escape))
            case 9: out.append(.key(.tab))
            case 127, 8: out.append(.key(.backspace))
            case 1...26: out.append(.key(.ctrl(Character(Unicode.Scalar(ch + 96)!))))
            default:
                if let scalar = Unicode.Scalar(UInt32(ch)) { out.append(.key(.char(Character(scalar)))) }
            }
        }
        return out
    }
}
