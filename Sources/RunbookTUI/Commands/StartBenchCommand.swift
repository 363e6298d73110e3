import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook bench-start`: the picker's first frame, in the real event loop on
/// the in-memory terminal, in one run: with the bundled runbook alone, with N
/// runbooks behind a warm library index (the library read as `runbook` reads
/// it, counted in), and with N journals behind a warm journal index. A
/// benchmark, not a test; hidden.
struct StartBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-start", shouldDisplay: false)

    @Option var journals = 10_000
    @Option var runbooks = 1_000
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
        let library = folder.appendingPathComponent("library")
        try Self.copies(of: "runbooks/armada-scrape-failure.yaml", count: runbooks, in: library)
        let libraryIndex = folder.appendingPathComponent("library.index").path
        _ = LibraryIndex.catalog(paths: [library.path], index: libraryIndex)  // warm
        print(
            "picker's first frame, median of \(rounds) starts (library read, update, render, draw on the in-memory terminal):"
        )
        var baseline: Double?
        let cases: [(String, [String], [String])] = [
            ("bundled runbook, no journals", ["runbooks/armada-scrape-failure.yaml"], []),
            ("\(runbooks) runbooks, warm index", [library.path], []),
            ("\(journals) journals, warm index", ["runbooks/armada-scrape-failure.yaml"], [journalFolder.path])
        ]
        for (name, paths, folders) in cases {
            var firsts: [Double] = []
            var memories: [Double] = []
            for _ in 0..<rounds {
                let (first, memory) = try start(
                    seed, library: paths, libraryIndex: libraryIndex, folders: folders, index: index)
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

    /// `count` copies of a runbook in `folder`, each its own id and alert.
    static func copies(of file: String, count: Int, in folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        for i in 0..<count {
            try text.replacingOccurrences(of: "runbook: armada-scrape-failure", with: "runbook: copy-\(i)")
                .replacingOccurrences(
                    of: "alertname: KubernetesEndpointScrapeFailure", with: "alertname: ScrapeFailure\(i)"
                )
                .write(to: folder.appendingPathComponent("copy-\(i).yaml"), atomically: false, encoding: .utf8)
        }
    }

    /// Milliseconds to the first frame (the library read included), and to
    /// the frame after the history arrived (when there is one).
    func start(
        _ seed: Runbook, library: [String], libraryIndex: String, folders: [String], index: String
    ) throws -> (
        Double, Double?
    ) {
        let started = DispatchTime.now().uptimeNanoseconds
        let catalog = LibraryIndex.catalog(paths: library, index: libraryIndex)
        let program = Program(options: try UIOptions.parse([]), catalog: catalog)
        var env = program.environment(practice: false)
        env.memory = .none
        env.historyFolders = folders
        env.historyIndex = index
        let state = program.initialState(environment: ["LANG": "C.UTF-8"])
        let backend = HeadlessBackend(width: 100, height: 30)
        let times = Times()
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
