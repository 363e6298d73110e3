import RunbookGraph

/// The library: filter as you type, or paste an alert to find its runbook.
enum PickerView {
    static func draw(_ buffer: inout ScreenBuffer, _ state: AppState, env: AppEnvironment, theme: Theme) {
        buffer.fill(x: 0, y: 0, width: buffer.width, height: 1, style: theme.header)
        let alerts = state.picker.showsAlerts && env.alertmanager != nil
        buffer.put(alerts ? " runbook · alerts" : " runbook · pick a runbook", x: 0, y: 0, style: theme.header)
        if !env.libraryProblems.isEmpty {
            // Never silent: a runbook with an error is left out, and the picker says how many.
            let n = env.libraryProblems.count
            let note = " \(n) file\(n == 1 ? "" : "s") left out: ! lists \(n == 1 ? "it" : "them") "
            buffer.put(note, x: max(0, buffer.width - note.displayWidth), y: 0, style: theme.warn)
        }
        var y = 2
        if env.alertmanager != nil {
            let (text, ok) = AlertsPicker.status(state, env: env)
            buffer.put(text, x: 1, y: 1, style: ok ? theme.dim : theme.warn, maxWidth: buffer.width - 2)
        }
        if !alerts, let alert = state.picker.alert {
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
        if alerts {
            drawAlerts(&buffer, state, from: y, theme: theme)
        } else {
            drawRunbooks(&buffer, state, env: env, from: y, theme: theme)
        }
        if let said = remembered(state, env: env) {
            buffer.put(said, x: 1, y: buffer.height - 2, style: theme.dim, maxWidth: buffer.width - 2)
        }
        let empty = state.picker.filter.isEmpty && state.picker.alert == nil
        var hints: [(String, String)] = [("type", "filter"), ("↑↓", "select")]
        for binding in KeyMap.picker where binding.footer {
            if binding.onlyWithoutText, !state.picker.filter.isEmpty { continue }
            if binding.command == .quit { continue }  // Esc says it when the filter is empty
            if binding.command == .switchView {
                if env.alertmanager != nil { hints.append((alerts ? "←" : "→", alerts ? "runbooks" : "alerts")) }
                continue
            }
            hints.append((binding.label, binding.command == .clearFilter ? (empty ? "quit" : "clear") : binding.hint))
        }
        Render.footer(&buffer, hints, theme: theme)
    }

    /// What earlier walks say about the selected runbook for the alert in hand.
    static func remembered(_ state: AppState, env: AppEnvironment) -> String? {
        guard let memory = state.memory else { return nil }
        if state.picker.showsAlerts, env.alertmanager != nil {
            let entries = AlertsPicker.entries(state)
            guard state.picker.selected < entries.count, let best = entries[state.picker.selected].best else {
                return nil
            }
            return memory.summary(best.runbook, alert: entries[state.picker.selected].walkAlert, now: state.now)
        }
        let entries = Picker.entries(state, env: env)
        guard let alert = state.picker.alert, state.picker.selected < entries.count,
            case .runbook(let card) = entries[state.picker.selected],
            let runbook = env.catalog.triageRunbook(id: card.id)
        else { return nil }
        return memory.summary(runbook, alert: alert, now: state.now)
    }

    static func drawRunbooks(
        _ buffer: inout ScreenBuffer, _ state: AppState, env: AppEnvironment, from y: Int, theme: Theme
    ) {
        let entries = Picker.entries(state, env: env)
        if entries.isEmpty {
            buffer.put(
                env.catalog.isEmpty
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
    }

    /// Alertmanager's alerts under a line per alertname; each with its runbook and the values it would get.
    static func drawAlerts(_ buffer: inout ScreenBuffer, _ state: AppState, from y: Int, theme: Theme) {
        let entries = AlertsPicker.entries(state)
        if entries.isEmpty {
            let text =
                state.inbox.list == nil
                ? "No alerts read yet." : state.picker.filter.isEmpty ? "Nothing fires." : "No alert matches."
            buffer.put(text, x: 1, y: y, style: theme.dim)
            return
        }
        // One row per group heading and per alert; the selection is an alert's index.
        var rows: [(text: String, entry: Int?)] = []
        var lastGroup: String?
        for (i, entry) in entries.enumerated() {
            if entry.alert.alertname != lastGroup {
                lastGroup = entry.alert.alertname
                let n = entries.filter { $0.alert.alertname == lastGroup }.count
                rows.append(("\(entry.alert.alertname) (\(n))", nil))
            }
            rows.append(("", i))
        }
        let selectedRow = rows.firstIndex { $0.entry == state.picker.selected } ?? 0
        let height = buffer.height - 2 - y
        let first = max(0, selectedRow - height + 1)
        let half = max(20, buffer.width / 2)
        for (n, row) in rows.enumerated().dropFirst(first).prefix(height) {
            let line = y + n - first
            guard let i = row.entry else {
                buffer.put(row.text, x: 1, y: line, style: theme.title, maxWidth: buffer.width - 2)
                continue
            }
            let entry = entries[i]
            let selected = i == state.picker.selected
            if selected { buffer.fill(x: 0, y: line, width: buffer.width, height: 1, style: theme.selected) }
            let style = selected ? theme.selected : Style.plain
            let firing = entry.alert.state == .active
            var cx = buffer.put(selected ? " \(theme.pointer) " : "   ", x: 0, y: line, style: style)
            cx = buffer.put(
                firing ? (theme.ascii ? "* " : "● ") : (theme.ascii ? "- " : "◌ "), x: cx, y: line,
                style: selected ? style : firing ? theme.warn : theme.dim)
            cx = buffer.put(
                entry.identity.isEmpty ? entry.alert.fingerprint : entry.identity, x: cx, y: line, style: style,
                maxWidth: half - cx - 1)
            cx = max(cx + 1, half)
            var target = entry.best.map { "→ \($0.runbook.id)" } ?? "→ no runbook"
            if !firing { target += "  (\(entry.alert.silencedBy.isEmpty ? "suppressed" : "silenced"))" }
            cx = buffer.put(
                target, x: cx, y: line, style: selected ? style : entry.best == nil ? theme.warn : theme.value,
                maxWidth: buffer.width - cx - 1)
            buffer.put(
                "  " + entry.valuesText, x: cx, y: line, style: selected ? style : theme.dim,
                maxWidth: buffer.width - cx - 1)
        }
    }
}
