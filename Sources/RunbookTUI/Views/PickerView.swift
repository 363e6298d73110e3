import RunbookGraph

/// The library: filter as you type, or paste an alert to find its runbook.
enum PickerView {
    static func draw(_ buffer: inout ScreenBuffer, _ state: AppState, env: AppEnvironment, theme: Theme) {
        buffer.fill(x: 0, y: 0, width: buffer.width, height: 1, style: theme.header)
        buffer.put(" runbook · pick a runbook", x: 0, y: 0, style: theme.header)
        if !env.libraryProblems.isEmpty {
            // Never silent: a runbook with an error is left out, and the picker says how many.
            let n = env.libraryProblems.count
            let note = " \(n) file\(n == 1 ? "" : "s") left out: ! lists \(n == 1 ? "it" : "them") "
            buffer.put(note, x: max(0, buffer.width - note.displayWidth), y: 0, style: theme.warn)
        }
        var y = 2
        if let alert = state.picker.alert {
            buffer.put("Alert: ", x: 1, y: y, style: theme.title)
            buffer.put(
                alert.title ?? alert.labels["alertname"] ?? "(pasted)", x: 8, y: y, style: .plain,
                maxWidth: buffer.width - 9)
            y += 1
            buffer.put("Runbooks whose match: fits it, best first (Esc: all runbooks)", x: 1, y: y, style: theme.dim)
            y += 1
        }
        var x = buffer.put("Filter: ", x: 1, y: y, style: theme.title)
        x = buffer.put(state.picker.filter, x: x, y: y, style: theme.value)
        buffer.put(theme.ascii ? "_" : "▏", x: x, y: y, style: theme.dim)
        if let status = state.status {
            buffer.put(status, x: 1, y: y + 1, style: theme.warn, maxWidth: buffer.width - 2)
        }
        y += 2
        buffer.horizontalLine(y: y, ascii: theme.ascii)
        y += 1
        let entries = Picker.entries(state, env: env)
        if entries.isEmpty {
            buffer.put(
                env.library.isEmpty
                    ? "No runbooks found: name a folder with --library DIR or set RUNBOOK_PATH."
                    : "No runbook matches.", x: 1, y: y, style: theme.dim)
        }
        let rows = buffer.height - 2 - y
        let first = max(0, state.picker.selected - rows + 1)
        for (i, entry) in entries.enumerated().dropFirst(first).prefix(rows) {
            let selected = i == state.picker.selected
            let row = y + i - first
            if selected { buffer.fill(x: 0, y: row, width: buffer.width, height: 1, style: theme.selected) }
            let style = selected ? theme.selected : Style.plain
            var cx = buffer.put(selected ? " \(theme.pointer) " : "   ", x: 0, y: row, style: style)
            cx = buffer.put(
                entry.title, x: cx, y: row, style: selected ? Style(bold: true, reverse: true) : theme.title,
                maxWidth: buffer.width / 2)
            let facts = "  \(entry.detail)"
            buffer.put(facts, x: cx, y: row, style: selected ? style : theme.dim, maxWidth: buffer.width - cx - 1)
        }
        let empty = state.picker.filter.isEmpty && state.picker.alert == nil
        var hints: [(String, String)] = [("type", "filter"), ("↑↓", "select")]
        for binding in KeyMap.picker where binding.footer {
            if binding.onlyWithoutText, !state.picker.filter.isEmpty { continue }
            if binding.command == .quit { continue }  // Esc says it when the filter is empty
            hints.append((binding.label, binding.command == .clearFilter ? (empty ? "quit" : "clear") : binding.hint))
        }
        Render.footer(&buffer, hints, theme: theme)
    }
}
