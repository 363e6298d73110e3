import Foundation
import RunbookGraph

/// Views are pure: the state in, a screen buffer out.
enum Render {
    static func screen(_ state: AppState, env: AppEnvironment) -> ScreenBuffer {
        var buffer = ScreenBuffer(width: state.width, height: state.height)
        let theme = Theme(state.display)
        if state.isTooSmall {
            tooSmall(&buffer, state)
            return buffer
        }
        switch state.screen {
        case .picker: PickerView.draw(&buffer, state, env: env, theme: theme)
        case .walk:
            if let walk = state.walk {
                if walk.session.isEnded {
                    EndView.draw(&buffer, state, walk, theme: theme)
                } else {
                    WalkView.draw(&buffer, state, walk, theme: theme)
                }
            }
        }
        if let overlay = state.overlay { OverlayView.draw(&buffer, overlay, state, theme: theme) }
        // One place makes every screen ASCII: glyphs a view chose, and text from outside.
        if state.display.ascii { buffer.makeASCII() }
        return buffer
    }

    static func tooSmall(_ buffer: inout ScreenBuffer, _ state: AppState) {
        defer { if state.display.ascii { buffer.makeASCII() } }
        let lines = [
            "Terminal too small: \(state.width)x\(state.height)",
            "runbook needs at least \(AppState.minimumWidth)x\(AppState.minimumHeight).",
            "Enlarge the window; nothing is lost. (q quits)"
        ]
        for (i, line) in lines.enumerated() {
            let y = max(0, state.height / 2 - 1) + i
            let x = max(0, (state.width - line.displayWidth) / 2)
            buffer.put(line, x: x, y: y, style: i == 0 ? .bold : .plain)
        }
    }

    /// `h:mm:ss` or `m:ss`.
    static func clock(_ seconds: TimeInterval) -> String {
        let s = max(0, Int(seconds))
        return s >= 3600
            ? String(format: "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// Key hints for the footer, from the key table.
    /// When they do not all fit, `?` and `q` stay (the way to every other key, and out) and the middle goes.
    static func footer(_ buffer: inout ScreenBuffer, _ hints: [(String, String)], theme: Theme) {
        let y = buffer.height - 1
        buffer.fill(x: 0, y: y, width: buffer.width, height: 1)
        func width(_ hint: (String, String)) -> Int { hint.0.displayWidth + hint.1.displayWidth + 3 }
        let kept = hints.filter { $0.0 == "?" || $0.0 == "q" }
        var shown = hints
        if hints.reduce(1, { $0 + width($1) }) > buffer.width {
            var room = buffer.width - 1 - kept.reduce(0) { $0 + width($1) }
            shown = []
            for hint in hints where !(hint.0 == "?" || hint.0 == "q") {
                guard width(hint) <= room else { break }
                room -= width(hint)
                shown.append(hint)
            }
            shown += kept
        }
        var x = 1
        for (key, label) in shown {
            if x + width((key, label)) > buffer.width { break }
            x = buffer.put(key, x: x, y: y, style: theme.key)
            x = buffer.put(" " + label, x: x, y: y, style: theme.dim) + 2
        }
    }

    /// Writes wrapped spans from row `y`, at most `maxRows`; returns rows used.
    @discardableResult
    static func paragraph(_ buffer: inout ScreenBuffer, _ lines: [[Span]], x: Int, y: Int, maxRows: Int) -> Int {
        var row = 0
        for line in lines.prefix(maxRows) {
            var col = x
            for span in line {
                col = buffer.put(span.text, x: col, y: y + row, style: span.style, maxWidth: buffer.width - col)
            }
            row += 1
        }
        return row
    }
}
