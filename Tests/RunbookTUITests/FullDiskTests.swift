import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
import TestSupport
@testable import RunbookTUI

/// Issue 20: a full disk while a command finishes. The journal is cut back to
/// its last whole record, the screen says NOT RECORDED instead of "exit 0",
/// the walk goes no further, and once space is freed `r` records it.
@Suite(.serialized, .enabled(if: getuid() == 0 || RequiredTool.inCI, "mounts a small tmpfs: needs root"))
struct FullDiskTests {
    static let runbook: Runbook = {
        let text = """
            runbook: disk
            title: Disk
            start: look
            steps:
              look: { title: Look, run: 'df -h', outcomes: { ok: { label: fine, next: done } } }
              done: { title: Done, end: resolved }
            """
        return RunbookLoader().load(text: text, path: "disk.yaml").runbook!
    }()

    @Test func aFullDiskStopsTheWalkUntilTheJournalHoldsWhatHappened() throws {
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent(
            "runbook-full-\(UUID().uuidString.prefix(8))"
        ).path
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        #expect(try runProcess("/bin/mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", mount]).status == 0)
        defer { _ = try? runProcess("/bin/umount", [mount]); try? FileManager.default.removeItem(atPath: mount) }
        let journal = mount + "/walk.jsonl"

        var h = Harness(library: [Self.runbook], journal: { try JournalWriter(path: journal) })
        h.send(.enter)  // open the runbook
        h.send(.enter)  // run df: command-started is recorded
        #expect(h.screen.contains("running"))

        // The disk fills up while the command runs.
        let filler = mount + "/filler"
        _ = FileManager.default.createFile(atPath: filler, contents: nil)
        let fill = try FileHandle(forWritingTo: URL(fileURLWithPath: filler))
        let block = Data(repeating: 0x41, count: 4096)
        while (try? fill.write(contentsOf: block)) != nil {}
        try? fill.close()

        // More than the journal's last page has room for: the write comes up short.
        let output = (0..<200).map { "tmpfs  256K  256K  100% /mnt/\($0)" }.joined(separator: "\n") + "\n"
        h.finishCommand(output, exit: 0)
        let screen = h.screen
        #expect(screen.contains("NOT RECORDED"), "\(screen)")
        #expect(screen.contains("not recorded in the journal yet"))
        #expect(!screen.contains("exit 0"), "the screen claims what the journal does not hold:\n\(screen)")
        let onDisk = try Data(contentsOf: URL(fileURLWithPath: journal))
        #expect(onDisk.last == UInt8(ascii: "\n"), "a short write was left in the journal")
        let records = try JournalReader.read(path: journal).records
        #expect(records.last?.event.name == "command-started")

        h.send(.char("1"))  // no way on while it is not recorded
        #expect(h.session?.frame?.step == "look")
        h.send(.char("r"))  // still full
        #expect(h.screen.contains("Still not recorded"))

        try FileManager.default.removeItem(atPath: filler)
        h.send(.char("r"))
        #expect(h.screen.contains("exit 0"), "\(h.screen)")
        h.send(.char("1"))
        #expect(h.session?.frame?.step == "done")
        let after = try JournalReader.read(path: journal)
        #expect(after.records.map(\.event.name).suffix(2) == ["command-finished", "outcome-chosen"])
    }
}
