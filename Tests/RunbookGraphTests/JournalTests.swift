import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime

struct JournalTests {
    let seed = try! #require(RunbookLoader().load(path: Paths.seed).runbook)

    /// A real walk written to a real journal file.
    func writeWalk(to path: String) throws -> Walker {
        var w = try Walker(
            seed, alert: AlertParser.parse(SeedWalkTests.title + "\n" + SeedWalkTests.labelBody),
            journal: try JournalWriter(path: path))
        try w.choose("other-service"); try w.choose("carrier")
        try w.addNote("Chlorine says: prod-dal10-carrier1 worker")
        try w.choose("done")
        try w.set("calico_ns", "kube-system")
        try w.run(
            output:
                "calico-node-g8vgl   1/1   Running   4   22d   10.176.31.239\nweird \u{1b}[31mred\u{1b}[0m and ünïcode\n"
        )
        try w.choose("running")
        try w.choose("http-404")
        try w.finish()
        return w
    }

    @Test func journalIsPrivateAndRoundTrips() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("state/runbook/walk.jsonl").path
        let w = try writeWalk(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let contents = try JournalReader.read(path: path)
        #expect(!contents.droppedTornLine)
        #expect(contents.records == w.session.records)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == w.session.records.count)
        #expect(text.hasPrefix(#"{"at":""#))
    }

    @Test func resumeRebuildsTheSameSessionForAnotherOperator() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        // Alice's walk ends (her process goes away): the journal is free to resume.
        let alice = try { () throws -> Session in
            var w = try Walker(
                seed, alert: AlertParser.parse(SeedWalkTests.title), journal: try JournalWriter(path: path))
            try w.choose("other-service"); try w.choose("carrier")
            return w.session
        }()
        let resumed = try ResumedWalk.load(journal: path, library: [seed])
        #expect(resumed.warnings.isEmpty)
        #expect(resumed.session.frame == alice.frame)
        #expect(resumed.session.visits == alice.visits)
        #expect(resumed.session.variables == alice.variables)
        var session = resumed.session
        let bob = Recorder(journal: try resumed.reopenJournal(operatorName: "bob").writer, operatorName: "bob")
        try bob.choose("done", in: &session)
        let again = try ResumedWalk.load(journal: path, library: [seed])
        #expect(again.session.frame?.step == "calico")
        #expect(Set(again.session.records.map(\.operator)) == ["alice", "bob"])
    }

    @Test func resumeNoticesAChangedRunbook() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        _ = try Walker(seed, alert: Alert(title: "x"), journal: try JournalWriter(path: path))
        var edited = seed
        edited.contentHash = "fnv1a64:0000000000000000"
        let resumed = try ResumedWalk.load(journal: path, library: [edited])
        #expect(resumed.warnings.count == 1)
        #expect(resumed.warnings[0].hasPrefix("runbook 'armada-scrape-failure' has changed since this walk began"))
    }

    @Test func aDamagedLineBeforeTheEndIsAnErrorWithItsLine() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        _ = try writeWalk(to: path)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[2] = "{ this is not json"
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: JournalError.self) { try JournalReader.read(path: path) }
        do { _ = try JournalReader.read(path: path) } catch let error as JournalError {
            #expect(error.message.hasPrefix("\(path):3: it has no checksum, unlike the records before it"))
        }
    }

    /// A crash can cut the journal anywhere: every prefix loads up to the last
    /// whole event, says whether it dropped a torn line, and never traps.
    @Test func truncationAtEveryByteOffsetRecoversEveryWholeEvent() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("walk.jsonl").path
        let w = try writeWalk(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let lineEnds = data.indices.filter { data[$0] == UInt8(ascii: "\n") }
        #expect(lineEnds.count == w.session.records.count)
        for cut in 0...data.count {
            let prefix = data.prefix(cut)
            let whole = lineEnds.filter { $0 < cut }.count
            do {
                let contents = try JournalReader.parse(prefix, path: "j")
                // A cut just before a newline leaves a whole JSON object: it counts.
                let expected = lineEnds.contains(cut) ? whole + 1 : whole
                #expect(contents.records.count == expected, "cut at \(cut)")
                #expect(
                    contents.droppedTornLine == (cut != 0 && !lineEnds.contains(cut - 1) && !lineEnds.contains(cut)),
                    "cut at \(cut)")
                #expect(contents.records == Array(w.session.records.prefix(expected)))
                _ = try Session.replay(contents.records, library: [seed])
            } catch let error as JournalError {
                #expect(whole == 0 && !lineEnds.contains(cut), "cut at \(cut): \(error)")
            }
        }
    }
}
