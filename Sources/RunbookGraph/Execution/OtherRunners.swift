import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--dry-run`: shows what would run and runs nothing.
public struct DryRunRunner: CommandRunner {
    public init() {}

    public func start(_ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void) throws -> any RunningCommand {
        let text = "dry run, not executed: \(request.command)\n"
        let result = RecordedResult(exitCode: nil, durationMs: 0, output: text)
        events(.output(OutputChunk(stream: .stdout, bytes: Array(text.utf8), atMs: 0)))
        events(.finished(result))
        return FinishedCommand(result: result)
    }
}

/// A command that finished before anyone asked.
public final class FinishedCommand: RunningCommand {
    let result: RecordedResult
    public init(result: RecordedResult) { self.result = result }
    public var processGroup: Int32? { nil }
    public func cancel() {}
    public func wait() -> RecordedResult { result }
}

/// Runs a command attached to the terminal (the UI has stepped aside): it
/// reads the keyboard and draws on the screen itself; only its exit and
/// duration are recorded. It stays in the terminal's foreground group so
/// Ctrl-C reaches it; the caller ignores SIGINT meanwhile.
public enum InteractiveRunner {
    public static func run(_ request: CommandRequest) throws -> RecordedResult {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in request.environment { environment[key] = value }
        let argv = [request.shell, "-c", request.command].map { (s: String) in s.withCString { strdup($0) } }
        let envp = environment.map { (key, value) in "\(key)=\(value)".withCString { strdup($0) } }
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        let started = ContinuousClock.now
        var pid: pid_t = 0
        let status = (argv + [nil]).withUnsafeBufferPointer { a in
            (envp + [nil]).withUnsafeBufferPointer { e in
                posix_spawn(&pid, request.shell, nil, &attributes, a.baseAddress!, e.baseAddress!)
            }
        }
        guard status == 0 else { throw ExecutionError("cannot start \(request.shell): \(String(cString: strerror(status)))") }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        let elapsed = ContinuousClock.now - started
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let exited = raw & 0x7f == 0
        return RecordedResult(exitCode: exited ? (raw >> 8) & 0xff : nil, signal: exited ? nil : raw & 0x7f,
                              durationMs: ms, output: "")
    }
}
