import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime

/// Issue 20: each way a journal can be broken, and what the tool does about it.
struct JournalFaultTests {
    let seed = try! #require(RunbookLoader().load(path: Paths.seed).runbook)

    /// A walk of a few events, its writer gone (its process ended).
    func writeWalk(to path: String) throws -> Session {
        var w = try Walker(seed, alert: AlertParser.parse(SeedWalkTests.title), journal: try JournalWriter(path: path))
        try w.choose("other-service"); try w.choose("carrier")
        try w.addNote("checked the carrier")
        return w.session
    }

    @Test func aTornTailIsCutOffAndKeptBesideTheJournalBeforeAppending() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        let before = try writeWalk(to: path)
        let torn = #"{"at":"2026-11-26T01:00:00.000Z","operator":"alice","seq":6,"ty"#
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd(); try handle.write(contentsOf: Data(torn.utf8)); try handle.close()

        let resumed = try ResumedWalk.load(journal: path, library: [seed])
        #expect(resumed.warnings.first?.contains("the last line was incomplete") == true)
        let (writer, notes) = try resumed.reopenJournal(operatorName: "bob")
        #expect(notes.first?.contains("\(path).torn-") == true)
        var session = resumed.session
        let bob = Recorder(journal: writer, operatorName: "bob")
        try bob.choose("done", in: &session)
        try bob.addNote("bob was here", in: &session)
        let again = try JournalReader.read(path: path)
        #expect(!again.droppedTornLine)
        #expect(again.records.count == before.records.count + 2)
        #expect(again.records.last?.event == .noteAdded(step: "calico", text: "bob was here"))
        let saved = try FileManager.default.contentsOfDirectory(atPath: dir.url.path).filter {
            $0.hasPrefix("walk.jsonl.torn-")
        }
        #expect(saved.count == 1)
        #expect(try String(contentsOfFile: dir.url.appendingPathComponent(saved[0]).path, encoding: .utf8) == torn)
    }

    @Test func twoWritersNeverShareAJournal() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        let written = try writeWalk(to: path)
        let first = try ResumedWalk.load(journal: path, library: [seed]).reopenJournal(operatorName: "bob").writer
        do {
            _ = try ResumedWalk.load(journal: path, library: [seed]).reopenJournal(operatorName: "carol")
            Issue.record("a second writer got the journal")
        } catch let error as JournalError {
            #expect(error.message.contains("is open in another walk (held by bob, pid \(getpid())"), "\(error)")
            #expect(error.message.contains("--status"))
        }
        // Reading stays possible while it is held.
        #expect(try ResumedWalk.load(journal: path, library: [seed]).session.records == written.records)
        // A new walk never names an existing journal.
        #expect(throws: JournalError.self) { try JournalWriter(path: path, mode: .create) }
        withExtendedLifetime(first) {}
    }

    /// Every single-byte change to a checksummed journal is caught and named;
    /// salvage keeps every intact record.
    @Test func flippedBytesAreCaughtAndSalvaged() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        let session = try writeWalk(to: path)
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        let lineOf: [Int] = {
            var line = 1
            return original.map { b in
                defer { if b == 0x0A { line += 1 } }; return line
            }
        }()
        var rng = FuzzTests.SplitMix64(state: 0xF11B)
        var caught = 0, silentlyAltered = 0, salvagedIntact = 0
        let last = original.count - 1
        for _ in 0..<600 {
            let offset = Int(rng.next() % UInt64(last))  // not the final newline: that one only makes a torn line
            var data = original
            data[offset] ^= UInt8(1 << (rng.next() % 8))
            do {
                let contents = try JournalReader.parse(data, path: "j")
                if contents.records != session.records { silentlyAltered += 1 }
            } catch let error as JournalError {
                caught += 1
                #expect(
                    error.message.contains("j:\(lineOf[offset]):") || error.message.contains("j:\(lineOf[offset] + 1):")
                        || error.message.contains("no complete record"), "\(error) for a flip on line \(lineOf[offset])"
                )
                if let salvaged = try? JournalReader.parse(data, path: "j", salvage: true) {
                    #expect(salvaged.records.allSatisfy(session.records.contains))
                    #expect(!salvaged.damagedLines.isEmpty)
                    salvagedIntact += salvaged.records.count
                }
            }
        }
        #expect(silentlyAltered == 0)
        #expect(caught > 550, "caught \(caught) of 600")
        #expect(salvagedIntact > 0)
    }

    @Test func salvageResumesInANewJournal() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        let session = try writeWalk(to: path)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = lines[3].replacingOccurrences(of: "alice", with: "mallory")
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: JournalError.self) { try ResumedWalk.load(journal: path, library: [seed]) }
        let salvaged = try ResumedWalk.load(journal: path, library: [seed], salvage: true)
        #expect(salvaged.damagedLines == [4])
        #expect(salvaged.warnings.contains { $0.contains("damaged line 4 left out") })
        let (writer, notes) = try salvaged.reopenJournal(operatorName: "bob")
        let newPath = writer.path
        #expect(newPath.hasSuffix("walk-salvaged.jsonl"))
        #expect(notes.first?.contains("is left as it was") == true)
        #expect(
            try JournalReader.read(path: newPath).records.count == session.records.count - 1
                - salvaged.unfitRecords.count)
    }
}
