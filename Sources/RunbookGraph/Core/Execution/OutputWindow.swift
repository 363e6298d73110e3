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

        /// The start of the line as shown, enough for `columns` columns: a
        /// screen shows only that much, and a 16 KiB line of NULs or escapes
        /// must not cost a frame. A line with carriage returns shows what
        /// follows the last one, as a terminal would.
        public func text(columns: Int) -> String {
            var slice = bytes[...]
            if let cr = slice.lastIndex(of: 0x0D), cr != slice.index(before: slice.endIndex) {
                slice = slice[slice.index(after: cr)...]
            }
            let limit = max(64, columns * 16)
            return DisplayText.line(slice.count > limit ? slice.prefix(limit) : slice)
        }

        public init(bytes: [UInt8], stream: OutputChunk.Stream) {
            self.bytes = bytes
            self.stream = stream
        }
    }

    public let capacity: Int
    public let maxLineBytes: Int
    /// At most this many bytes of lines are kept, whatever their count.
    public let maxBytes: Int
    public private(set) var lines: [Line] = []
    /// Lines that fell off the top.
    public private(set) var dropped = 0
    public private(set) var totalBytes = 0
    private var keptBytes = 0
    private var pending: [OutputChunk.Stream: [UInt8]] = [:]
    private var first = 0

    public init(capacity: Int = 5000, maxLineBytes: Int = 16 * 1024, maxBytes: Int = 8 * 1024 * 1024) {
        self.capacity = capacity
        self.maxLineBytes = maxLineBytes
        self.maxBytes = maxBytes
    }

    /// Lines in order, oldest first (at most `capacity`).
    public var visible: ArraySlice<Line> { lines[first...] }
    public var count: Int { lines.count - first }

    public mutating func append(_ chunk: OutputChunk) {
        totalBytes += chunk.bytes.count
        var partial = pending[chunk.stream] ?? []
        chunk.bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var start = skipLinesThatWouldFallOff(buffer, partial: &partial)
            while start < buffer.count {
                let rest = buffer.count - start
                let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), rest)
                let end = hit.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buffer.count
                // Cut over-long lines into pieces straight from the chunk (no copying the rest again).
                var from = start
                while partial.count + (end - from) >= maxLineBytes {
                    let take = maxLineBytes - partial.count
                    partial.append(contentsOf: UnsafeBufferPointer(start: base + from, count: take))
                    push(partial, chunk.stream)
                    partial = []
                    from += take
                }
                partial.append(contentsOf: UnsafeBufferPointer(start: base + from, count: end - from))
                if hit != nil {
                    push(partial, chunk.stream)
                    partial = []
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
        keptBytes += bytes.count
        while lines.count - first > capacity || (keptBytes > maxBytes && lines.count - first > 1) {
            keptBytes -= lines[first].bytes.count
            first += 1
            dropped += 1
        }
        // Compact now and then (amortised O(1)), and before dropped lines hold much memory.
        if first > capacity || (first >= 64 && first * 2 >= lines.count) {
            lines.removeFirst(first)
            first = 0
        }
    }

    /// A flood (`yes`) brings far more whole lines in one chunk than are
    /// kept: count the ones that would only fall off the top, and start
    /// reading at the first that stays. Returns where to start.
    private mutating func skipLinesThatWouldFallOff(_ buffer: UnsafeBufferPointer<UInt8>, partial: inout [UInt8]) -> Int
    {
        guard let base = buffer.baseAddress, buffer.count > 64 * 1024 else { return 0 }
        // Find the start of the last `capacity` lines, from the end.
        var newlines = 0
        var i = buffer.count - 1
        while i >= 0 {
            if base[i] == UInt8(ascii: "\n") {
                newlines += 1
                if newlines > capacity { break }
            }
            i -= 1
        }
        guard i > 0 else { return 0 }
        // Lines up to and including the newline at i are dropped unseen: count them.
        var skipped = 0
        var at = 0
        while at <= i, let hit = memchr(base + at, Int32(UInt8(ascii: "\n")), i + 1 - at) {
            skipped += 1
            at = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base + 1
        }
        partial = []
        dropped += skipped + (lines.count - first)
        keptBytes = 0
        lines.removeAll(keepingCapacity: true)
        first = 0
        return i + 1
    }
}
