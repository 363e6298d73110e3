import Foundation

/// A command to run, fully decided: the text handed to the shell, where its
/// whole output goes, how long it may take.
public struct CommandRequest: Sendable, Equatable {
    /// The command line as the shell receives it (already quoted, already wrapped in ssh for remote steps).
    public var command: String
    public var shell: String
    /// Added to (and overriding) the operator's environment.
    public var environment: [String: String]
    public var timeout: RunDuration
    /// Time between SIGTERM and SIGKILL when the command must stop.
    public var gracePeriod: RunDuration
    /// The full output, byte for byte, as it arrives (both streams).
    public var outputFile: String?
    /// Most bytes the output file may hold (it stops there and says so).
    public var outputFileLimit = CommandRequest.defaultOutputFileLimit
    public static let defaultOutputFileLimit = 1 << 30
    /// The step and the command as the operator saw it (before any ssh
    /// wrapping), for runners that replay recordings instead of running.
    public var step: String?
    public var displayCommand: String?
    public var suggestedCommand: String?

    public static let defaultTimeout = RunDuration.seconds(300)

    public init(
        command: String, shell: String = "/bin/sh", environment: [String: String] = [:],
        timeout: RunDuration = CommandRequest.defaultTimeout, gracePeriod: RunDuration = .seconds(2),
        outputFile: String? = nil
    ) {
        self.command = command
        self.shell = shell
        self.environment = environment
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.outputFile = outputFile
    }
}

/// A piece of output as it arrived.
public struct OutputChunk: Sendable, Equatable {
    public enum Stream: String, Sendable, Codable { case stdout, stderr }
    public var stream: Stream
    public var bytes: [UInt8]
    /// Milliseconds since the command started.
    public var atMs: Int64

    public init(stream: Stream, bytes: [UInt8], atMs: Int64) {
        self.stream = stream
        self.bytes = bytes
        self.atMs = atMs
    }
}

/// What the executor reports while a command runs.
public enum ExecutionEvent: Sendable, Equatable {
    case output(OutputChunk)
    case finished(RecordedResult)
}

/// Runs commands. The process runner runs them for real; practice mode and
/// `--dry-run` use runners that never execute anything.
public protocol CommandRunner: Sendable {
    /// False for runners that never execute anything (practice, dry run).
    var executes: Bool { get }

    /// Starts `request`; `events` is called from another thread with output
    /// chunks in arrival order, then exactly once with `.finished`.
    func start(
        _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
    ) throws -> any RunningCommand
}

extension CommandRunner {
    public var executes: Bool { true }
}

/// A command in flight.
public protocol RunningCommand: AnyObject, Sendable {
    /// The process group the command runs in (nil for runners that run nothing).
    var processGroup: Int32? { get }
    /// Stops the command: SIGTERM to its whole process group, SIGKILL after the grace period.
    func cancel()
    /// Blocks until the command has finished and returns its result.
    func wait() -> RecordedResult
}

public struct ExecutionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
