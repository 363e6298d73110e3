import Foundation
import RunbookGraph

/// How the walk ended, the path, the time, and the export key.
enum EndView {
    static func draw(_ buffer: inout ScreenBuffer, _ state: AppState, _ walk: WalkState, theme: Theme) {
        let session = walk.session
        WalkView.header(&buffer, state, session, theme: theme)
        guard case .ended(let status, let to) = session.phase else { return }
        var y = summary(&buffer, session, status: status, to: to, theme: theme, y: 2)
        if let scenario = walk.scenario {
            y = debrief(&buffer, Debrief(session: session, scenario: scenario), theme: theme, y: y)
        }
        path(&buffer, session, theme: theme, y: y)
        files(&buffer, state, walk, theme: theme, y: buffer.height - 4)
        Render.footer(&buffer, KeyMap.footer(.ended), theme: theme)
    }

    /// How it ended, to whom, how long it took and who walked it; returns the next free row.
    static func summary(
        _ buffer: inout ScreenBuffer, _ session: Session, status: Ending.Status, to: String?, theme: Theme, y: Int
    ) -> Int {
        let style = status == .resolved ? theme.ok : status == .escalated ? theme.bad : theme.warn
        let x = buffer.put("Walk ended: \(status.rawValue)", x: 1, y: y, style: style)
        if let to { buffer.put(" to \(to)", x: x, y: y, style: theme.title, maxWidth: buffer.width - x - 1) }
        if let start = session.startedAt, let end = session.endedAt {
            let duration = RunDuration(milliseconds: Int64(end.timeIntervalSince(start) * 1000)).humanized
            let operators = Set(session.records.map(\.operator)).sorted().joined(separator: ", ")
            buffer.put(
                "Took \(duration) · \(session.visits.count) steps · \(operators)", x: 1, y: y + 1, style: theme.dim)
        }
        return y + 3
    }

    /// Practice: the score, the facts and each wrong turn; returns the next free row.
    static func debrief(_ buffer: inout ScreenBuffer, _ debrief: Debrief, theme: Theme, y start: Int) -> Int {
        var y = start
        buffer.put(
            "Practice score: \(debrief.score)/100", x: 1, y: y, style: debrief.score == 100 ? theme.ok : theme.warn)
        y += 1
        let facts =
            "Hints: \(debrief.hintsUsed) · commands run: \(debrief.commandsRun) of \(debrief.commandsNeeded) needed · expected ending: \(debrief.expectedEnding ?? "any")"
        buffer.put(facts, x: 1, y: y, style: theme.dim, maxWidth: buffer.width - 2)
        y += 1
        for d in debrief.divergences.prefix(4) {
            let line =
                "\(theme.bullet) At \(d.step) you went to \(d.took); expected \(d.expectedNext)."
                + (d.explanation.map { " \($0)" } ?? "")
            for wrapped in TextLayout.wrap([Span(text: line, style: theme.warn)], width: buffer.width - 4).prefix(2) {
                Render.paragraph(&buffer, [wrapped], x: 3, y: y, maxRows: 1)
                y += 1
            }
        }
        if debrief.divergences.isEmpty {
            buffer.put("No wrong turns: the path matched the expected one.", x: 3, y: y, style: theme.ok)
            y += 1
        }
        return y + 1
    }

    /// The steps walked, the latest that fit.
    static func path(_ buffer: inout ScreenBuffer, _ session: Session, theme: Theme, y start: Int) {
        var y = start
        buffer.put("Path", x: 1, y: y, style: theme.title)
        y += 1
        let rows = buffer.height - y - 5
        let visits = session.visits
        let shown = visits.suffix(max(1, rows))
        if shown.count < visits.count {
            buffer.put("… \(visits.count - shown.count) earlier steps", x: 3, y: y, style: theme.dim)
            y += 1
        }
        for visit in shown.prefix(max(1, rows - (shown.count < visits.count ? 1 : 0))) {
            let title = session.library[visit.runbook]?.step(visit.step)?.title ?? visit.step
            var line = "\(theme.bullet) \(title)"
            switch visit.exit {
            case .outcome(_, let label, _, _)?: line += "  \(theme.arrow) \(label)"
            case .skipped(_, let reason)?: line += "  (skipped: \(reason))"
            case .wentBack?: line += "  (went back)"
            default: break
            }
            buffer.put(line, x: 3, y: y, style: .plain, maxWidth: buffer.width - 4)
            y += 1
        }
    }

    /// Where the journal is, and the transcript once exported (or what the export said).
    static func files(_ buffer: inout ScreenBuffer, _ state: AppState, _ walk: WalkState, theme: Theme, y: Int) {
        if let silence = walk.session.activeSilences(now: state.now).last {
            buffer.put(
                "Silence \(silence.id) holds the alert until \(AlertsPicker.clock(silence.endsAt)): S expires it",
                x: 1, y: y - 1, style: theme.warn, maxWidth: buffer.width - 2)
        }
        if let journal = walk.journalPath {
            buffer.put("Journal: \(journal)", x: 1, y: y, style: theme.dim, maxWidth: buffer.width - 2)
        }
        if let path = walk.exportedPath {
            buffer.put("Transcript: \(path)", x: 1, y: y + 1, style: theme.ok, maxWidth: buffer.width - 2)
        } else if let status = state.status {
            buffer.put(status, x: 1, y: y + 1, style: theme.warn, maxWidth: buffer.width - 2)
        }
    }
}
