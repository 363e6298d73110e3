/// A runbook as a readable Markdown document, every branch included: for
/// wikis and for people without the tool.
public struct RunbookMarkdown: Sendable {
    public var runbook: Runbook

    public init(runbook: Runbook) { self.runbook = runbook }

    public func render() -> String {
        var out: [String] = ["# \(runbook.title)", ""]
        if let description = runbook.description { out += [description.trimmingSpaces, ""] }
        var facts: [String] = ["Runbook id: `\(runbook.id)`"]
        if let source = runbook.source { facts.append("Source: <\(source)>") }
        if let timebox = runbook.timebox { facts.append("Time-box: \(timebox)") }
        out += facts.map { "- \($0)" } + [""]
        if let match = runbook.match {
            out += ["**Handles alerts where** \(match.summary).", ""]
        }
        if !runbook.variables.isEmpty {
            out += ["## Values you need", "", "| Variable | Where it comes from | What it is |", "|---|---|---|"]
            for v in runbook.variables {
                out.append(
                    "| `\(v.name)` | \(origin(of: v).markdownCell) | \((v.description ?? v.ask ?? "").markdownCell) |")
            }
            out.append("")
        }
        out += ["## Steps", "", "Start at [\(title(runbook.start))](#\(runbook.start)).", ""]
        for (i, step) in runbook.steps.enumerated() {
            out.append("<a id=\"\(step.id)\"></a>")
            out.append("### \(i + 1). \(step.title)")
            out.append("")
            if let text = step.text { out += [text.trimmingSpaces, ""] }
            if let timebox = step.timebox { out += ["_Time-box: \(timebox)_", ""] }
            for link in step.links { out.append("- [\(link.title)](\(link.url))") }
            if !step.links.isEmpty { out.append("") }
            if let run = step.run {
                out += ["```sh", run.command, "```"]
                var notes: [String] = []
                if let host = run.host { notes.append("run on `\(host)`") }
                if let timeout = run.timeout ?? runbook.defaultTimeout { notes.append("timeout \(timeout)") }
                if run.confirm { notes.append("ask before running") }
                if run.background { notes.append("keeps running in the background") }
                if run.interactive { notes.append("interactive") }
                if !notes.isEmpty { out.append("_" + notes.joined(separator: " · ") + "_") }
                if let capture = step.capture { out.append("Captures from the output: " + Self.describe(capture)) }
                out.append("")
            }
            if let end = step.end {
                out += ["**End: \(end.status.rawValue)\(end.to.map { " to \($0)" } ?? "").**", ""]
                continue
            }
            for outcome in step.outcomes {
                var line = "- **\(outcome.label)**"
                if let when = outcome.when { line += " (when \(when.summary))" }
                line += ": " + destination(outcome.next)
                out.append(line)
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    func destination(_ next: Next) -> String {
        switch next {
        case .step(let id, _): return "go to [\(title(id))](#\(id))"
        case .link(let link):
            let name = link.title ?? link.runbook ?? link.url ?? "the linked runbook"
            var text = link.url.map { "follow [\(name)](\($0))" } ?? "follow runbook `\(link.runbook ?? name)`"
            text += link.then.map { ", then go to [\(title($0))](#\($0))" } ?? " (it takes over from here)"
            return text
        }
    }

    func title(_ id: String) -> String { runbook.step(id)?.title ?? id }

    func origin(of v: Variable) -> String {
        var parts: [String] = []
        if !v.from.isEmpty {
            parts.append("alert field " + v.from.map { "`\($0.dropFirst(6))`" }.joined(separator: " or "))
        }
        if let derive = v.derive { parts.append("from `\(derive.variable)` by /\(derive.regex.source)/") }
        if !v.choices.isEmpty {
            parts.append("one of " + v.choices.map { "\($0.label) → `\($0.value)`" }.joined(separator: ", "))
        }
        if let d = v.defaultValue { parts.append("default `\(d)`") }
        if v.ask != nil && v.choices.isEmpty { parts.append("ask") }
        return parts.joined(separator: "; ")
    }

    /// `port` (regex `…`), or `pod` (JSON `.items[0].metadata.name`).
    static func describe(_ capture: Capture) -> String {
        switch capture.kind {
        case .regex(let pattern):
            return capture.names.map { "`\($0)`" }.joined(separator: ", ") + " (regex `\(pattern.source)`)"
        case .json(let paths):
            return paths.map { "`\($0.name)` (JSON `\($0.path)`)" }.joined(separator: ", ")
        }
    }
}
