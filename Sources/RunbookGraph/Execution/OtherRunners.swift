import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--dry-run`: shows what would run and runs nothing.
public struct DryRunRunner: CommandRunner {
    public init() {}
    public var executes: Bool { false }

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
    /// Runs `request` with the terminal: `terminal` (the UI's /dev/tty) as its
    /// standard input, output and error, else the ones this process has.
    public static func run(_ request: CommandRequest, terminal: Int32? = nil) throws -> RecordedResult {
        let started = ContinuousClock.now
        let id = Escapees.newID()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let terminal {
            for target: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, terminal, target) }
        }
        let pid = try terminal == nil ? Spawn.spawn(request, actions: nil, newGroup: false, id: id)
            : Spawn.spawn(request, actions: &actions, newGroup: false, id: id)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        Escapees.stop(of: id, grace: request.gracePeriod)
        let elapsed = ContinuousClock.now - started
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let exited = raw & 0x7f == 0
        return RecordedResult(exitCode: exited ? (raw >> 8) & 0xff : nil, signal: exited ? nil : raw & 0x7f,
                              durationMs: ms, output: "")
    }
}
