#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The recent output of a command, as display-safe lines, bounded in memory
/// whatever the command prints: old lines fall off the top (the full output
/// is in the output file), and over-long lines are cut into pieces.
public struct OutputWindow: Sendable, Equatable {
    /// A line as the command wrote it; made display-safe only when shown,
    /// since most lines of a large output are never on screen.
    public struct Line: Sendable, Equatable {
        public var bytes: [UInt8]
        public var stream: OutputChunk.Stream
        public var text: String { DisplayText.line(bytes) }

        public init(bytes: [UInt8], stream: OutputChunk.Stream) {
            self.bytes = bytes
            self.stream = stream
        }
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
        chunk.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = 0
            while start < buffer.count {
                let rest = buffer.count - start
                let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), rest)
                let end = hit.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buffer.count
                partial.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                while partial.count >= maxLineBytes {
                    push(Array(partial.prefix(maxLineBytes)), chunk.stream)
                    partial.removeFirst(maxLineBytes)
                }
                if hit != nil {
                    push(partial, chunk.stream)
                    partial.removeAll(keepingCapacity: true)
                }
                start = end + 1
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
    public func partialLine(_ stream: OutputChunk.Stream) -> Line? {
        guard let bytes = pending[stream], !bytes.isEmpty else { return nil }
        return Line(bytes: bytes, stream: stream)
    }

    private mutating func push(_ bytes: [UInt8], _ stream: OutputChunk.Stream) {
        lines.append(Line(bytes: bytes, stream: stream))
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
