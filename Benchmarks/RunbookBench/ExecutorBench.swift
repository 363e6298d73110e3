import Foundation
import RunbookGraph
import RunbookRuntime

/// Executor benchmark: `head -c 500000000 /dev/zero | base64` through the
/// executor (streamed, a window of lines kept, the full output written to a
/// file as in a real walk) against the same command with its output to
/// /dev/null, through a bare pipe reader (`cat`), and through bare readers
/// that write the same file (`cat > file`, and `dd` around the page cache as
/// the executor writes a flood), in the same run; the
/// CPU each case costs this process (reader and file writer) and its
/// children; and the peak RSS of this process.
enum ExecutorBench {
    struct Figure {
        var wallMs: Double
        var ownCPUMs: Double
        var childCPUMs: Double
    }

    static func run(bytes: Int) throws {
        let command = "head -c \(bytes) /dev/zero | base64"
        let outputBytes = Double((bytes + 2) / 3 * 4 + bytes / 57)  // base64 with a newline every 76 characters
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var files = 0
        func newFile() -> String {  // a new file each run, as a walk writes (truncating a full one costs too)
            files += 1
            return folder + "/out-\(files).txt"
        }
        let window = WindowBox()
        func through(_ shell: String, window: WindowBox? = nil, file: Bool = false) -> Figure {
            var figures: [Figure] = []
            for _ in 0..<3 {
                window?.reset()
                let request = CommandRequest(command: shell, timeout: .seconds(600), outputFile: file ? newFile() : nil)
                let drop: @Sendable (ExecutionEvent) -> Void = { _ in }
                let events = window.map(\.handle) ?? drop
                figures.append(
                    measure {
                        let result = try! ProcessRunner().start(request, events: events).wait()
                        precondition(result.exitCode == 0)
                    })
            }
            return figures.sorted { $0.wallMs < $1.wallMs }[1]
        }

        let cases: [(String, Figure)] = [
            ("sh -c ... > /dev/null", through("\(command) > /dev/null")),
            ("sh -c ... | cat > /dev/null", through("\(command) | cat > /dev/null")),
            ("sh -c ... | cat > file", through("\(command) | cat > \(newFile())")),
            // A bare reader that writes the file as the executor does a flood: around the page cache.
            (
                "sh -c ... | dd direct > file",
                through("\(command) | dd of=\(newFile()) bs=4M iflag=fullblock oflag=direct status=none")
            ),
            ("executor, output dropped", through(command)),
            ("executor + output window", through(command, window: window)),
            ("executor + window + file", through(command, window: window, file: true))
        ]
        let reader = cases[1].1.wallMs
        print(
            String(
                format: "executor: %@ (%.0f MB of output); the median of 3 runs each", command, outputBytes / 1_048_576)
        )
        print("  case                          wall ms     MB/s   vs cat   cpu ms: this process, children")
        print("  (vs cat: the throughput against a bare pipe reader, `cat > /dev/null`)")
        for (name, figure) in cases {
            print(
                String(
                    format: "  %@ %8.1f  %7.1f   %5.2fx   %8.0f  %8.0f",
                    name.padding(toLength: 28, withPad: " ", startingAt: 0), figure.wallMs,
                    outputBytes / 1_048_576 / (figure.wallMs / 1000), reader / figure.wallMs, figure.ownCPUMs,
                    figure.childCPUMs))
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(
            String(
                format: "  peak RSS of this process: %.1f MiB; lines kept in the window: %d; %d chunks (%.0f KiB each)",
                Double(usage.ru_maxrss) / 1024, window.count, window.chunks,
                outputBytes / 1024 / Double(max(1, window.chunks))))
    }

    /// The wall time of one run, and the CPU it cost.
    static func measure(_ body: () -> Void) -> Figure {
        let (own, children) = (cpuMs(RUSAGE_SELF), cpuMs(RUSAGE_CHILDREN))
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Figure(
            wallMs: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6,
            ownCPUMs: cpuMs(RUSAGE_SELF) - own, childCPUMs: cpuMs(RUSAGE_CHILDREN) - children)
    }

    static func cpuMs(_ who: __rusage_who) -> Double {
        var u = rusage()
        getrusage(who.rawValue, &u)
        return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000
            + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000
    }

    /// The output window a UI would keep, fed from the executor's thread.
    final class WindowBox: @unchecked Sendable {
        private let lock = NSLock()
        private var window = OutputWindow()
        private var chunkCount = 0

        func reset() { lock.lock(); window = OutputWindow(); chunkCount = 0; lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return window.count }
        var chunks: Int { lock.lock(); defer { lock.unlock() }; return chunkCount }

        var handle: @Sendable (ExecutionEvent) -> Void {
            { [self] event in
                guard case .output(let chunk) = event else { return }
                lock.lock(); window.append(chunk); chunkCount += 1; lock.unlock()
            }
        }
    }
}
