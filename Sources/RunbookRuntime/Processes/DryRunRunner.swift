import Foundation
import RunbookGraph

/// `--dry-run`: shows what would run and runs nothing.
public struct DryRunRunner: CommandRunner {
    public init() {}
    public var executes: Bool { false }

    public func start(
        _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
    ) throws -> any RunningCommand {
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
