import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
import TestSupport

/// The journal index: reused while a journal is unchanged, rebuilt without a
/// word when damaged, never corrupted by two writers.
@Suite(.serialized)
struct JournalIndexTests {
    /// `count` finished walks of the disk runbook in `folder`.
    static func journals(_ count: Int, in folder: URL) throws -> [String] {
        try (0..<count).map { i in
            let path = folder.appendingPathComponent("walk-\(i).jsonl").path
            var w = try Walker(
                DiskRunbook.runbook, library: [DiskRunbook.runbook],
                alert: AlertParser.parse("Labels:\n- alertname = DiskFilling\n- instance = db\(i)"),
                journal: try JournalWriter(path: path))
            try w.run(output: "95% /data\n")
            try w.choose("full")
            try w.choose("done")
            try w.finish()
            return path
        }
    }

    /// The journals an index file lists.
    static func entries(_ index: String) throws -> Int {
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: index)))
        #expect((json as? [String: Any])?["format"] as? Int == 1)
        return ((json as? [String: Any])?["entries"] as? [String: Any])?.count ?? -1
    }

    @Test func whatTheIndexKeepsReadsBackTheSame() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("odd.jsonl").path
        var w = try Walker(
            DiskRunbook.runbook, library: [DiskRunbook.runbook],
            alert: AlertParser.parse("Labels:\n- alertname = DiskFilling\n- instance = a\\b\u{1F}c\u{1E}d =e"),
            journal: try JournalWriter(path: path))
        try w.run(output: "95% /data\n")
        try w.choose("full")
        try w.goBack()
        try w.choose("fine")
        try w.finish()
        let index = folder.url.appendingPathComponent("journals.index").path
        let parsed = JournalHistory.read(folders: [folder.url.path], library: [DiskRunbook.runbook], index: index)
        let indexed = JournalHistory.read(folders: [folder.url.path], library: [DiskRunbook.runbook], index: index)
        let a = try #require(parsed.walks.first), b = try #require(indexed.walks.first)
        #expect(a.alertLabels == b.alertLabels && a.alertLabels["instance"] == "a\\b\u{1F}c\u{1E}d =e")
        #expect(a.visits == b.visits && a.visits.count == 4)
        #expect(a.path == b.path && a.operators == b.operators && a.status == b.status && a.lastStep == b.lastStep)
        #expect(a.startedAt == b.startedAt && a.lastAt == b.lastAt && a.alertTitle == b.alertTitle)
        #expect(a.journal == b.journal && a.mode == b.mode && a.title == b.title)
    }

    @Test func anUnchangedJournalIsTakenFromTheIndex() throws {
        let folder = try TemporaryFolder()
        let paths = try Self.journals(5, in: folder.url)
        let index = folder.url.appendingPathComponent("cache/journals.index").path
        let library = [DiskRunbook.runbook]
        // A whole second, so that setting it again below gives the very same time.
        let victim = paths[2]
        let second = Date(timeIntervalSince1970: 1_795_000_000)
        try FileManager.default.setAttributes([.modificationDate: second], ofItemAtPath: victim)
        let first = JournalHistory.read(folders: [folder.url.path], library: library, index: index)
        #expect(first.walks.count == 5)
        #expect(FileManager.default.fileExists(atPath: index))

        // Same size, same time, other bytes: the index is believed (it is keyed by size and time).
        let size = try Data(contentsOf: URL(fileURLWithPath: victim)).count
        try Data(repeating: 0x41, count: size).write(to: URL(fileURLWithPath: victim))
        try FileManager.default.setAttributes([.modificationDate: second], ofItemAtPath: victim)
        #expect(JournalHistory.read(folders: [folder.url.path], library: library, index: index).walks.count == 5)
        // Touched: read again, and now it is no journal.
        try FileManager.default.setAttributes([.modificationDate: Date()], ofItemAtPath: victim)
        let again = JournalHistory.read(folders: [folder.url.path], library: library, index: index)
        #expect(again.walks.count == 4)
        #expect(again.skipped == [victim])
    }

    @Test func aDamagedIndexIsRebuiltWithoutAWord() throws {
        let folder = try TemporaryFolder()
        _ = try Self.journals(3, in: folder.url)
        let index = folder.url.appendingPathComponent("journals.index").path
        for damage in [Data("{\"format\": 1, \"entries\": {\"x\": 12".utf8), Data([0xFF, 0x00, 0x13]), Data()] {
            try damage.write(to: URL(fileURLWithPath: index))
            let history = JournalHistory.read(folders: [folder.url.path], library: [DiskRunbook.runbook], index: index)
            #expect(history.walks.count == 3 && history.skipped.isEmpty)
            #expect(try Self.entries(index) == 3)
        }
        // A walk indexed without its runbook is read again once the library has it.
        try? FileManager.default.removeItem(atPath: index)
        let partial = JournalHistory.read(folders: [folder.url.path], library: [], index: index)
        #expect(partial.walks.allSatisfy { $0.partial })
        let whole = JournalHistory.read(folders: [folder.url.path], library: [DiskRunbook.runbook], index: index)
        #expect(whole.walks.allSatisfy { !$0.partial && $0.path == ["usage", "clean", "resolved"] })
    }

    @Test func twoWritersAtOnceLeaveAWholeIndex() throws {
        let folder = try TemporaryFolder()
        let paths = try Self.journals(20, in: folder.url)
        let index = folder.url.appendingPathComponent("journals.index").path
        DispatchQueue.concurrentPerform(iterations: 16) { n in
            // Each writer sees a different set of changed journals, so each rewrites the index.
            try? FileManager.default.setAttributes(
                [.modificationDate: Date().addingTimeInterval(Double(n))], ofItemAtPath: paths[n])
            _ = JournalHistory.read(folders: [folder.url.path], library: [DiskRunbook.runbook], index: index)
        }
        #expect(try Self.entries(index) == 20)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter {
            $0.hasSuffix(".tmp")
        }
        #expect(leftovers.isEmpty)
        #expect(
            JournalHistory.read(folders: [folder.url.path], library: [DiskRunbook.runbook], index: index).walks.count
                == 20)
    }
}
