import Foundation
import RunbookGraph

/// Library benchmark: N copies of the bundled runbook (ids changed) in a
/// folder, loaded cold the way the tool starts (every file parsed and
/// validated, on every core, then checked together), against libyaml's bare
/// scan of the same files (the floor of any YAML loader, one core) and the
/// same load on one core, in one run.
enum LibraryBench {
    static func run(counts: [Int]) throws {
        let seed = try String(contentsOfFile: "runbooks/armada-scrape-failure.yaml", encoding: .utf8)
        print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
        print("runbooks   size      libyaml scan   load, 1 core   load, all cores   vs scan   per runbook")
        var perRunbook: [Double] = []
        for count in counts {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "runbook-library-\(count)-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var bytes = 0
            var files: [String] = []
            for i in 0..<count {
                let text = seed.replacingOccurrences(of: "runbook: armada-scrape-failure", with: "runbook: copy-\(i)")
                let path = folder.appendingPathComponent("copy-\(i).yaml").path
                try text.write(toFile: path, atomically: false, encoding: .utf8)
                bytes += text.utf8.count
                files.append(path)
            }
            let runs = count >= 5_000 ? 1 : 3
            let scan = median(
                { for f in files { _ = libyamlScan((try? String(contentsOfFile: f, encoding: .utf8)) ?? "") } },
                runs: runs)
            var loaded = 0
            let one = median(
                { loaded = files.map { RunbookLoader().load(path: $0) }.filter(\.isValid).count }, runs: runs)
            precondition(loaded == count, "every copy must load")
            let all = median({ loaded = Library.load(paths: [folder.path]).runbooks.count }, runs: runs)
            precondition(loaded == count, "every copy must load")
            perRunbook.append(all / Double(count))
            print(
                String(
                    format: "%-9d %5.1f MB  %9.1f ms   %10.1f ms   %12.1f ms   %5.2fx   %6.2f ms",
                    count, Double(bytes) / 1_048_576, scan, one, all, all / scan, all / Double(count)))
        }
        if let first = perRunbook.first, let last = perRunbook.last {
            print(
                String(
                    format:
                        "growth: time per runbook changes %.2fx from the smallest to the largest library (1.00x = linear)",
                    last / first))
        }
    }
}
