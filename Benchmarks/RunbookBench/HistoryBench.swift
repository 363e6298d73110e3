import Foundation
import RunbookGraph
import RunbookRuntime

/// Journal history benchmark: N journals of a finished walk of the bundled
/// runbook (a dozen records each), read as `history` and the picker read them:
/// every journal parsed, the index built (cold), and the index reused (warm),
/// in one run, so the ratios survive a noisy machine.
enum HistoryBench {
    static func run(counts: [Int]) throws {
        let text = try String(contentsOfFile: "runbooks/armada-scrape-failure.yaml", encoding: .utf8)
        let runbook = RunbookLoader().load(text: text, path: "runbooks/armada-scrape-failure.yaml").runbook!
        let journal = MemoryJournal()
        let recorder = Recorder(journal: journal, operatorName: "bench")
        var session = try recorder.start(
            runbook, library: [runbook],
            alert: AlertParser.parse(
                "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239__armada-api_scrape_failure.us-south"))
        try recorder.choose("other-service", in: &session)
        try recorder.choose("carrier", in: &session)
        try recorder.addNote("checked the carrier", in: &session)
        let lines = try journal.records.map { try JournalWriter.line($0) }.reduce(Data(), +)
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount); one journal: \(lines.count) bytes")
        print("journals   parse all   index cold   index warm   warm/parse   cold per journal   index size")
        for count in counts {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "runbook-history-\(count)-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            for i in 0..<count {
                _ = FileManager.default.createFile(
                    atPath: folder.appendingPathComponent("walk-\(i).jsonl").path, contents: lines)
            }
            let index = folder.appendingPathComponent("cache/journals.index").path
            var found = 0
            let parse = median(
                { found = JournalHistory.read(folders: [folder.path], library: [runbook]).walks.count }, runs: 3)
            precondition(found == count)
            let cold = median(
                {
                    try? FileManager.default.removeItem(atPath: index)
                    found = JournalHistory.read(folders: [folder.path], library: [runbook], index: index).walks.count
                }, runs: 3)
            let warm = median(
                { found = JournalHistory.read(folders: [folder.path], library: [runbook], index: index).walks.count },
                runs: 3)
            precondition(found == count)
            let size = (try? FileManager.default.attributesOfItem(atPath: index)[.size] as? Int) ?? 0
            print(
                String(
                    format: "%8d   %7.0f ms   %7.0f ms   %7.0f ms      %5.2fx       %7.1f µs   %6.1f MB", count, parse,
                    cold,
                    warm, warm / parse, cold * 1000 / Double(count), Double(size) / 1e6))
        }
    }
}
