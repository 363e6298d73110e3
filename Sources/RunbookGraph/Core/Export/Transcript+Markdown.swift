import Foundation

extension Transcript {
    /// Lines of output shown per command in Markdown; the rest is trimmed with a marker.
    public static let markdownOutputLines = 40

    static func clock(_ date: Date) -> String {
        let iso = date.formatted(.iso8601)  // 2026-11-25T10:00:00Z
        return String(iso.dropFirst(11).prefix(8))
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601).replacingOccurrences("T", with: " ").replacingOccurrences("Z", with: " UTC")
    }

    /// Markdown for the incident document and chat.
    public func markdown() -> String {
        var out: [String] = []
        out.append("# Incident transcript: \(title)")
        out.append("")
        out.append("| | |")
        out.append("|---|---|")
        out.append("| Runbook | `\(runbook)` (\(runbookPath.markdownCell)) |")
        out.append("| Mode | \(mode) |")
        if let alertTitle { out.append("| Alert | \(alertTitle.markdownCell) |") }
        out.append("| Operators | \(operators.map(\.markdownCell).joined(separator: ", ")) |")
        out.append("| Started | \(Self.timestamp(startedAt)) |")
        if let endedAt, let durationMs {
            out.append(
                "| Ended | \(Self.timestamp(endedAt)) (after \(RunDuration(milliseconds: durationMs).humanized)) |")
        } else {
            out.append("| Ended | not yet: the walk is still open |")
        }
        out.append("| Outcome | \(endingText) |")
        if redacted { out.append("| Redaction | secrets replaced by `\(Redactor.mask)` |") }
        out.append("")

        out.append("## Path")
        out.append("")
        for (i, p) in path.enumerated() {
            var line =
                "\(i + 1). **\(p.title.markdownCell)** (`\(p.runbook == runbook ? p.step : "\(p.runbook)/\(p.step)")`)"
            switch p.exit {
            case "outcome"?:
                line += " → \(p.outcomeLabel ?? p.outcome ?? "")"
                if let suggested = p.suggested {
                    line += suggested == p.outcome ? " _(suggested" : " _(suggested \(suggested)"
                    line += p.reason.map { ": \($0))_" } ?? ")_"
                }
            case "skipped"?: line += " → skipped: \(p.skipReason ?? "")"
            case "went-back"?: line += " ↩ went back"
            case "ended"?: line += " ■ \(p.outcome ?? "ended")"
            default: line += " ← current step"
            }
            out.append(line)
        }
        out.append("")

        if !variables.isEmpty {
            out.append("## Variables")
            out.append("")
            out.append("| Name | Value |")
            out.append("|---|---|")
            for name in variables.keys.sorted() { out.append("| `\(name)` | \(variables[name]!.markdownCell) |") }
            out.append("")
        }

        out.append("## Timeline")
        out.append("")
        out.append("| Time (UTC) | Operator | Step | Event |")
        out.append("|---|---|---|---|")
        for e in timeline {
            out.append(
                "| \(Self.clock(e.at)) | \(e.operator.markdownCell) | \(e.step.map { "`\($0)`" } ?? "") | \(e.summary.markdownCell) |"
            )
        }
        out.append("")

        if !commands.isEmpty {
            out.append("## Commands")
            out.append("")
            for c in commands {
                out.append("### \(c.title) (`\(c.step)`)")
                out.append("")
                out.append(fence("$ \(c.command)", language: "sh"))
                if c.edited { out.append("Edited before running; suggested: `\(c.suggested)`") }
                var facts: [String] = []
                if let host = c.host { facts.append("on \(host)") }
                if let code = c.exitCode { facts.append("exit \(code)") }
                if let signal = c.signal { facts.append("signal \(signal)") }
                if c.timedOut { facts.append("timed out") }
                if c.cancelled { facts.append("cancelled") }
                if let ms = c.durationMs {
                    facts.append(RunDuration(milliseconds: ms).humanized)
                } else {
                    facts.append("did not finish")
                }
                out.append(facts.joined(separator: " · "))
                out.append("")
                if let output = c.output, !output.isEmpty {
                    out.append(fence(trimmed(output, c), language: ""))
                    out.append("")
                }
            }
        }

        let skipped = path.filter { $0.exit == "skipped" }
        if !skipped.isEmpty {
            out.append("## Skipped steps")
            out.append("")
            for p in skipped { out.append("- **\(p.title.markdownCell)** (`\(p.step)`): \(p.skipReason ?? "")") }
            out.append("")
        }

        if !notes.isEmpty {
            out.append("## Notes")
            out.append("")
            for n in notes {
                out.append("- \(Self.clock(n.at)) \(n.operator)\(n.step.map { " at `\($0)`" } ?? ""): \(n.text)")
            }
            out.append("")
        }
        if let debrief { out += [debrief.markdown(), ""] }
        // Alert values and command output may hold escape sequences: visible, never raw.
        return DisplayText.forPeople(out.joined(separator: "\n"))
    }

    var endingText: String {
        guard let ending else { return "open" }
        return endingTo.map { "\(ending) to \($0)" } ?? ending
    }

    /// The last `markdownOutputLines` lines, with a marker for what was left out.
    func trimmed(_ output: String, _ c: Command) -> String {
        var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let total = c.outputBytes ?? output.utf8.count
        var marker: String?
        if lines.count > Self.markdownOutputLines {
            let cut = lines.count - Self.markdownOutputLines
            lines = Array(lines.suffix(Self.markdownOutputLines))
            marker = "… \(cut) earlier line\(cut == 1 ? "" : "s") trimmed"
        } else if total > output.utf8.count {
            marker = "… earlier output trimmed (\(total) bytes in all)"
        }
        if var marker {
            if let file = c.outputFile { marker += "; full output: \(file)" }
            lines.insert(marker, at: 0)
        }
        return lines.joined(separator: "\n")
    }

    /// A fenced block whose fence is longer than any backtick run inside it.
    func fence(_ body: String, language: String) -> String {
        var longest = 0, run = 0
        for c in body { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let ticks = String(repeating: "`", count: max(3, longest + 1))
        return "\(ticks)\(language)\n\(body)\n\(ticks)"
    }

    /// The versioned JSON transcript (see docs/TRANSCRIPT.md).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        }
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
