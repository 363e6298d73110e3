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

    /// A long document is parsed in parts cut at headings: with a cut at every heading
    /// the scan of fence lines allows, every fixture and random and mutated pages give the
    /// blocks, references and line indents of one pass.
    @Test func partsParseAsOnePass() throws {
        let corpus = try ImportReadAheadTests.corpus().map(\.text)
        var texts = corpus
        var rng = FuzzTests.SplitMix64(state: 0xB10C)
        for _ in 0..<300 {
            texts.append(
                (0..<Int(rng.next() % 60)).map { _ in ImportFuzzTests.pieces.randomElement(using: &rng)! }.joined())
        }
        for _ in 0..<300 { texts.append(ImportReadAheadTests.mutated(corpus, &rng)) }
        var cuts = 0
        var differ: [Int] = []
        for (n, text) in texts.enumerated() {
            cuts += MarkdownDocument.parts(MarkdownDocument.Lines(text), from: 0, split: .everySection).count - 1
            if MarkdownDocument(text, split: .everySection) != MarkdownDocument(text, split: .never) {
                differ.append(n)
            }
        }
        #expect(differ.isEmpty, "\(differ.count) of \(texts.count) parse otherwise in parts, e.g. \(differ.prefix(5))")
        #expect(cuts > 1_000, "only \(cuts) cuts")
    }

    /// A fence reaches over a heading: a `#` line inside one is no cut, and where the
    /// scan of fence lines reads the fence otherwise than the parser (a block-quoted
    /// fence closes only on an unquoted line), the part's fence runs on and the
    /// document is parsed in one pass.
    @Test(arguments: [
        ("shell comments", "# Page\n\n```sh\n# list the pods\nkubectl get pods\n```\n\n# Next\n\ntext\n", false),
        ("a longer fence", "# Page\n\n````\n```\n# not a heading\n```\n````\n# Next\n", false),
        ("tilde under a list item", "- step\n\n  ~~~\n# inside\n  ~~~\n# After\n", false),
        ("fence in indented code", "text\n\n    code\n    ```\n# Heading\n\nbody\n", false),
        ("quoted fence", "> ```\n> # quoted comment\n> ```\n# Heading\n\ntext\n", true),
        ("fence left open", "# A\n\n```\n# B\n\ntext\n", false)
    ])
    func fencesAcrossCuts(name: String, text: String, runsOn: Bool) {
        let lines = MarkdownDocument.Lines(text)
        let ranges = MarkdownDocument.parts(lines, from: 0, split: .everySection)
        // Every cut is at a heading the parser sees as one, or the first part's fence runs on.
        #expect(ranges.dropLast().contains { MarkdownDocument.Chunk(lines, $0).fenceRunsOn } == runsOn, "\(name)")
        #expect(MarkdownDocument(text, split: .everySection) == MarkdownDocument(text, split: .never), "\(name)")
    }

    /// A heading ends a list: an indented line after it is code, not the list's text.
    @Test func aHeadingEndsTheList() {
        let doc = MarkdownDocument("- item\n\n## Heading\n\n    code after the heading\n")
        #expect(doc.blocks.last == .code(language: "", text: "code after the heading", line: 5))
    }
}

/// What the importer asks of every heading and sentence is read by byte while the
/// text is ASCII: the same words, anchors and list markers as reading Characters.
struct ASCIIFastPathTests {
    @Test func branchCuesAreFoundAsSearchingTheLowerCaseWould() {
        var rng = FuzzTests.SplitMix64(state: 0xC0E5)
        let lists = [
            BranchAction.Cues.resolved, BranchAction.Cues.reference, BranchAction.Cues.return,
            BranchAction.Cues.escalation, BranchAction.Cues.proceed
        ]
        let pieces = lists.flatMap(\.cues) + [" ", "Stop ", "HERE", "then", "é", "x", "Contact ", ". ", "the"]
        var held = 0
        for _ in 0..<2_000 {
            var text = (0..<Int(rng.next() % 6)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            if rng.next() % 2 == 0 { text = text.uppercased() }
            let lower = text.lowercased()
            let cues = BranchAction.Cues(text, lower: lower)
            for list in lists {
                let searched = list.cues.contains { lower.containsBytes($0) }
                #expect(cues.any(list) == searched, "\(text)")
                if searched { held += 1 }
            }
        }
        #expect(held > 1_000)
    }

    @Test func enumeratorsAreStrippedAsCharactersWould() {
        var rng = FuzzTests.SplitMix64(state: 0xE7)
        // A lone combining mark joins the blank before it into one Character.
        let alphabet: [Character] = ["a", "1", ".", ")", " ", "Z", "é", "\u{301}", "x", "-"]
        for _ in 0..<3_000 {
            let text = String((0..<Int(rng.next() % 7)).map { _ in alphabet.randomElement(using: &rng)! })
            let chars = Array(text.prefix(4))
            let stripped =
                chars.count > 3 && (chars[0].isLetter || chars[0].isNumber) && (chars[1] == "." || chars[1] == ")")
                    && chars[2] == " " ? String(text.dropFirst(3)) : text
            #expect(ConditionSentence.stripEnumerator(text) == stripped, "\(text.unicodeScalars.map(\.value))")
        }
    }

    @Test func asciiIsReadAsCharactersWould() {
        var rng = FuzzTests.SplitMix64(state: 0xA5C1)
        let alphabet = Array("aZ9 -_.:`*#(){}!?/\tQx")
        for _ in 0..<2_000 {
            let text = String((0..<Int(rng.next() % 40)).map { _ in alphabet.randomElement(using: &rng)! })
            let words = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
            #expect(Text.words(text) == words, "\(text)")
            let slug = String(
                text.lowercased().compactMap { c -> Character? in
                    c.isLetter || c.isNumber || c == "-" || c == "_" ? c : c == " " ? "-" : nil
                })
            #expect(Section.githubSlug(plain: text) == slug, "\(text)")
        }
        #expect(Text.words("Überprüfe den Knoten-Ausfall") == ["überprüfe", "den", "knoten", "ausfall"])
        #expect(Section.githubSlug(plain: "Überprüfe den Knoten!") == "überprüfe-den-knoten")
    }
}
