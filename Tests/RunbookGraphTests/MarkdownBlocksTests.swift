import Foundation
import Testing
@testable import RunbookGraph

/// The block parser the Markdown importer stands on (issue 7).
struct MarkdownBlocksTests {
    static let seed =
        (try? String(
            contentsOf: Paths.fixtures.appendingPathComponent("markdown/armada-global-scrape-failure.md"),
            encoding: .utf8)) ?? ""

    @Test func seedFrontMatterAndHeadings() {
        let doc = MarkdownDocument(Self.seed)
        #expect(
            doc.frontMatter?.contains("runbook-name: \"armada-ops - How to handle a scrape failure pagerduty alert\"")
                == true)
        let headings = doc.blocks.compactMap {
            if case .heading(let level, let text, _) = $0 { "\(level) \(text)" } else { nil }
        }
        #expect(
            headings.prefix(6) == [
                "2 Overview", "2 Example alerts", "2 Investigation and Action", "3 Troubleshooting tips",
                "3 Verify calico-node is running", "3 If calico-node is running, perform further checks."
            ])
        #expect(headings.contains("2 Escalation Policy"))
        #expect(headings.contains("4 Vyatta healthcheck"))
    }

    @Test func seedCodeBlocksIncludingTildeAndIndented() {
        let doc = MarkdownDocument(Self.seed)
        let code = doc.blocks.compactMap { if case .code(_, let text, let line) = $0 { (text, line) } else { nil } }
        #expect(code.count == 6)
        #expect(code.contains { $0.0.hasPrefix("Labels:\n- alertname = KubernetesEndpointScrapeFailure") })
        // Indented under prose, then in a ~~~ fence.
        #expect(code.contains { $0.0.hasPrefix("jordanj@vbox-jordanj:~$ kubectl get pods -n kube-system") })
        #expect(code.contains { $0.0.hasPrefix("pcullen@prod-dal12-carrier2-master-01:~$ kubectl get pods -n armada") })
        #expect(code.contains { $0.0.contains("real\t0m0.285s") })  // indented inside a numbered list
    }

    @Test func listItemsKeepLazyContinuationLines() {
        let doc = MarkdownDocument(Self.seed)
        let items = doc.blocks.compactMap { if case .listItem(_, _, let text, _) = $0 { text } else { nil } }
        let health = items.first { $0.hasPrefix("Check the kubernetes health of the node") }
        #expect(health?.contains("`kubectl describe node ${WORKER_IP}`") == true)
        #expect(
            items.filter { $0.hasPrefix("`bluemix.containers-kubernetes") || $0.hasPrefix("`ibmcloud.") }.count == 5)
    }

    @Test func skipsHTMLAndKramdownAndTemplates() {
        let doc = MarkdownDocument(
            "Troubleshooting\n{: .label .label-red}\n\n<img src=\"x.png\"/>\n{% include x.html %}\n<% if a %>\n")
        #expect(doc.blocks.map(\.line) == [1, 2, 4, 5, 6])
        #expect(doc.blocks.filter { if case .skipped = $0 { true } else { false } }.count == 4)
    }

    @Test func inlineCodeAndLinks() {
        let text =
            "Run `kubectl get pods` then see [the calico runbook](./armada-network-calico-node-troubleshooting.html) and `lookup <node IP>`."
        #expect(MarkdownInline.codeSpans(text) == ["kubectl get pods", "lookup <node IP>"])
        #expect(MarkdownInline.links(text).map(\.target) == ["./armada-network-calico-node-troubleshooting.html"])
    }

    @Test func anyBytesParseWithoutTrapping() {
        var rng = FuzzTests.SplitMix64(state: 7)
        let pieces = [
            "#", "# ", "```", "~~~", "- ", "1. ", "    ", "\n", "`", "[a](b)", "---", "{:", "<p>", "\r", "\t", "x", "é"
        ]
        for _ in 0..<3000 {
            let text = (0..<Int(rng.next() % 40)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            let doc = MarkdownDocument(text)
            // Lines end at LF bytes ("\r\n" is one Character but ends a line too).
            let lineCount = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).count
            for block in doc.blocks { #expect(block.line >= 1 && block.line <= lineCount) }
        }
    }
}
