import Foundation
import RunbookGraph
import RunbookRuntime

/// Library benchmark: N copies of the bundled runbook in a folder, each with
/// its own id and its own alert (a library where every runbook handles one
/// alert). In one run, against libyaml's bare scan of the same files (one core,
/// the floor of any YAML loader):
///
/// - load: every file parsed and validated on every core (what `validate` does);
/// - cold: the library index built from nothing (every file loaded, cards written);
/// - warm: the catalog from the index, as the picker's first frame needs it;
/// - triage: warm catalog, then an alert ranked against every card.
///
/// Warm and triage run in a child process (this binary, `library-warm`), as a real start does.
enum LibraryBench {
    static func run(counts: [Int]) throws {
        let seed = try String(contentsOfFile: "runbooks/armada-scrape-failure.yaml", encoding: .utf8)
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        print(
            "runbooks   size      libyaml scan   load (validate)   index cold   vs scan   index warm   triage warm   cold per runbook"
        )
        var perRunbook: [Double] = []
        var warmPer: [Double] = []
        for count in counts {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "runbook-library-\(count)-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var bytes = 0
            var files: [String] = []
            for i in 0..<count {
                let text = seed.replacingOccurrences(of: "runbook: armada-scrape-failure", with: "runbook: copy-\(i)")
                    .replacingOccurrences(
                        of: "alertname: KubernetesEndpointScrapeFailure", with: "alertname: ScrapeFailure\(i)")
                let path = folder.appendingPathComponent("copy-\(i).yaml").path
                try text.write(toFile: path, atomically: false, encoding: .utf8)
                bytes += text.utf8.count
                files.append(path)
            }
            let index = folder.appendingPathComponent("cache/library.index").path
            let runs = count >= 5_000 ? 1 : count >= 1_000 ? 3 : 7  // small libraries are quick and noisy
            let scan = median(
                { for f in files { _ = libyamlScan((try? String(contentsOfFile: f, encoding: .utf8)) ?? "") } },
                runs: runs)
            var loaded = 0
            let load = median({ loaded = Library.load(paths: [folder.path]).runbooks.count }, runs: runs)
            precondition(loaded == count, "every copy must load")
            let cold = median(
                {
                    try? FileManager.default.removeItem(atPath: index)
                    loaded = LibraryIndex.catalog(paths: [folder.path], index: index).cards.count
                }, runs: runs)
            precondition(loaded == count, "every copy must be in the index")
            // Warm start and triage in a fresh process, as the picker and `runbook triage` start: after
            // 100 MB loaded three ways, this process's heap and caches would not show a real start.
            let (warm, triage) = try warmStart(folder: folder.path, index: index, count: count)
            perRunbook.append(cold / Double(count))
            warmPer.append(warm / Double(count))
            print(
                String(
                    format: "%-9d %5.1f MB  %9.1f ms   %12.1f ms  %8.1f ms   %5.2fx  %8.1f ms  %9.1f ms   %8.2f ms",
                    count, Double(bytes) / 1_048_576, scan, load, cold, cold / scan, warm, triage,
                    cold / Double(count)))
        }
        if let first = perRunbook.first, let last = perRunbook.last, let w0 = warmPer.first, let w1 = warmPer.last {
            print(
                String(
                    format:
                        "growth from the smallest to the largest library, per runbook (1.00x = linear): cold %.2fx, warm %.2fx",
                    last / first, w1 / w0))
        }
    }

    /// Runs `library-warm` in a child process; its medians of warm start and triage, in ms.
    static func warmStart(folder: String, index: String, count: Int) throws -> (Double, Double) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = ["library-warm", folder, index, String(count)]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let figures = output.split(separator: " ").compactMap {
            Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        precondition(process.terminationStatus == 0 && figures.count == 2, "library-warm failed: \(output)")
        return (figures[0], figures[1])
    }

    /// The child's side: warm catalog and triage on an index that is already built, 5 runs each.
    static func warm(folder: String, index: String, count: Int) {
        var loaded = 0
        let warm = median({ loaded = LibraryIndex.catalog(paths: [folder], index: index).cards.count }, runs: 5)
        precondition(loaded == count, "every copy must come from the index")
        let alert = AlertParser.parse("Labels:\n- alertname = ScrapeFailure\(count / 2)\n- hostname = 10.1.2.3")
        var matched: [String] = []
        let triage = median(
            {
                let catalog = LibraryIndex.catalog(paths: [folder], index: index)
                matched = catalog.triage(alert).map(\.runbook.id)
            }, runs: 5)
        precondition(matched == ["copy-\(count / 2)"], "the alert's runbook must be found: \(matched)")
        print(warm, triage)
    }
}
