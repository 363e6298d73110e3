import Foundation
import RunbookGraph

/// `runbook-bench import [MB]`: importing Markdown runbooks of growing size,
/// built from the seed and the external fixtures (sections repeated under
/// numbered headings), against the Markdown block parse of the same text.
enum ImportBench {
    static func document(bytes: Int) throws -> String {
        let folder = "Tests/RunbookGraphTests/Fixtures/markdown"
        var sources = [try String(contentsOfFile: "\(folder)/armada-global-scrape-failure.md", encoding: .utf8)]
        for name in try FileManager.default.contentsOfDirectory(atPath: "\(folder)/external").sorted()
        where name.hasSuffix(".md") && name != "SOURCES.md" {
            sources.append(try String(contentsOfFile: "\(folder)/external/\(name)", encoding: .utf8))
        }
        var text = "# Generated runbook\n\n"
        var part = 0
        while text.utf8.count < bytes {
            // Without front matter, each source becomes a numbered part of one document.
            var body = sources[part % sources.count]
            if body.hasPrefix("---"), let end = body.dropFirst(3).firstRange(of: "\n---") {
                body = String(body[end.upperBound...])
            }
            text += "## Part \(part)\n\n" + body.replacingOccurrences(of: "\n#", with: "\n##") + "\n\n"
            part += 1
        }
        return text
    }

    static func run(megabytes: [Double]) throws {
        print(
            "size      blocks (floor)   import (+validate)   ratio   in order   vs in order   of which validate   steps   per 100 KB   parts joined"
        )
        var per: [Double] = []
        for mb in megabytes {
            let text = try document(bytes: Int(mb * 1_048_576))
            var steps = 0
            var yaml = ""
            var parts = ""
            var inOrderYAML = ""
            let floor = median({ _ = MarkdownDocument(text, split: .never) }, runs: 5)
            let time = median(
                {
                    let result = try? MarkdownImporter().importText(text, path: "generated.md")
                    steps = result?.report.steps ?? -1
                    yaml = result?.yaml ?? ""
                    parts =
                        "\(result?.partsJoined ?? 0) of \((result?.partsJoined ?? 0) + (result?.partsReadAgain ?? 0))"
                }, runs: 5)
            precondition(steps > 0, "the generated document must import")
            // The baseline: every section read in order, on one core.
            var inOrder = MarkdownImporter()
            inOrder.split = .never
            let sequential = median(
                { inOrderYAML = (try? inOrder.importText(text, path: "generated.md"))?.yaml ?? "" }, runs: 5)
            precondition(inOrderYAML == yaml, "reading in parts must give what reading in order gives")
            // The importer loads what it wrote with the loader; this is that share.
            let validate = median({ _ = RunbookLoader().load(text: yaml, path: "generated.yaml") }, runs: 5)
            let size = Double(text.utf8.count) / 1_048_576
            per.append(time / size / 10)
            print(
                String(
                    format:
                        "%5.2f MB  %10.1f ms   %14.1f ms   %6.1fx  %6.1f ms   %10.2fx  %13.1f ms   %6d  %7.2f ms   %@",
                    size, floor, time, time / floor, sequential, time / sequential, validate, steps,
                    time / size / 10, parts))
        }
        if let first = per.first, let last = per.last {
            print(
                String(
                    format:
                        "growth: time per 100 KB changes %.2fx from the smallest to the largest document (1.00x = linear)",
                    last / first))
        }
    }
}
