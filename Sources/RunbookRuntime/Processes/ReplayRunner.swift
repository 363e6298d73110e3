import Foundation
import RunbookGraph

/// Practice mode's runner: never executes anything. It plays the scenario's
/// recording back, in a fraction of the recorded time, and reports the
/// recorded duration so duration conditions behave as in the incident.
public struct ReplayRunner: CommandRunner {
    public let scenario: Scenario
    /// Recorded time is divided by this for playback (at most 1.5 s per command).
    public var speedUp: Double

    public init(scenario: Scenario, speedUp: Double = 10) {
        self.scenario = scenario
        self.speedUp = speedUp
    }

    public var executes: Bool { false }

    public static let noRecording = "practice: no recording for this command (nothing was run)\n"

    /// The recorded result for `request`, or the "no recording" one.
    public func result(for request: CommandRequest) -> RecordedResult {
        let command = request.displayCommand ?? request.command
        guard
            let recording = scenario.recording(
                step: request.step ?? "", command: command,
                suggested: request.suggestedCommand ?? command)
        else {
            return RecordedResult(exitCode: 127, durationMs: 0, output: Self.noRecording)
        }
        return recording.result
    }

    public func start(
        _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
    ) throws -> any RunningCommand {
        let result = self.result(for: request)
        let playback = min(1.5, Double(result.durationMs) / 1000 / speedUp)
        let handle = ReplayHandle()
        let thread = Thread {
            let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false)
            let pause = lines.isEmpty ? 0 : playback / Double(lines.count)
            for (i, line) in lines.enumerated() where !handle.isCancelled {
                let text = i < lines.count - 1 ? line + "\n" : line
                if !text.isEmpty {
                    events(
                        .output(
                            OutputChunk(stream: .stdout, bytes: Array(text.utf8), atMs: Int64(Double(i) * pause * 1000))
                        ))
                }
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
            }
            let final =
                handle.isCancelled
                ? RecordedResult(
                    exitCode: nil, signal: 15, durationMs: result.durationMs, cancelled: true, output: result.output)
                : result
            events(.finished(final))
            handle.finish(final)
        }
        thread.start()
        return handle
    }
}

final class ReplayHandle: RunningCommand, @unchecked Sendable {
    private let lock = NSCondition()
    private var cancelled = false
    private var result: RecordedResult?

    var processGroup: Int32? { nil }
    var isCancelled: Bool { lock.lock(); defer { lock.unlock() }; return cancelled }

    func cancel() { lock.lock(); cancelled = true; lock.unlock() }

    func finish(_ result: RecordedResult) {
        lock.lock()
        self.result = result
        lock.broadcast()
        lock.unlock()
    }

    func wait() -> RecordedResult {
        lock.lock()
        defer { lock.unlock() }
        while result == nil { lock.wait() }
        return result!
    }
}
