/// The step graph as Graphviz DOT or a Mermaid flowchart: steps labelled by
/// title, edges by outcome label, ends styled by how they end, links to other
/// runbooks as their own nodes.
public enum GraphFormat: String, Sendable, CaseIterable {
    case dot, mermaid
}

public struct GraphExport: Sendable {
    public var runbook: Runbook

    public init(runbook: Runbook) { self.runbook = runbook }

    public func render(_ format: GraphFormat) -> String {
        switch format {
        case .dot: return dot()
        case .mermaid: return mermaid()
        }
    }

    /// A node for each linked runbook, keyed by what it links to.
    struct LinkNode {
        var id: String
        var label: String
    }

    func linkNodes() -> [String: LinkNode] {
        var nodes: [String: LinkNode] = [:]
        for step in runbook.steps {
            for outcome in step.outcomes {
                guard case .link(let link) = outcome.next else { continue }
                let key = link.runbook ?? link.url ?? ""
                if nodes[key] == nil {
                    nodes[key] = LinkNode(
                        id: "link\(nodes.count + 1)", label: link.title ?? link.runbook ?? link.url ?? key)
                }
            }
        }
        return nodes
    }

    /// One colour per way of ending, as Graphviz names it and as hex for Mermaid.
    static func color(of status: Ending.Status) -> (dot: String, hex: String) {
        switch status {
        case .resolved: ("palegreen", "#98fb98")
        case .escalated: ("lightsalmon", "#ffa07a")
        case .handedOff: ("lightblue", "#add8e6")
        }
    }

    func linkKey(_ link: RunbookLink) -> String { link.runbook ?? link.url ?? "" }

    // MARK: DOT

    func dot() -> String {
        var lines = [
            "digraph \(dotQuote(runbook.id)) {",
            "  label=\(dotQuote(runbook.title));",
            "  labelloc=t;",
            "  rankdir=TB;",
            "  node [shape=box, style=\"rounded\", fontname=\"Helvetica\"];",
            "  edge [fontname=\"Helvetica\", fontsize=10];"
        ]
        for step in runbook.steps {
            var attributes = ["label=\(dotQuote(step.title))"]
            if let end = step.end {
                let color = Self.color(of: end.status).dot
                let label = "\(step.title)\n[\(end.status.rawValue)\(end.to.map { " to \($0)" } ?? "")]"
                attributes = [
                    "label=\(dotQuote(label))", "shape=box", "style=\"rounded,filled,bold\"", "fillcolor=\(color)"
                ]
            } else if step.run != nil {
                attributes.append("style=\"rounded,filled\"")
                attributes.append("fillcolor=lightyellow")
            }
            if step.id == runbook.start { attributes.append("penwidth=2") }
            lines.append("  \(dotQuote(step.id)) [\(attributes.joined(separator: ", "))];")
        }
        let links = linkNodes()
        for key in links.keys.sorted() {
            let node = links[key]!
            lines.append("  \(node.id) [label=\(dotQuote("↗ " + node.label)), shape=note, style=dashed];")
        }
        for step in runbook.steps {
            for outcome in step.outcomes {
                let label = dotQuote(outcome.label)
                switch outcome.next {
                case .step(let target, _):
                    lines.append("  \(dotQuote(step.id)) -> \(dotQuote(target)) [label=\(label)];")
                case .link(let link):
                    let node = links[linkKey(link)]!.id
                    lines.append("  \(dotQuote(step.id)) -> \(node) [label=\(label)];")
                    if let then = link.then {
                        lines.append("  \(node) -> \(dotQuote(then)) [label=\"then\", style=dashed];")
                    }
                }
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    func dotQuote(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": break
            default: out.append(c)
            }
        }
        return out + "\""
    }

    // MARK: Mermaid

    func mermaid() -> String {
        var lines = ["flowchart TD"]
        // Mermaid ids must be simple; number the steps.
        var ids: [String: String] = [:]
        for (i, step) in runbook.steps.enumerated() where ids[step.id] == nil { ids[step.id] = "s\(i)" }
        for step in runbook.steps {
            let id = ids[step.id]!
            let label = mermaidText(step.title)
            if step.end != nil {
                lines.append("  \(id)([\"\(label)\"])")
            } else if step.run != nil {
                lines.append("  \(id)[\"\(label)\"]")
            } else {
                lines.append("  \(id){{\"\(label)\"}}")
            }
        }
        let links = linkNodes()
        for key in links.keys.sorted() {
            let node = links[key]!
            lines.append("  \(node.id)>\"↗ \(mermaidText(node.label))\"]")
        }
        for step in runbook.steps {
            for outcome in step.outcomes {
                let from = ids[step.id]!
                let label = mermaidText(outcome.label)
                switch outcome.next {
                case .step(let target, _):
                    lines.append("  \(from) -->|\"\(label)\"| \(ids[target] ?? "missing")")
                case .link(let link):
                    let node = links[linkKey(link)]!.id
                    lines.append("  \(from) -->|\"\(label)\"| \(node)")
                    if let then = link.then { lines.append("  \(node) -.->|then| \(ids[then] ?? "missing")") }
                }
            }
        }
        for status in Ending.Status.allCases {
            let members = runbook.steps.filter { $0.end?.status == status }.map { ids[$0.id]! }
            guard !members.isEmpty else { continue }
            let color = Self.color(of: status).hex
            let className = status.rawValue.replacingDashes()
            lines.append("  classDef \(className) fill:\(color),stroke:#333")
            lines.append("  class \(members.joined(separator: ",")) \(className)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid labels in double quotes take entity codes for quotes and markup.
    func mermaidText(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }
}

extension String {
    func replacingDashes() -> String { String(map { $0 == "-" ? "_" : $0 }) }
}
