import Foundation

/// A command's result as the journal keeps it: the exit, the time, and the
/// tail of the output (the whole output goes to a file beside the journal).
public struct RecordedResult: Sendable, Equatable, Codable {
    public var exitCode: Int32?
    public var signal: Int32?
    public var durationMs: Int64
    public var timedOut: Bool
    public var cancelled: Bool
    /// The last part of the output, at most `outputLimit` bytes.
    public var output: String
    /// Bytes the command printed in all.
    public var outputBytes: Int
    /// Where the full output was written, if it was.
    public var outputFile: String?

    public static let outputLimit = 64 * 1024

    public init(
        exitCode: Int32?, signal: Int32? = nil, durationMs: Int64, timedOut: Bool = false,
        cancelled: Bool = false, output: String, outputBytes: Int? = nil, outputFile: String? = nil
    ) {
        self.exitCode = exitCode
        self.signal = signal
        self.durationMs = durationMs
        self.timedOut = timedOut
        self.cancelled = cancelled
        let bytes = Array(output.utf8)
        self.outputBytes = outputBytes ?? bytes.count
        self.output =
            bytes.count > Self.outputLimit
            ? String(decoding: bytes.suffix(Self.outputLimit), as: UTF8.self) : output
        self.outputFile = outputFile
    }

    public var commandResult: CommandResult {
        CommandResult(
            output: output, exitCode: exitCode, signal: signal,
            duration: RunDuration(milliseconds: durationMs), timedOut: timedOut, cancelled: cancelled)
    }
}
