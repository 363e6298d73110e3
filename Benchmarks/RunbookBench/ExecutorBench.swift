import Foundation
import RunbookGraph
import RunbookRuntime

/// Executor benchmark: `head -c 500000000 /dev/zero | base64` through the
/// executor (streamed, a window of lines kept, the full output written to a
/// file as in a real walk) against the same command run by `sh -c` with its
/// output to /dev/null, in the same run; and the peak RSS of this process.
enum ExecutorBench {
    static func run(bytes: Int) throws {
        let command = "head -c \(bytes) /dev/zero | base64"
        let outputBytes = Double((bytes + 2) / 3 * 4 + bytes / 57)  // base64 with a newline every 76 characters
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let direct = median(
            {
                _ = try! ProcessRunner().start(CommandRequest(command: "\(command) > /dev/null"), events: { _ in })
                    .wait()
            }, runs: 3)
        let piped = median(
            {
                _ = try! ProcessRunner().start(
                    CommandRequest(command: "\(command) | cat > /dev/null"), events: { _ in }
                ).wait()
            }, runs: 3)
        let bare = median(
            {
                let request = CommandRequest(command: command, timeout: .seconds(600))
                _ = try! ProcessRunner().start(request, events: { _ in }).wait()
            }, runs: 3)
        let window = WindowBox()
        let windowOnly = median(
            {
                window.reset()
                _ = try! ProcessRunner().start(
                    CommandRequest(command: command, timeout: .seconds(600)), events: window.handle
                ).wait()
            }, runs: 3)
        let executor = median(
            {
                window.reset()
                let request = CommandRequest(command: command, timeout: .seconds(600), outputFile: folder + "/out.txt")
                let result = try! ProcessRunner().start(request, events: window.handle).wait()
                precondition(result.exitCode == 0)
            }, runs: 3)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let mbps = { (ms: Double) in outputBytes / 1_048_576 / (ms / 1000) }
        print(String(format: "executor: %@ (%.0f MB of output)", command, outputBytes / 1_048_576))
        print(String(format: "  sh -c ... > /dev/null  %8.1f ms  %7.1f MB/s", direct, mbps(direct)))
        print(
            String(
                format: "  sh -c ... | cat > /dev/null %6.1f ms  %7.1f MB/s  (%.2fx: the cost of any pipe reader)",
                piped, mbps(piped), direct / piped))
        print(
            String(format: "  executor, output dropped %8.1f ms  %7.1f MB/s  (%.2fx)", bare, mbps(bare), direct / bare))
        print(
            String(
                format: "  executor + output window %7.1f ms  %7.1f MB/s  (%.2fx)", windowOnly, mbps(windowOnly),
                direct / windowOnly))
        print(
            String(
                format: "  through the executor   %8.1f ms  %7.1f MB/s  (%.2fx the direct throughput)",
                executor, mbps(executor), direct / executor))
        print(
            String(
                format: "  peak RSS of this process: %.1f MiB; lines kept in the window: %d",
                Double(usage.ru_maxrss) / 1024, window.count))
    }

    /// The output window a UI would keep, fed from the executor's thread.
    final class WindowBox: @unchecked Sendable {
        private let lock = NSLock()
        private var window = OutputWindow()

        func reset() { lock.lock(); window = OutputWindow(); lock.unlock() }
        var count: Int { lock.lock(); defer { lock.unlock() }; return window.count }

        var handle: @Sendable (ExecutionEvent) -> Void {
            { [self] event in
                guard case .output(let chunk) = event else { return }
                lock.lock(); window.append(chunk); lock.unlock()
            }
        }
    }
}
