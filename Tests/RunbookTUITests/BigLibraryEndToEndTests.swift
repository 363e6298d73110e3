import Foundation
import Testing
import TestSupport

/// A library of a thousand runbooks in a real terminal: the picker lists them
/// from the library index, a chosen one opens in full, and a damaged index is
/// rebuilt without a word.
@Suite(.serialized, .requires("tmux", package: "tmux"))
struct BigLibraryEndToEndTests {
    let binary = Paths.binary

    /// A thousand copies of the seed, each its own id, title and alert.
    static func library(in folder: URL, count: Int = 1_000) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let seed = try String(contentsOfFile: Paths.seed, encoding: .utf8)
        for i in 0..<count {
            let n = String(format: "%04d", i)
            let text = seed.replacingOccurrences(of: "runbook: armada-scrape-failure", with: "runbook: copy-\(n)")
                .replacingOccurrences(
                    of: "title: Handle a Prometheus scrape-failure alert",
                    with: "title: Scrape failure, copy \(n)"
                )
                .replacingOccurrences(
                    of: "alertname: KubernetesEndpointScrapeFailure", with: "alertname: ScrapeFailure\(n)")
            try text.write(to: folder.appendingPathComponent("copy-\(n).yaml"), atomically: false, encoding: .utf8)
        }
    }

    @Test func thePickerOpensOnAThousandRunbooksThenOnADamagedIndex() throws {
        let t = try Tmux()
        let folder = t.home.appendingPathComponent("library")
        try Self.library(in: folder)
        let index = t.home.appendingPathComponent(".cache/runbook/library.index")
        let journal = t.home.appendingPathComponent("walk.jsonl").path

        for round in ["first start: the index is built", "damaged index: rebuilt", "warm index"] {
            try t.run("clear; \(binary) --library \(folder.path) --journal \(journal)")
            try t.waitFor("pick a runbook", seconds: 60)
            try t.waitFor("Scrape failure, copy 0000")
            try t.type("copy 0777")
            let screen = try t.waitFor("copy-0777 · 35 steps")
            #expect(!screen.contains("copy 0776"), "\(round): the filter narrows the thousand to one")
            try t.keys("Enter")
            try t.waitFor("Is node-exporter the failing service?")
            try t.keys("q")
            try t.waitFor("Resume with: runbook resume \(journal)")
            let data = try Data(contentsOf: index)
            #expect(data.starts(with: Data("runbook library index 1\n".utf8)), "\(round)")
            #expect(data.filter { $0 == 0x1E }.count == 1_000, "\(round): a record per runbook")
            try? FileManager.default.removeItem(atPath: journal)
            if round.hasPrefix("first") {
                // Cut in the middle of a record, as a crash mid-write would leave it without the rename.
                try data.prefix(data.count / 2).write(to: index)
            }
        }
        #expect(!(try t.screen()).contains("error"))
    }
}
