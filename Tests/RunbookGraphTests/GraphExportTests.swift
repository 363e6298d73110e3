import Foundation
import Testing
import TestSupport
@testable import RunbookGraph

struct GraphExportTests {
    let runbook = try! #require(RunbookLoader().load(path: Paths.seed).runbook)

    @Test(.requires("dot", package: "graphviz")) func graphvizAcceptsTheDOT() throws {
        let dir = try TemporaryFolder()
        let file = try dir.write("seed.dot", GraphExport(runbook: runbook).render(.dot))
        let result = try runProcess("/usr/bin/env", ["dot", "-Tsvg", file])
        #expect(result.status == 0, "dot rejected the graph: \(result.stderr)")
        #expect(result.stdout.contains("<svg"))
        #expect(result.stdout.contains("Verify calico&#45;node is running on the worker"))
    }

    @Test func dotHasStepsEdgesEndsAndLinks() {
        let dot = GraphExport(runbook: runbook).render(.dot)
        #expect(dot.hasPrefix("digraph \"armada-scrape-failure\" {"))
        #expect(dot.contains("\"calico\" -> \"open-targets\" [label=\"calico-node is 1/1 Running\"];"))
        #expect(
            dot.contains(
                "\"resolved\" [label=\"Resolved\\n[resolved]\", shape=box, style=\"rounded,filled,bold\", fillcolor=palegreen];"
            ))
        #expect(dot.contains("fillcolor=lightsalmon"))
        #expect(dot.contains("label=\"↗ General debugging info for armada tugboat carriers\", shape=note"))
        #expect(dot.contains("[label=\"then\", style=dashed];"))
        let edges = dot.split(separator: "\n").filter { $0.contains(" -> ") && !$0.contains("\"then\"") }
        #expect(edges.count == runbook.steps.reduce(0) { $0 + $1.outcomes.count })
    }

    @Test func dotQuotesHostileTitles() throws {
        let text = """
            runbook: q
            title: 'Say "hi" \\ bye'
            start: a
            steps:
              a: { title: "line one\\nline \\"two\\"", end: resolved }
            """
        let rb = try #require(RunbookLoader().load(text: text, path: "q.yaml").runbook)
        let dot = GraphExport(runbook: rb).render(.dot)
        #expect(dot.contains(#"label="Say \"hi\" \\ bye";"#))
        #expect(dot.contains(#"[label="line one\nline \"two\"\n[resolved]""#))
    }

    @Test func mermaidFlowchart() {
        let mermaid = GraphExport(runbook: runbook).render(.mermaid)
        let lines = mermaid.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart TD")
        #expect(lines.contains("  s0{{\"Is node-exporter the failing service?\"}}"))
        #expect(lines.contains("  s3[\"Verify calico-node is running on the worker\"]"))
        #expect(lines.contains { $0.hasPrefix("  classDef escalated fill:") })
        #expect(lines.contains { $0.hasPrefix("  class ") && $0.hasSuffix(" handed_off") })
        #expect(!mermaid.contains("missing"))
    }
}
