import Foundation
import Testing
@testable import RunbookGraph

/// Random and mutated Markdown: the importer gives a valid runbook or a
/// clear error, never a trap, a hang or a runbook the loader refuses.
struct ImportFuzzTests {
    static let pieces = [
        "# ", "## ", "### If ", "a. If ", "b. If ", "\n", "\n\n", "- ", "1. ", "    ", "```", "```sh\n", "~~~", "`",
        "$ ", "# ",
        "If ", "Else:", "Otherwise, ", "Failing that, ", "If found, STOP HERE.", "If so, ", ", ", ". ", ":",
        "kubectl get pods -n $NAMESPACE", "<pod name>", "${X}", "{{x}}", "{{ .Values }}", "export A=<b>",
        "[r](./other.md)",
        "[d](https://dash.example/x)", "[ref][r1]", "[r1]: ./ref.html", "![i](a.png)", "<div>", "{: .label}",
        "{% raw %}", "<% x %>",
        "TODO", "Escalate to the team.", "## Escalation", "## Example alerts", "Labels:\n- alertname = X\n",
        "`a.b.c_d_e.f`",
        "rm -rf /tmp/x", "top", "'", "\"", "\t", "\r", "é", "😀", "\u{7}", "\u{1B}[31m", "\u{2028}", "x", "word ",
        "---\n", "+++\n"
    ]

    static func check(_ text: String, _ label: String) {
        do {
            let result = try MarkdownImporter().importText(text, path: "fuzz.md")
            #expect(!result.yaml.isEmpty)
            // Steps grow with the text, never faster (a section read twice once made them explode).
            #expect(
                result.report.steps <= text.utf8.count / 3 + 10,
                "\(label): \(result.report.steps) steps from \(text.utf8.count) bytes")
        } catch {
            // Only input problems may fail; a runbook the loader refuses is the importer's bug.
            #expect(
                !error.message.contains("could not build a valid runbook"), "\(label): \(error.message)\n---\n\(text)")
        }
    }

    @Test func randomDocuments() {
        var rng = FuzzTests.SplitMix64(state: 0x1A9)
        for i in 0..<2000 {
            let text = (0..<Int(rng.next() % 60)).map { _ in Self.pieces.randomElement(using: &rng)! }.joined()
            Self.check(text, "random \(i)")
        }
    }

    @Test func mutatedRealRunbooks() throws {
        let folder = Paths.fixtures.appendingPathComponent("markdown")
        var corpus = [
            try String(contentsOf: folder.appendingPathComponent("armada-global-scrape-failure.md"), encoding: .utf8)
        ]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("external").path)
            .sorted() where name.hasSuffix(".md")
        {
            corpus.append(try String(contentsOf: folder.appendingPathComponent("external/\(name)"), encoding: .utf8))
        }
        var rng = FuzzTests.SplitMix64(state: 0xD0C)
        for i in 0..<1000 {
            var lines = corpus[Int(rng.next() % UInt64(corpus.count))].split(
                separator: "\n", omittingEmptySubsequences: false
            ).map(String.init)
            for _ in 0..<(1 + Int(rng.next() % 6)) where !lines.isEmpty {
                let at = Int(rng.next() % UInt64(lines.count))
                switch rng.next() % 5 {
                case 0: lines.remove(at: at)
                case 1: lines.insert(lines[Int(rng.next() % UInt64(lines.count))], at: at)
                case 2: lines.insert(Self.pieces.randomElement(using: &rng)!, at: at)
                case 3: lines[at] = Self.pieces.randomElement(using: &rng)! + lines[at]
                default: lines.swapAt(at, Int(rng.next() % UInt64(lines.count)))
                }
            }
            Self.check(lines.joined(separator: "\n"), "mutation \(i)")
        }
    }

    /// Shapes that once took quadratic time or deep recursion: each imports (a hang fails CI).
    @Test func pathologicalShapes() throws {
        let documents = [
            "# T\n\n" + String(repeating: "[", count: 20_000) + "x" + String(repeating: "]", count: 20_000),
            "# T\n\n" + (1...300).map { String(repeating: "`", count: $0) }.joined(separator: " "),
            "# T\n\n" + (0..<5_000).map { "\($0 % 999 + 1). Run `kubectl get pods -n ns\($0)`\n" }.joined(),
            (0..<1_000).map { "## S\($0)\n\n- `a\($0)` - x\n- `b\($0)` - y\n\n" }.joined(),
            (0..<1_000).map { String(repeating: "#", count: $0 % 6 + 1) + " If heading \($0)\n\ntext\n\n" }.joined(),
            "# T\n\n" + String(repeating: "If a, b. ", count: 5_000),
            "# T\n\n" + (0..<3_000).map { "```\nkubectl get x\($0)\n" }.joined(),
            "# T\n\n[a](" + String(repeating: "(", count: 20_000)
        ]
        for (i, text) in documents.enumerated() {
            let result = try MarkdownImporter().importText(text, path: "shape\(i).md")
            #expect(!result.yaml.isEmpty)
            #expect(result.report.steps <= text.utf8.count / 3 + 10, "shape \(i): \(result.report.steps) steps")
        }
    }

    @Test func randomBytes() {
        var rng = FuzzTests.SplitMix64(state: 0xB17E)
        for _ in 0..<500 {
            let bytes = (0..<Int(rng.next() % 300)).map { _ in
                UInt8(truncatingIfNeeded: rng.next() % 3 == 0 ? rng.next() : rng.next() % 96 + 32)
            }
            do {
                _ = try MarkdownImporter().importBytes(bytes, path: "bytes.md")
            } catch {
                #expect(!error.message.contains("could not build a valid runbook"), "\(error.message)")
            }
        }
    }
}
