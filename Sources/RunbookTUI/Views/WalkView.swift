import Foundation
import RunbookGraph

/// The walk: header, breadcrumb, the step, its command, the output, the
/// outcomes and the key hints.
enum WalkView {
    static func draw(_ buffer: inout ScreenBuffer, _ state: AppState, _ walk: WalkState, theme: Theme) {
        let session = walk.session
        let width = buffer.width
        header(&buffer, state, session, theme: theme)
        breadcrumb(&buffer, session, theme: theme, y: 1)
        if let status = state.status {
            // Messages replace the breadcrumb until the next key.
            buffer.fill(x: 0, y: 1, width: buffer.width, height: 1)
            buffer.put(status, x: 1, y: 1, style: theme.warn, maxWidth: buffer.width - 2)
        } else if walk.isUnrecorded {
            buffer.fill(x: 0, y: 1, width: buffer.width, height: 1, style: theme.incident)
            buffer.put(
                " NOT RECORDED: \(walk.journalProblem ?? "the journal cannot be written") · r: try again",
                x: 0, y: 1, style: theme.incident, maxWidth: buffer.width)
        }
        timeboxBanner(&buffer, state, session, theme: theme, y: 2)
        var y = 3
        let bottom = buffer.height - 2  // last row for content; the footer is below

        guard let step = session.step else { return }
        if session.phase == .atLink, let link = session.pendingLink {
            linkScreen(&buffer, link, session, theme: theme, y: y)
            Render.footer(&buffer, KeyMap.footer(.link), theme: theme)
            return
        }

        // Title.
        var x = buffer.put(session.rendered(step.title), x: 1, y: y, style: theme.title, maxWidth: width - 2)
        x = buffer.put("  [\(step.id)]", x: x, y: y, style: theme.dim)
        if session.stack.count > 1, let rb = session.runbook {
            buffer.put("  in linked runbook \(rb.id)", x: x, y: y, style: theme.warn)
        }
        y += 1

        // Outcomes take the bottom; the command and output share what is left with the text.
        let outcomeRows =
            step.end != nil
            ? 2 : step.outcomes.count + (walk.shownSuggestion != nil || walk.suggestion.tooSlow ? 1 : 0) + 1
        let outcomeTop = bottom - outcomeRows + 1
        let hasCommand = step.run != nil
        let textLines = textSpans(step, session, theme: theme, width: width - 2)
        let space = outcomeTop - y - 1
        // Before the command has run there is no output to show: the text may take its room.
        let ranHere = walk.run != nil && walk.run?.step == session.frame?.step
        let commandRoom = 4
        let textBudget =
            !hasCommand
            ? space
            : ranHere ? min(textLines.count, max(2, space / 3)) : min(textLines.count, max(2, space - commandRoom))
        y += Render.paragraph(&buffer, textLines, x: 1, y: y, maxRows: textBudget)
        if textLines.count > textBudget {
            buffer.put("… t: the whole text", x: max(1, width - 20), y: y - 1, style: theme.dim)
        }

        if let run = step.run {
            y += 1
            y = command(&buffer, walk, run, theme: theme, y: y, spinner: state.spinner, now: state.now)
            // The row above the outcomes is their separator: the output ends one row higher.
            output(&buffer, walk, theme: theme, top: y, bottom: outcomeTop - 2)
        }
        outcomes(&buffer, step, session, walk, memory: state.memory, theme: theme, top: outcomeTop)
        Render.footer(&buffer, walk.isUnrecorded ? KeyMap.footer(.unrecorded) : footerHints(step, walk), theme: theme)
    }

    static func header(_ buffer: inout ScreenBuffer, _ state: AppState, _ session: Session, theme: Theme) {
        buffer.fill(x: 0, y: 0, width: buffer.width, height: 1, style: theme.header)
        let badge: String
        switch session.start?.mode {
        case .practice?: badge = " PRACTICE "
        case .dryRun?: badge = " DRY RUN "
        default: badge = " INCIDENT "
        }
        var x = buffer.put(
            badge, x: 0, y: 0,
            style: session.start?.mode == .incident || session.start == nil ? theme.incident : theme.practice)
        x = buffer.put(
            " \(session.start?.title ?? "")", x: x, y: 0, style: theme.header, maxWidth: buffer.width - x - 24)
        var right = ""
        if let started = session.startedAt { right = Render.clock(state.now.timeIntervalSince(started)) }
        let overrun = session.timeboxPrompt(now: state.now) != nil
        if overrun { right = "time-box passed · " + right }
        if let silence = session.activeSilences(now: state.now).last {
            right = "silenced until \(AlertsPicker.clock(silence.endsAt)) · " + right
        }
        let rx = max(x + 1, buffer.width - right.displayWidth - 1)
        buffer.put(right, x: rx, y: 0, style: overrun ? theme.incident : theme.header)
    }

    /// A time-box ran out: how long it has been, and the two keys. It blocks nothing.
    static func timeboxBanner(_ buffer: inout ScreenBuffer, _ state: AppState, _ session: Session, theme: Theme, y: Int)
    {
        guard let prompt = session.timeboxPrompt(now: state.now), let timebox = session.timebox(of: prompt.scope)
        else { return }
        let text =
            " \(theme.ascii ? "!" : "⏱") \(prompt.elapsed.humanized) on \(prompt.scope.words), past its"
            + " \(prompt.limit) time-box · E: escalate to \(timebox.to ?? "the owning team") · z: snooze \(timebox.snooze)"
        buffer.fill(x: 0, y: y, width: buffer.width, height: 1, style: theme.incident)
        buffer.put(text, x: 0, y: y, style: theme.incident, maxWidth: buffer.width)
    }

    static func breadcrumb(_ buffer: inout ScreenBuffer, _ session: Session, theme: Theme, y: Int) {
        // Steps gone back from are not in the path: the breadcrumb is the walk as it stands.
        // From the end backwards, only as much as fits: a long walk costs no more to draw.
        let separator = " \(theme.arrow) "
        let room = buffer.width - 2
        var parts: [String] = []
        var used = 0
        for entry in session.path.reversed() {
            let id = String(entry.split(separator: "/", maxSplits: 1).last ?? Substring(entry))
            let cost = id.displayWidth + (parts.isEmpty ? 0 : separator.displayWidth)
            if used + cost > room - 4, !parts.isEmpty {
                parts.append(theme.ascii ? "..." : "…")
                break
            }
            parts.append(id)
            used += cost
        }
        let text = parts.reversed().joined(separator: separator)
        buffer.put(text.truncated(to: room), x: 1, y: y, style: theme.dim)
        buffer.horizontalLine(y: y + 1, ascii: theme.ascii)
    }

    static func textSpans(_ step: Step, _ session: Session, theme: Theme, width: Int) -> [[Span]] {
        var spans: [Span] = []
        if let text = step.text {
            spans += TextLayout.markdown(
                session.rendered(text).trimmingCharacters(in: .whitespacesAndNewlines),
                code: theme.code, link: theme.link)
        }
        for link in step.links {
            spans.append(Span(text: "\n\(theme.bullet) ", style: .plain))
            spans.append(Span(text: link.title, style: theme.link))
            spans.append(Span(text: " <\(session.rendered(link.url))>", style: theme.dim))
        }
        if let review = step.review { spans.append(Span(text: "\nReview: \(review)", style: theme.warn)) }
        return spans.isEmpty ? [] : TextLayout.wrap(spans, width: width)
    }

    /// `$ command` with the values highlighted, and where it runs and how it went.
    static func command(
        _ buffer: inout ScreenBuffer, _ walk: WalkState, _ run: CommandSpec, theme: Theme,
        y: Int, spinner: Int, now: Date
    ) -> Int {
        let session = walk.session
        let values = session.runbook.map { session.values(of: $0.id) } ?? [:]
        var spans = [Span(text: "$ ", style: theme.dim)]
        // The same segmentation the runner uses: what is shown is what runs.
        do {
            for segment in try ShellTemplate(run.command).segments(values) {
                switch segment {
                case .text(let text): spans.append(Span(text: text, style: .plain))
                case .value(let name, _?, _) where session.isSecret(name):
                    spans.append(Span(text: SecretMask.bullets, style: theme.value))
                case .value(_, let rendered?, _): spans.append(Span(text: rendered, style: theme.value))
                case .value(let name, nil, _): spans.append(Span(text: "{{\(name)}}", style: theme.missing))
                }
            }
        } catch {
            spans = [Span(text: "✗ not run: \(error)", style: theme.bad)]
        }
        if let current = walk.run, current.step == session.frame?.step, current.command != session.suggestedCommand {
            spans = [
                Span(text: "$ ", style: theme.dim),
                Span(text: SecretMask.mask(current.command, session.secretValues), style: .plain),
                Span(text: "  (edited)", style: theme.warn)
            ]
        }
        let lines = TextLayout.wrap(spans, width: buffer.width - 2, indent: 2)
        var row = y + Render.paragraph(&buffer, Array(lines.prefix(3)), x: 1, y: y, maxRows: 3)
        var facts: [Span] = []
        if let host = session.commandHost { facts.append(Span(text: "on \(host) via ssh  ", style: theme.dim)) }
        if run.confirm { facts.append(Span(text: "asks first  ", style: theme.warn)) }
        if run.background { facts.append(Span(text: "runs in the background  ", style: theme.dim)) }
        if run.interactive { facts.append(Span(text: "interactive (!)  ", style: theme.dim)) }
        if let current = walk.run, current.step == session.frame?.step {
            if current.finished == nil,
                walk.unrecorded.contains(where: {
                    if case .commandFinished(let step, _) = $0 { return step == current.step } else { return false }
                })
            {
                facts.append(Span(text: "✗ finished, but not recorded in the journal yet", style: theme.bad))
            } else if let result = current.finished {
                let good = result.exitCode == 0 && !result.timedOut && !result.cancelled
                var text = result.timedOut ? "timed out" : result.cancelled ? "cancelled" : ""
                if let code = result.exitCode { text += (text.isEmpty ? "" : ", ") + "exit \(code)" }
                if let signal = result.signal { text += (text.isEmpty ? "" : ", ") + "signal \(signal)" }
                text += " in \(RunDuration(milliseconds: result.durationMs).humanized)"
                facts.append(Span(text: (good ? theme.check + " " : "✗ ") + text, style: good ? theme.ok : theme.bad))
            } else {
                let frames = theme.spinnerFrames
                let elapsed = now.timeIntervalSince(current.started)
                let label = current.background ? "running in the background" : "running"
                facts.append(
                    Span(text: "\(frames[spinner % frames.count]) \(label) \(Render.clock(elapsed))", style: theme.warn)
                )
                if !current.background { facts.append(Span(text: "  (x cancels)", style: theme.dim)) }
            }
        } else {
            facts.append(Span(text: "Enter runs it · e edits it", style: theme.dim))
        }
        row += Render.paragraph(&buffer, [[Span(text: "  ", style: .plain)] + facts], x: 1, y: row, maxRows: 1)
        return row
    }

    /// The output pane, scrolled `walk.scroll` lines up from the end.
    static func output(_ buffer: inout ScreenBuffer, _ walk: WalkState, theme: Theme, top: Int, bottom: Int) {
        guard bottom > top else { return }
        let window = walk.output
        var title = " output "
        if window.count > 0 || window.dropped > 0 {
            let total = window.count + window.dropped
            title += "· \(total) line\(total == 1 ? "" : "s") "
            if window.dropped > 0 { title += "(last \(window.count) kept) " }
        }
        if walk.scroll > 0 { title += "· ↑\(walk.scroll) (End follows) " }
        if let search = walk.search { title += "· /\(search) " }
        let kept = window.visible
        let partials = [OutputChunk.Stream.stdout, .stderr].compactMap { window.partialLine($0) }
        let lineCount = kept.count + partials.count
        let rows = bottom - top
        let end = max(0, lineCount - walk.scroll)
        let start = max(0, end - rows)
        let width = buffer.width - 2
        // Long lines are cut at the edge; ←/→ scroll them, and the title says so. The
        // offset never goes past what the lines on screen need (e.g. after a resize).
        let columns = walk.hscroll + width + 1
        let shown = (start..<end).map { i in
            let line = i < kept.count ? kept[i] : partials[i - kept.count]
            return (line: line, text: line.text(columns: columns))
        }
        let widest = shown.reduce(0) { max($0, $1.text.displayWidth) }
        let shift = min(walk.hscroll, max(0, widest - width))
        if shift > 0 {
            title += "· \(theme.ascii ? "<-" : "←")\(shift) "
        } else if widest > width {
            title += theme.ascii ? "· -> for more " : "· → for more "
        }
        buffer.horizontalLine(y: top, ascii: theme.ascii)
        buffer.put(title, x: 2, y: top, style: theme.dim)
        // A command often echoes a secret it was given.
        let secrets = walk.session.secretValues
        for (i, (line, full)) in shown.enumerated() {
            let text = SecretMask.mask(full, secrets)
            let style = line.stream == .stderr ? theme.stderr : Style.plain
            let y = top + 1 + i
            buffer.put(text.droppingColumns(shift), x: 1, y: y, style: style, maxWidth: width)
            if let search = walk.search, !search.isEmpty, let range = text.range(of: search, options: .caseInsensitive)
            {
                let x = 1 + String(text[..<range.lowerBound]).displayWidth - shift
                if x >= 1 {
                    buffer.put(String(text[range]), x: x, y: y, style: theme.match, maxWidth: buffer.width - 1 - x)
                }
            }
        }
        if lineCount == 0, walk.run == nil {
            buffer.put("(the output of the command streams here)", x: 1, y: top + 1, style: theme.dim)
        } else if lineCount == 0, walk.run?.finished != nil {
            buffer.put("(no output)", x: 1, y: top + 1, style: theme.dim)
        }
    }

    static func outcomes(
        _ buffer: inout ScreenBuffer, _ step: Step, _ session: Session, _ walk: WalkState, memory: WalkMemory? = nil,
        theme: Theme, top: Int
    ) {
        buffer.horizontalLine(y: top - 1, ascii: theme.ascii)
        // Earlier walks, quietly on the rule above the outcomes (never in practice: it would tell).
        if walk.scenario == nil, step.end == nil, let runbook = session.runbook,
            let said = memory?.choices(runbook, step: step.id)
        {
            buffer.put(" \(said) ", x: 2, y: top - 1, style: theme.dim, maxWidth: buffer.width - 4)
        }
        if let end = step.end {
            var x = buffer.put("End: \(end.status.rawValue)", x: 1, y: top, style: theme.bad)
            if let to = end.to { x = buffer.put(" to \(session.rendered(to))", x: x, y: top, style: theme.title) }
            let what: String
            switch session.endAction {
            case .returnFrom(let runbook, let to)?: what = "Enter: back from \(runbook) to \(to)"
            default: what = "Enter: end the walk"
            }
            buffer.put("  \(what)", x: x, y: top, style: theme.dim)
            return
        }
        let suggestion = walk.isRunning ? nil : walk.shownSuggestion
        for (i, outcome) in step.outcomes.enumerated() {
            let y = top + i
            let isSuggested = suggestion?.outcome == outcome.id
            var x = buffer.put(" \(i + 1) ", x: 1, y: y, style: isSuggested ? theme.selected : theme.key)
            x = buffer.put(
                " \(session.rendered(outcome.label))", x: x, y: y, style: isSuggested ? theme.suggested : .plain)
            var target: String
            switch outcome.next {
            case .step(let id, _): target = id
            case .link(let link): target = "↗ " + (link.title ?? link.runbook ?? link.url ?? "")
            }
            if theme.ascii { target = target.replacingOccurrences(of: "↗", with: "->") }
            buffer.put("  \(theme.arrow) \(target)", x: x, y: y, style: theme.dim, maxWidth: buffer.width - x - 1)
            if isSuggested { buffer.put(theme.star, x: 0, y: y, style: theme.suggested) }
        }
        if let suggestion {
            let y = top + step.outcomes.count
            buffer.put(
                "\(theme.star) suggested because \(suggestion.reason); Enter accepts", x: 1, y: y,
                style: theme.suggested, maxWidth: buffer.width - 2)
        } else if walk.suggestion.tooSlow, !walk.isRunning, !walk.hideSuggestions {
            buffer.put(
                "(\(SuggestionState.tooSlowNote))", x: 1, y: top + step.outcomes.count, style: theme.dim,
                maxWidth: buffer.width - 2)
        }
    }

    static func linkScreen(_ buffer: inout ScreenBuffer, _ link: RunbookLink, _ session: Session, theme: Theme, y: Int)
    {
        var row = y
        buffer.put("Follow the linked runbook", x: 1, y: row, style: theme.title)
        row += 2
        buffer.put(link.title ?? link.runbook ?? "", x: 3, y: row, style: theme.title, maxWidth: buffer.width - 4)
        row += 1
        if let url = link.url {
            // The whole address, wrapped: a cut URL is a wrong URL.
            let address = session.rendered(url)
            let rows = TextLayout.hardWrap(address, cursor: 0, width: buffer.width - 4).rows
            for line in rows.prefix(6) {
                let end = buffer.put(line, x: 3, y: row, style: theme.link, maxWidth: buffer.width - 4)
                buffer.link(x: 3, y: row, length: end - 3, url: address)
                row += 1
            }
            row -= 1
        }
        row += 2
        let note =
            link.runbook.map {
                "Runbook '\($0)' is not in the library: open the link, work through it, then come back."
            }
            ?? "Open the link and work through it, then come back."
        for line in TextLayout.wrap([Span(text: note, style: .plain)], width: buffer.width - 4) {
            Render.paragraph(&buffer, [line], x: 3, y: row, maxRows: 1)
            row += 1
        }
        row += 1
        let then =
            link.then.map { "Enter: done, go on to '\(session.runbook?.step($0)?.title ?? $0)'." }
            ?? "Enter: done. The walk is handed off to that runbook and ends here."
        buffer.put(then, x: 3, y: row, style: theme.suggested, maxWidth: buffer.width - 4)
    }

    /// The walk map's footer keys, as they apply to this step.
    static func footerHints(_ step: Step, _ walk: WalkState) -> [(String, String)] {
        var hints: [(String, String)] = []
        for binding in KeyMap.walk where binding.footer {
            if step.end != nil, [.edit, .choose(0), .graph].contains(binding.command) { continue }
            switch binding.command {
            case .edit where step.run == nil: continue
            case .cancel where !walk.isRunning: continue
            case .hint where walk.scenario == nil: continue
            case .run:
                hints.append(("Enter", step.end != nil ? "end" : step.run != nil && walk.run == nil ? "run" : "accept"))
            case .choose: hints.append((step.outcomes.count == 1 ? "1" : "1-\(step.outcomes.count)", binding.hint))
            default: hints.append((binding.label, binding.hint))
            }
        }
        return hints
    }
}
