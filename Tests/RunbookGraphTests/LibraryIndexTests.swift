import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
import TestSupport

/// The library index: the picker and triage read cards from it, a changed file
/// is read again, a damaged index is rebuilt without a word, two writers never
/// corrupt it, and what triage decodes from a card is what the runbook says.
@Suite(.serialized)
struct LibraryIndexTests {
    /// `count` runbooks in `folder`, each its own id and alert.
    static func library(_ count: Int, in folder: URL) throws -> [String] {
        try (0..<count).map { i in
            let path = folder.appendingPathComponent("disk-\(i).yaml").path
            let text = DiskRunbook.text.replacingOccurrences(of: "runbook: disk", with: "runbook: disk-\(i)")
                .replacingOccurrences(of: "DiskFilling", with: "DiskFilling\(i)")
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            return path
        }
    }

    /// The files an index holds (one record each, ended by U+001E).
    static func entries(_ index: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: index))
        #expect(data.starts(with: Data("runbook library index 1\n".utf8)))
        return data.filter { $0 == 0x1E }.count
    }

    @Test func theCardsAreTheRunbooksAndAreReusedWhileTheFileIsUnchanged() throws {
        let folder = try TemporaryFolder()
        let paths = try Self.library(4, in: folder.url)
        let index = folder.url.appendingPathComponent("cache/library.index").path
        let victim = paths[1]
        let second = Date(timeIntervalSince1970: 1_795_000_000)
        try FileManager.default.setAttributes([.modificationDate: second], ofItemAtPath: victim)
        let cold = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        #expect(cold.cards.map(\.id) == ["disk-0", "disk-1", "disk-2", "disk-3"])
        #expect(cold.cards[1].title == "Disk filling up" && cold.cards[1].stepCount == 4)
        #expect(cold.cards[1].links.isEmpty && cold.cards[1].path == victim)
        #expect(try Self.entries(index) == 4)

        // Same size, same time, other text: the index is believed (keyed by size and time).
        let edited = try String(contentsOfFile: victim, encoding: .utf8).replacingOccurrences(
            of: "Disk filling up", with: "Disk filling UP")
        try edited.write(toFile: victim, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: second], ofItemAtPath: victim)
        #expect(LibraryIndex.catalog(paths: [folder.url.path], index: index).cards[1].title == "Disk filling up")
        // Touched: read again.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: victim)
        #expect(LibraryIndex.catalog(paths: [folder.url.path], index: index).cards[1].title == "Disk filling UP")
        // Opening a card reads the file in full.
        let warm = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        let opened = try warm.runbook(warm.cards[1])
        #expect(opened.steps.count == 4 && opened.title == "Disk filling UP")
    }

    @Test func aFileThatBreaksIsLeftOutAndComesBackWhenFixed() throws {
        let folder = try TemporaryFolder()
        let paths = try Self.library(2, in: folder.url)
        let index = folder.url.appendingPathComponent("library.index").path
        _ = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        let good = try String(contentsOfFile: paths[0], encoding: .utf8)
        try good.replacingOccurrences(of: "steps:", with: "stpes:").write(
            toFile: paths[0], atomically: false, encoding: .utf8)
        let broken = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        #expect(broken.cards.map(\.id) == ["disk-1"])
        #expect(broken.problems.count == 1 && broken.problems[0].contains("disk-0.yaml:"))
        #expect(broken.problems[0].contains("did you mean 'steps'"))
        // Still left out when read from the index.
        #expect(LibraryIndex.catalog(paths: [folder.url.path], index: index).problems == broken.problems)
        try good.write(toFile: paths[0], atomically: false, encoding: .utf8)
        let fixed = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        #expect(fixed.cards.count == 2 && fixed.problems.isEmpty)
    }

    @Test func aDamagedOrForeignIndexIsRebuiltWithoutAWord() throws {
        let folder = try TemporaryFolder()
        _ = try Self.library(3, in: folder.url)
        let index = folder.url.appendingPathComponent("library.index").path
        let expected = LibraryIndex.catalog(paths: [folder.url.path], index: index).cards
        let good = try Data(contentsOf: URL(fileURLWithPath: index))
        let damages = [
            good.prefix(good.count / 2), Data([0xFF, 0x00, 0x13]), Data(), Data("runbook library index 2\n".utf8),
            Data("{\"format\": 1, \"entries\": {}}".utf8),
            Data("runbook library index 1\n/x\u{1F}12\u{1E}".utf8),
            Data("runbook library index 1\n".utf8) + Data(repeating: 0x1F, count: 20) + Data([0x1E])
        ]
        for damage in damages {
            try damage.write(to: URL(fileURLWithPath: index))
            let catalog = LibraryIndex.catalog(paths: [folder.url.path], index: index)
            #expect(catalog.cards == expected && catalog.problems.isEmpty)
            #expect(try Self.entries(index) == 3)
        }
    }

    @Test func twoWritersAtOnceLeaveAWholeIndex() throws {
        let folder = try TemporaryFolder()
        let paths = try Self.library(20, in: folder.url)
        let index = folder.url.appendingPathComponent("library.index").path
        DispatchQueue.concurrentPerform(iterations: 16) { n in
            try?
                "# edited by \(n)\n\(DiskRunbook.text.replacingOccurrences(of: "runbook: disk", with: "runbook: disk-\(n)"))"
                .write(toFile: paths[n], atomically: false, encoding: .utf8)
            _ = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        }
        #expect(try Self.entries(index) == 20)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty)
        #expect(LibraryIndex.catalog(paths: [folder.url.path], index: index).cards.count == 20)
    }

    @Test func otherLibrariesKeepTheirEntries() throws {
        let a = try TemporaryFolder(), b = try TemporaryFolder()
        _ = try Self.library(2, in: a.url)
        _ = try Self.library(3, in: b.url)
        let index = a.url.appendingPathComponent("library.index").path
        _ = LibraryIndex.catalog(paths: [a.url.path], index: index)
        _ = LibraryIndex.catalog(paths: [b.url.path], index: index)
        #expect(try Self.entries(index) == 5)
        try FileManager.default.removeItem(atPath: b.url.appendingPathComponent("disk-2.yaml").path)
        _ = LibraryIndex.catalog(paths: [b.url.path], index: index)
        #expect(try Self.entries(index) == 4, "a deleted file of a scanned folder goes")
    }

    /// Triage through a card: the same runbooks, values and sources as through
    /// the runbook read in full, for the bundled runbook and for odd layouts.
    @Test func triageFromCardsIsTriageFromRunbooks() throws {
        let folder = try TemporaryFolder()
        let flow = """
            {runbook: flow, title: Flow, match: {label: {alertname: KubePodCrashLooping}},
             variables: {pod: {from: [alert.pod]}}, start: a, steps: {a: {title: 'A {{pod}}', end: resolved}}}
            """
        try flow.write(to: folder.url.appendingPathComponent("flow.yaml"), atomically: false, encoding: .utf8)
        let commented = """
            # match and variables last, comments between
            runbook: late
            title: Late header
            start: a
            steps:
              a:
                title: A
                run: echo {{pod}}
                capture: { regex: 'ns=(?<ns>\\S+)' }
                next: b
              b: { title: B, end: resolved }

            # the alert
            match:
              all:
                - label: { alertname: KubePodCrashLooping }
                - label_matches: { namespace: '^kube-' }
            variables:
              pod:
                from: [alert.pod]
                pattern: '^[a-z0-9-]+$'
            """
        try commented.write(to: folder.url.appendingPathComponent("late.yaml"), atomically: false, encoding: .utf8)
        try FileManager.default.copyItem(
            at: Paths.runbooks.appendingPathComponent("armada-scrape-failure.yaml"),
            to: folder.url.appendingPathComponent("seed.yaml"))
        let index = folder.url.appendingPathComponent("library.index").path
        let cold = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        // Every card (tags, captures, links and all) is in the index and reads back the same.
        #expect(try Self.entries(index) == 3)
        let catalog = LibraryIndex.catalog(paths: [folder.url.path], index: index)
        #expect(catalog.cards == cold.cards)
        #expect(catalog.cards.first { $0.id == "armada-scrape-failure" }?.tags.count == 5)
        #expect(catalog.cards.first { $0.id == "late" }?.captured == ["ns"])
        let full = Library.load(paths: [folder.url.path]).runbooks
        #expect(catalog.cards.count == 3 && full.count == 3, "\(catalog.problems)")
        let alerts = [
            "Labels:\n- alertname = KubePodCrashLooping\n- namespace = kube-system\n- pod = calico-1",
            "Labels:\n- alertname = KubePodCrashLooping\n- namespace = default\n- pod = Bad_Pod",
            SeedAlert.body, SeedAlert.title
        ]
        for text in alerts {
            let alert = AlertParser.parse(text)
            let viaCards = catalog.triage(alert)
            let viaRunbooks = Triage.rank(full, alert: alert)
            #expect(viaCards.map(\.runbook.id) == viaRunbooks.map(\.runbook.id))
            #expect(!viaCards.isEmpty, "\(text)")
            for (a, b) in zip(viaCards, viaRunbooks) {
                #expect(a.resolution.values == b.resolution.values)
                #expect(a.resolution.problems == b.resolution.problems)
                #expect(
                    a.resolution.missing(in: a.runbook).map(\.name) == b.resolution.missing(in: b.runbook).map(\.name))
                #expect(a.runbook.variables.map(\.name) == b.runbook.variables.map(\.name))
                // Declared variables point at the file; captured ones are declared by steps the card does not hold.
                let captured = Set(catalog.card(id: a.runbook.id)?.captured ?? [])
                let declared = { (r: Runbook) in r.variables.filter { !captured.contains($0.name) }.map(\.location) }
                #expect(declared(a.runbook) == declared(b.runbook))
            }
        }
    }
}
