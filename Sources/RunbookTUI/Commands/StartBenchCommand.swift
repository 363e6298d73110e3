import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook bench-start`: the picker's first frame with no journals and with N
/// journals behind a warm index, in the real event loop on the in-memory
/// terminal, in one run. A benchmark, not a test; hidden.
struct StartBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-start", shouldDisplay: false)

    @Option var journals = 10_000
    @Option var rounds = 15

    func run() throws {
        let seed = try loadValid("runbooks/armada-scrape-failure.yaml")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-bench-start-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let journalFolder = folder.appendingPathComponent("journals")
        try FileManager.default.createDirectory(at: journalFolder, withIntermediateDirectories: true)
        let recorder = Recorder(journal: MemoryJournal(), operatorName: "bench")
        var session = try recorder.start(seed, library: [seed], alert: Alert(labels: ["alertname": "Bench"]))
        try recorder.choose("other-service", in: &session)
        let lines = try session.records.map { try JournalWriter.line($0) }.reduce(Data(), +)
        for i in 0..<journals {
            _ = FileManager.default.createFile(
                atPath: journalFolder.appendingPathComponent("walk-\(i).jsonl").path, contents: lines)
        }
        let index = folder.appendingPathComponent("journals.index").path
        _ = JournalHistory.read(folders: [journalFolder.path], library: [seed], index: index)  // warm
        print("picker's first frame, median of \(rounds) starts (update, render, draw on the in-memory terminal):")
        var baseline: Double?
        for (name, folders) in [("no journals", [String]()), ("\(journals) journals, warm index", [journalFolder.path])]
        {
            var firsts: [Double] = []
            var memories: [Double] = []
            for _ in 0..<rounds {
                let (first, memory) = try start(seed, folders: folders, index: index)
                firsts.append(first)
                if let memory { memories.append(memory) }
            }
            firsts.sort()
            memories.sort()
            let median = firsts[firsts.count / 2]
            let delta = baseline.map { String(format: " (%+.1f ms against none)", median - $0) } ?? ""
            baseline = baseline ?? median
            let ready =
                memories.isEmpty
                ? "" : String(format: "; the history ready after %.0f ms", memories[memories.count / 2])
            print(
                String(
                    format: "  %-32@ first frame %.1f ms%@%@", name as NSString, median, delta as NSString,
                    ready as NSString))
        }
    }

    /// Milliseconds to the first frame, and to the frame after the history arrived (when there is one).
    func start(_ seed: Runbook, folders: [String], index: String) throws -> (Double, Double?) {
        let program = Program(options: try UIOptions.parse([]), library: [seed])
        var env = program.environment(practice: false)
        env.memory = .none
        env.historyFolders = folders
        env.historyIndex = index
        let state = program.initialState(environment: ["LANG": "C.UTF-8"])
        let backend = HeadlessBackend(width: 100, height: 30)
        let times = Times()
        let started = DispatchTime.now().uptimeNanoseconds
        let watcher = Thread {
            _ = backend.waitForFrame(containing: "pick a runbook", timeout: 30)
            times.first = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            backend.type(.escape)
        }
        watcher.start()
        var final = EventLoop(state: state, env: env, runtime: .bench, backend: backend).run()
        if !folders.isEmpty {
            // How long until the memory is there: read it as the loop does, off the UI thread.
            let begun = DispatchTime.now().uptimeNanoseconds
            final.memory = WalkMemory(JournalHistory.read(folders: folders, library: [seed], index: index).walks)
            times.memory = Double(DispatchTime.now().uptimeNanoseconds - begun) / 1e6 + times.first
        }
        return (times.first, times.memory)
    }

    final class Times: @unchecked Sendable {
        var first = 0.0
        var memory: Double?
    }
}

extension Runtime {
    /// Runs nothing, opens nothing: for benchmarks of the loop itself.
    static var bench: Runtime {
        Runtime(
            runner: DryRunRunner(), interactive: { _ in .failure(ExecutionError("none")) }, copy: { _, _ in "" },
            open: { _ in "" }, suspend: {}, stopEscapees: {})
    }
}
