/// The recent output of a command, as display-safe lines, bounded in memory
/// whatever the command prints: old lines fall off the top (the full output
/// is in the output file), and over-long lines are cut into pieces.
public struct OutputWindow: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var text: String
        public var stream: OutputChunk.Stream
    }

    public let capacity: Int
    public let maxLineBytes: Int
    public private(set) var lines: [Line] = []
    /// Lines that fell off the top.
    public private(set) var dropped = 0
    public private(set) var totalBytes = 0
    private var pending: [OutputChunk.Stream: [UInt8]] = [:]
    private var first = 0

    public init(capacity: Int = 5000, maxLineBytes: Int = 16 * 1024) {
        self.capacity = capacity
        self.maxLineBytes = maxLineBytes
    }

    /// Lines in order, oldest first (at most `capacity`).
    public var visible: ArraySlice<Line> { lines[first...] }
    public var count: Int { lines.count - first }

    public mutating func append(_ chunk: OutputChunk) {
        totalBytes += chunk.bytes.count
        var partial = pending[chunk.stream] ?? []
        for byte in chunk.bytes {
            if byte == UInt8(ascii: "\n") {
                push(partial, chunk.stream)
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
                if partial.count >= maxLineBytes {
                    push(partial, chunk.stream)
                    partial.removeAll(keepingCapacity: true)
                }
            }
        }
        pending[chunk.stream] = partial
    }

    /// Shows the unfinished last lines too (when the command has ended).
    public mutating func flush() {
        for stream in [OutputChunk.Stream.stdout, .stderr] {
            if let partial = pending[stream], !partial.isEmpty { push(partial, stream) }
            pending[stream] = []
        }
    }

    /// The unfinished line of a stream, as it would show now.
    public func partialLine(_ stream: OutputChunk.Stream) -> String? {
        guard let bytes = pending[stream], !bytes.isEmpty else { return nil }
        return DisplayText.line(bytes)
    }

    private mutating func push(_ bytes: [UInt8], _ stream: OutputChunk.Stream) {
        lines.append(Line(text: DisplayText.line(bytes), stream: stream))
        if lines.count - first > capacity {
            first += 1
            dropped += 1
            if first > capacity {  // compact now and then: amortised O(1)
                lines.removeFirst(first)
                first = 0
            }
        }
    }
}
