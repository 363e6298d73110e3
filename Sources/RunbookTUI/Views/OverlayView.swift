import RunbookGraph

/// Boxes drawn over the screen: help, prompts, confirmation, graph, jobs.
enum OverlayView {
    static func draw(_ buffer: inout ScreenBuffer, _ overlay: Overlay, _ state: AppState, theme: Theme) {
        switch overlay {
        case .help(let mode, let top): help(&buffer, mode: mode, top: top, theme: theme)
        case .prompt(let prompt): self.prompt(&buffer, prompt, theme: theme)
        case .confirm(let plan): confirm(&buffer, plan, theme: theme)
        case .graph(let selected): graph(&buffer, state, selected: selected, theme: theme)
        case .jobs(let selected): jobs(&buffer, state, selected: selected, theme: theme)
        case .notice(let title, let text, let top): notice(&buffer, title: title, text: text, top: top, theme: theme)
        }
    }

    static func centeredBox(
        _ buffer: inout ScreenBuffer, width: Int, height: Int, title: String, theme: Theme
    ) -> (x: Int, y: Int, w: Int, h: Int) {
        let w = min(buffer.width - 4, width), h = min(buffer.height - 2, height)
        let x = (buffer.width - w) / 2, y = max(1, (buffer.height - h) / 2)
        buffer.box(x: x, y: y, width: w, height: h, title: title, ascii: theme.ascii)
        return (x, y, w, h)
    }

    /// The key map of the mode the help was opened from.
    static func help(_ buffer: inout ScreenBuffer, mode: InputMode, top: Int = 0, theme: Theme) {
        // The scrolling keys share one line so the walk's help fits 80x24.
        let scrolling: Set<KeyCommand> = [
            .scrollUp, .scrollDown, .pageUp, .pageDown, .top, .bottom, .scrollLeft, .scrollRight
        ]
        var rows: [(String, String)] = []
        for binding in KeyMap.bindings(mode) where !scrolling.contains(binding.command) {
            let keys = binding.keys.count > 3 ? binding.label : binding.keys.map(label).joined(separator: " ")
            if binding.sharesRow, let last = rows.popLast() {
                rows.append((last.0 + " " + keys, last.1 + "; " + keys + ": " + binding.help))
            } else {
                rows.append((keys, binding.help))
            }
        }
        if KeyMap.takesText(mode) { rows.insert(("letters", mode == .picker ? "filter the list" : "type"), at: 0) }
        if mode == .walk {
            rows.insert(("↑↓←→ PgUp/Dn", "scroll the output (also k j); Home: top, End: follow"), at: rows.count - 2)
        }
        // How to close it is in the title, so every row of the map fits 80x24.
        let box = centeredBox(
            &buffer, width: 76, height: rows.count + 2, title: "Keys · Esc, q or ? closes", theme: theme)
        let visible = box.h - 2
        // Too many rows for the terminal: ↓ and ↑ scroll, and the last row says more follow.
        let first = min(top, max(0, rows.count - visible))
        for (i, row) in rows.dropFirst(first).prefix(visible).enumerated() {
            var row = row
            if i == visible - 1, first + visible < rows.count {
                row = ("↓ more", "\(rows.count - first - visible + 1) more keys: ↓ or j")
            }
            if i == 0, first > 0 { row = ("↑ more", "keys above: ↑ or k") }
            buffer.put(row.0, x: box.x + 2, y: box.y + 1 + i, style: theme.key, maxWidth: 14)
            buffer.put(row.1, x: box.x + 16, y: box.y + 1 + i, style: .plain, maxWidth: box.w - 18)
        }
    }

    static func label(_ key: Key) -> String {
        switch key {
        case .char(let c): String(c)
        case .ctrl(let c): "^" + String(c).uppercased()
        case .alt(let c): "Alt-" + String(c).uppercased()
        case .enter: "Enter"
        case .escape: "Esc"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .tab: "Tab"
        case .backspace: "⌫"
        case .delete: "Del"
        }
    }

    static func prompt(_ buffer: inout ScreenBuffer, _ prompt: Prompt, theme: Theme) {
        let inner = min(buffer.width - 8, 90)
        let shownText = prompt.secret ? String(repeating: "•", count: prompt.text.count) : prompt.text
        let edit = TextLayout.hardWrap(shownText, cursor: prompt.cursor ?? prompt.text.count, width: inner - 2)
        let body =
            prompt.choices.isEmpty ? min(max(1, edit.rows.count), prompt.multiline ? 10 : 4) : prompt.choices.count
        // The detail wraps (a silence's matchers are shown whole), as far as the screen has room.
        var detail = (prompt.detail ?? "").split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            TextLayout.wrap([Span(text: String($0), style: theme.dim)], width: inner).map { $0.map(\.text).joined() }
        }
        let room = max(1, buffer.height - body - 8)
        if detail.count > room {  // never cut without saying so
            let hidden = detail.count - room + 1
            detail =
                detail.prefix(room - 1) + [
                    "\(theme.ascii ? "..." : "…") \(hidden) more line\(hidden == 1 ? "" : "s"): a taller terminal shows all"
                ]
        }
        let height = body + 4 + (prompt.detail == nil ? 0 : detail.count) + (prompt.error == nil ? 0 : 1)
        let box = centeredBox(&buffer, width: inner + 4, height: height, title: prompt.title, theme: theme)
        var y = box.y + 1
        if prompt.detail != nil {
            for row in detail {
                buffer.put(row, x: box.x + 2, y: y, style: theme.dim, maxWidth: box.w - 4)
                y += 1
            }
        }
        if prompt.choices.isEmpty {
            // The rows around the cursor, and the cursor as a reversed cell (a bar in ASCII-safe form after the text).
            let first = max(0, min(edit.row - body + 1, edit.rows.count - body))
            for (i, row) in edit.rows.dropFirst(first).prefix(body).enumerated() {
                buffer.put(row, x: box.x + 2, y: y + i, style: theme.value, maxWidth: box.w - 4)
            }
            let under = edit.under.map(String.init) ?? " "
            buffer.put(under, x: box.x + 2 + edit.column, y: y + edit.row - first, style: Style(reverse: true))
            y += body
        } else {
            for (i, choice) in prompt.choices.enumerated() {
                let selected = i == prompt.selected
                buffer.put(
                    " \(i + 1) \(choice.label)", x: box.x + 2, y: y + i, style: selected ? theme.selected : .plain,
                    maxWidth: box.w - 4)
            }
            y += prompt.choices.count
        }
        if let error = prompt.error {
            buffer.put(error, x: box.x + 2, y: y, style: theme.bad, maxWidth: box.w - 4)
            y += 1
        }
        let hint =
            prompt.choices.isEmpty
            ? (prompt.multiline ? "Ctrl-D: done · Esc: cancel" : "Enter: done · Ctrl-U: clear · Esc: cancel")
            : "↑↓ or 1-\(min(9, prompt.choices.count)): pick · Enter: done · Esc: cancel"
        buffer.put(hint, x: box.x + 2, y: box.y + box.h - 2, style: theme.dim, maxWidth: box.w - 4)
    }

    /// Text to read in a box, wrapped; Esc closes it.
    static func notice(_ buffer: inout ScreenBuffer, title: String, text: String, top: Int = 0, theme: Theme) {
        let inner = min(buffer.width - 8, 90)
        let lines = NoticeLayout.lines(text, screenWidth: buffer.width)
        let rows = min(lines.count, buffer.height - 6)
        let first = min(top, max(0, lines.count - rows))
        let box = centeredBox(&buffer, width: inner + 4, height: rows + 4, title: title, theme: theme)
        for (i, line) in lines.dropFirst(first).prefix(rows).enumerated() {
            var x = box.x + 2
            for span in line {
                x = buffer.put(span.text, x: x, y: box.y + 1 + i, style: span.style, maxWidth: box.x + box.w - 2 - x)
            }
        }
        let below = lines.count - first - rows
        let where_ = below > 0 ? "\(below) more lines: ↓ j Space · " : first > 0 ? "↑ k: back up · " : ""
        buffer.put(where_ + "Esc: close", x: box.x + 2, y: box.y + box.h - 2, style: theme.dim, maxWidth: box.w - 4)
    }

    static func confirm(_ buffer: inout ScreenBuffer, _ plan: CommandPlan, theme: Theme) {
        let inner = min(buffer.width - 8, 90)
        let lines = TextLayout.wrap([Span(text: plan.masked(plan.command), style: theme.value)], width: inner - 2)
        let box = centeredBox(
            &buffer, width: inner + 4, height: lines.count + 7 + (plan.host == nil ? 0 : 1),
            title: "Run this command?", theme: theme)
        var y = box.y + 1
        buffer.put("Careful: \(plan.confirmation ?? "")", x: box.x + 2, y: y, style: theme.bad, maxWidth: box.w - 4)
        y += 2
        y += Render.paragraph(&buffer, lines, x: box.x + 2, y: y, maxRows: lines.count)
        if let host = plan.host {
            buffer.put("on \(host) via ssh", x: box.x + 2, y: y, style: theme.dim)
            y += 1
        }
        buffer.put("y: run it · e: edit it · n/Esc: do not run", x: box.x + 2, y: box.y + box.h - 2, style: theme.key)
    }

    /// The graph as an indented tree from the start; visited steps marked.
    static func graph(_ buffer: inout ScreenBuffer, _ state: AppState, selected: Int, theme: Theme) {
        guard let session = state.walk?.session, let runbook = session.runbook else { return }
        let visited = Set(session.visits.filter { $0.runbook == runbook.id }.map(\.step))
        let box = centeredBox(
            &buffer, width: buffer.width - 4, height: buffer.height - 2, title: "Graph of \(runbook.id)", theme: theme)
        let rows = GraphOutline.lines(runbook)
        let selectedRow = min(selected, max(0, rows.count - 1))
        let visible = box.h - 3
        let first = max(0, min(selectedRow - visible / 2, rows.count - visible))
        for (i, row) in rows.enumerated().dropFirst(first).prefix(visible) {
            let y = box.y + 1 + i - first
            let isCurrent = row.step == session.frame?.step
            let mark = isCurrent ? theme.pointer : visited.contains(row.step) ? theme.check : " "
            var style: Style = visited.contains(row.step) ? theme.ok : .plain
            if i == selectedRow { style = theme.selected }
            let title = runbook.step(row.step)?.title ?? row.step
            let text =
                String(repeating: "  ", count: row.depth) + (row.via.map { "\($0) \(theme.arrow) " } ?? "")
                + title + (row.repeated ? "  (see above)" : "")
            buffer.put(mark, x: box.x + 2, y: y, style: isCurrent ? theme.suggested : theme.ok)
            buffer.put(text, x: box.x + 4, y: y, style: style, maxWidth: box.w - 6)
        }
        buffer.put(
            "↑↓: select · Enter: go back to a visited step · Esc: close", x: box.x + 2,
            y: box.y + box.h - 2, style: theme.dim, maxWidth: box.w - 4)
    }

    static func jobs(_ buffer: inout ScreenBuffer, _ state: AppState, selected: Int, theme: Theme) {
        let jobs = state.walk?.jobs ?? []
        let box = centeredBox(
            &buffer, width: 80, height: max(5, jobs.count + 4), title: "Background commands", theme: theme)
        if jobs.isEmpty { buffer.put("None running.", x: box.x + 2, y: box.y + 1, style: theme.dim) }
        for (i, job) in jobs.enumerated() {
            buffer.put(
                "[\(job.id)] \(job.step): \(job.command)", x: box.x + 2, y: box.y + 1 + i,
                style: i == selected ? theme.selected : .plain, maxWidth: box.w - 4)
        }
        buffer.put("x: stop the selected one · Esc: close", x: box.x + 2, y: box.y + box.h - 2, style: theme.dim)
    }
}
