import Foundation
import Testing
@testable import RunbookGraph

/// Reading a long page on every core (`ImportReader+ReadAhead`) gives what
/// reading it in order gives, byte for byte: with a part per section and per
/// branch at every level (every join the reader can try), on every fixture,
/// on generated and mutated documents, and on a long page split as imports
/// split it. And the parts do join: a reader that always read again would
/// pass the comparisons and gain nothing.
struct ImportReadAheadTests {
    static func yaml(_ text: String, _ split: ReadingSplit) -> (yaml: String, joined: Int, again: Int) {
        var importer = MarkdownImporter()
        importer.split = split
        guard let result = try? importer.importText(text, path: "page.md") else { return ("(refused)", 0, 0) }
        return (result.yaml, result.partsJoined, result.partsReadAgain)
    }

    /// Compares the two readings; returns how many parts joined and were read again.
    @discardableResult
    static func expectSame(_ text: String, _ label: String, _ split: ReadingSplit = .everySection) -> (Int, Int) {
        let inOrder = yaml(text, .never)
        let inParts = yaml(text, split)
        // Compared outside #expect: a failing comparison of long texts is slow to describe.
        let same = inOrder.yaml == inParts.yaml
        #expect(same, "\(label): reading in parts differs from reading in order")
        // The conditions each command and outcome stands under, numbered as reading in order numbers them.
        func conditions(_ split: ReadingSplit) -> [[Int]] {
            let draft = DraftAssembler(doc: MarkdownDocument(text), path: "page.md", known: [:], split: split)
                .assemble()
            return draft.steps.flatMap { [$0.run?.guards ?? []] + $0.outcomes.map(\.affirms) }
        }
        let sameConditions = conditions(.never) == conditions(split)
        #expect(sameConditions, "\(label): the conditions are numbered otherwise")
        #expect(inOrder.joined == 0 && inOrder.again == 0)
        return (inParts.joined, inParts.again)
    }

    static func corpus() throws -> [(name: String, text: String)] {
        let folders = ["markdown", "markdown/external", "import-cases"].map {
            Paths.fixtures.appendingPathComponent($0)
        }
        var out: [(String, String)] = []
        for folder in folders {
            for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            where name.hasSuffix(".md") {
                out.append((name, try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)))
            }
        }
        return out
    }

    @Test func everyFixtureReadsTheSameInParts() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count >= 40)
        var joined = 0
        var again = 0
        for (name, text) in corpus {
            let (j, a) = Self.expectSame(text, name)
            joined += j
            again += a
        }
        // Most parts join; some must be read again (a state the part could not know), and are.
        #expect(joined >= 40, "only \(joined) parts joined")
        #expect(again >= 5, "no part was read again: the fallback is untested")
        #expect(joined > 2 * again)
    }

    @Test func generatedDecisionShapesReadTheSameInParts() {
        var rng = FuzzTests.SplitMix64(state: 0x5EC7)
        for n in 0..<300 {
            var doc = ImportSafetyPropertyTests.Document()
            for _ in 0..<(1 + Int(rng.next() % 8)) {
                ImportSafetyPropertyTests.shapes[Int(rng.next() % UInt64(ImportSafetyPropertyTests.shapes.count))].1(
                    &doc)
            }
            Self.expectSame(doc.text, "generated document \(n)")
        }
    }

    @Test func randomAndMutatedDocumentsReadTheSameInParts() throws {
        var rng = FuzzTests.SplitMix64(state: 0x9A27)
        for n in 0..<300 {
            let text = (0..<Int(rng.next() % 60)).map { _ in ImportFuzzTests.pieces.randomElement(using: &rng)! }
                .joined()
            Self.expectSame(text, "random document \(n)")
        }
        let corpus = try Self.corpus().map(\.text)
        for n in 0..<200 {
            Self.expectSame(Self.mutated(corpus, &rng), "mutated runbook \(n)")
        }
    }

    /// One of `corpus` with a few lines moved, duplicated and dropped (headings too,
    /// so the cuts between parts land anywhere).
    static func mutated(_ corpus: [String], _ rng: inout FuzzTests.SplitMix64) -> String {
        var lines = corpus[Int(rng.next() % UInt64(corpus.count))].split(
            separator: "\n", omittingEmptySubsequences: false
        ).map(String.init)
        for _ in 0..<(1 + Int(rng.next() % 6)) where lines.count > 1 {
            let i = Int(rng.next() % UInt64(lines.count))
            let j = Int(rng.next() % UInt64(lines.count))
            switch rng.next() % 3 {
            case 0: lines.swapAt(i, j)
            case 1: lines.insert(lines[i], at: j)
            default: lines.remove(at: i)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// A long page as `runbook-bench import` builds it: the corpus under numbered headings.
    @Test func longPageJoinsItsParts() throws {
        var text = "# Generated runbook\n\n"
        let corpus = try Self.corpus()
        for k in 0..<(3 * corpus.count) {
            text +=
                "## Part \(k)\n\n" + corpus[k % corpus.count].text.replacingOccurrences(of: "\n#", with: "\n##")
                + "\n\n"
        }
        let (joined, again) = Self.expectSame(text, "long page", .auto)
        #expect(joined >= 2, "the long page was read in order: \(joined) joined, \(again) read again")
        #expect(joined > again)
    }

    /// Pages that each make a part read something of the state before it: a
    /// part must then join exactly as reading in order would, or be read again.
    static let edges: [(name: String, text: String)] = [
        (
            "alts",
            """
            # Page

            ## Check the service

            ## Option A

            Run `systemctl restart a`.

            ## Option B

            Run `systemctl restart b`.

            If it still fails, go back to [the check](#check-the-service).
            """
        ),
        (
            "ifso",
            """
            # Page

            ## First

            Check whether the disk is full with `df -h`.

            ## Second

            If so, delete old logs with `rm -rf /var/log/old`.
            """
        ),
        (
            "naming",
            """
            # Page

            ## One

            We can get these using `kubectl get certificate`.

            ## Run `kubectl get certificate`

            ```sh
            kubectl get certificate -A
            ```
            """
        ),
        (
            "opposite",
            """
            # Page

            ## Resize

            If volume expansion is available, it's easiest to resize. To check if volume expansion is available, run:

            ```sh
            kubectl get storageclass -o yaml
            ```

            Then resize the volume with `kubectl patch pvc data -p x`.

            ## Purge

            If volume expansion is not available, purge the volume with `kubectl delete pvc data`.
            """
        ),
        (
            "orphan",
            """
            # Page

            ## First

            Run `kubectl get pods -n x`.

            If the pods are running, the issue is resolved. Otherwise, escalate to the platform team.

            ## Second

            Run `kubectl describe node y`.
            """
        ),
        (
            "sql",
            """
            # Page

            ## Connect

            ```sh
            psql -h db.example -U app appdb
            ```

            ## Query

            ```sql
            SELECT count(*) FROM jobs WHERE state = 'stuck';
            ```
            """
        ),
        (
            "teams",
            """
            # Page

            ## One

            Run `kubectl get pods`.

            If the pods crash, escalate to the storage squad.

            ## Two

            Run `kubectl get nodes`.

            If the nodes are down, escalate to the storage squad.
            """
        ),
        (
            "sources",
            """
            # Page

            ## One

            Run `kubectl logs <pod>`.

            ## Two

            Run `ssh node1 "kubectl logs <POD>"`.
            """
        )
    ]

    @Test func edgesOfThePartsReadTheSame() {
        for (name, text) in Self.edges {
            let (joined, again) = Self.expectSame(text, name)
            // The two whose parts can join do; each other page has a part that must be read again.
            if ["alts", "teams"].contains(name) {
                #expect(joined >= 1 && again == 0, "\(name): \(joined) joined, \(again) read again")
            } else {
                #expect(again >= 1, "\(name): \(joined) joined, \(again) read again")
            }
        }
    }
}
