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
            return DisplayText.line(slice.count > limit ? slice.prefix(limit) : slice, maxColumns: columns)
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
    /// Lines that fell off the top.
    public private(set) var dropped = 0
    public private(set) var totalBytes = 0
    /// The kept lines' bytes as they arrived, behind `dead` bytes of lines
    /// already dropped: a chunk goes in with one copy, and its lines are
    /// ranges of it, rather than an array allocated per line (a megabyte
    /// chunk holds 13,000 lines).
    private var storage: [UInt8] = []
    private var dead = 0
    /// Each line's range in `storage`, behind `first` entries of dropped lines.
    private var starts: [Int] = []
    private var ends: [Int] = []
    private var streams: [OutputChunk.Stream] = []
    private var first = 0
    /// The bytes of the kept lines (not the newlines between them in `storage`).
    private var keptBytes = 0
    private var pending: [OutputChunk.Stream: [UInt8]] = [:]

    public init(capacity: Int = 5000, maxLineBytes: Int = 16 * 1024, maxBytes: Int = 8 * 1024 * 1024) {
        self.capacity = capacity
        self.maxLineBytes = maxLineBytes
        self.maxBytes = maxBytes
    }

    /// The kept lines in order, oldest first (at most `capacity`); each is
    /// copied out of the window when read, so read only those you show.
    public struct Lines: RandomAccessCollection, Sendable {
        fileprivate let window: OutputWindow
        public var startIndex: Int { 0 }
        public var endIndex: Int { window.count }
        public subscript(position: Int) -> Line {
            let i = window.first + position
            return Line(bytes: Array(window.storage[window.starts[i]..<window.ends[i]]), stream: window.streams[i])
        }
    }

    public var visible: Lines { Lines(window: self) }
    public var count: Int { ends.count - first }

    public static func == (a: OutputWindow, b: OutputWindow) -> Bool {
        a.capacity == b.capacity && a.maxLineBytes == b.maxLineBytes && a.maxBytes == b.maxBytes
            && a.dropped == b.dropped && a.totalBytes == b.totalBytes && a.pending == b.pending
            && a.visible.elementsEqual(b.visible)
    }

    public mutating func append(_ chunk: OutputChunk) {
        totalBytes += chunk.bytes.count
        var partial = pending[chunk.stream] ?? []
        chunk.bytes.withUnsafeBufferPointer { buffer in
            guard !buffer.isEmpty else { return }
            var start = skipLinesThatWouldFallOff(buffer, partial: &partial)
            // The line begun in an earlier chunk ends in this one: join them.
            if !partial.isEmpty, start < buffer.count {
                let end = Self.newline(in: buffer, from: start) ?? buffer.count
                appendPartial(&partial, UnsafeBufferPointer(rebasing: buffer[start..<end]), chunk.stream)
                guard end < buffer.count else { return }
                addLine(partial, chunk.stream)
                partial = []
                start = end + 1
            }
            // Whole lines: one copy into storage, then a range per line (long ones in pieces).
            guard let last = Self.lastNewline(in: buffer, from: start) else {
                appendPartial(&partial, UnsafeBufferPointer(rebasing: buffer[start...]), chunk.stream)
                return
            }
            let offset = storage.count - start
            storage.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start...last]))
            while start <= last {
                let end = Self.newline(in: buffer, from: start) ?? last
                var from = start
                while end - from > maxLineBytes {
                    addRange(offset + from, offset + from + maxLineBytes, chunk.stream)
                    from += maxLineBytes
                }
                addRange(offset + from, offset + end, chunk.stream)
                start = end + 1
            }
            appendPartial(&partial, UnsafeBufferPointer(rebasing: buffer[start...]), chunk.stream)
        }
        pending[chunk.stream] = partial
        dropWhatDoesNotFit()
    }

    /// Shows the unfinished last lines too (when the command has ended).
    public mutating func flush() {
        for stream in [OutputChunk.Stream.stdout, .stderr] {
            if let partial = pending[stream], !partial.isEmpty { addLine(partial, stream) }
            pending[stream] = []
        }
        dropWhatDoesNotFit()
    }

    /// The unfinished line of a stream, as it would show now.
    public func partialLine(_ stream: OutputChunk.Stream) -> Line? {
        guard let bytes = pending[stream], !bytes.isEmpty else { return nil }
        return Line(bytes: bytes, stream: stream)
    }

    /// The end of a chunk that no newline ends: a line still being written,
    /// shown as pieces of `maxLineBytes` while it grows.
    private mutating func appendPartial(
        _ partial: inout [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ stream: OutputChunk.Stream
    ) {
        var rest = bytes[...]
        while partial.count + rest.count >= maxLineBytes {
            let take = maxLineBytes - partial.count
            partial.append(contentsOf: UnsafeBufferPointer(rebasing: rest.prefix(take)))
            addLine(partial, stream)
            partial = []
            rest = rest.dropFirst(take)
        }
        partial.append(contentsOf: UnsafeBufferPointer(rebasing: rest))
    }

    private mutating func addLine(_ bytes: [UInt8], _ stream: OutputChunk.Stream) {
        storage.append(contentsOf: bytes)
        addRange(storage.count - bytes.count, storage.count, stream)
    }

    private mutating func addRange(_ start: Int, _ end: Int, _ stream: OutputChunk.Stream) {
        starts.append(start)
        ends.append(end)
        keptBytes += end - start
        streams.append(stream)
    }

    /// Old lines fall off the top until `capacity` lines and `maxBytes` bytes hold the rest.
    private mutating func dropWhatDoesNotFit() {
        while count > capacity || (keptBytes > maxBytes && count > 1) {
            keptBytes -= ends[first] - starts[first]
            first += 1
            dropped += 1
            dead = first < starts.count ? starts[first] : storage.count
        }
        // Compact now and then (amortised O(1)), and before dropped lines hold much memory.
        if first > capacity || (first >= 64 && first * 2 >= ends.count) || (dead > 1 << 20 && dead * 2 >= storage.count)
        {
            storage.removeFirst(dead)
            starts.removeFirst(first)
            ends.removeFirst(first)
            streams.removeFirst(first)
            for i in starts.indices {
                starts[i] -= dead
                ends[i] -= dead
            }
            dead = 0
            first = 0
        }
    }

    private static func newline(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = buffer.baseAddress, start < buffer.count,
            let hit = memchr(base + start, Int32(UInt8(ascii: "\n")), buffer.count - start)
        else { return nil }
        return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
    }

    /// The last newline at or after `start`: none found fast (memchr) when the
    /// chunk is one long line (`cat /dev/zero`), else found from the end.
    private static func lastNewline(in buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard newline(in: buffer, from: start) != nil else { return nil }
        var i = buffer.count - 1
        while i >= start {
            if buffer[i] == UInt8(ascii: "\n") { return i }
            i -= 1
        }
        return nil
    }

    /// A flood (`yes`) brings far more whole lines in one chunk than are
    /// kept: count the ones that would only fall off the top, and start
    /// reading at the first that stays. Returns where to start.
    private mutating func skipLinesThatWouldFallOff(_ buffer: UnsafeBufferPointer<UInt8>, partial: inout [UInt8]) -> Int
    {
        guard buffer.count > 64 * 1024 else { return 0 }
        let (newlines, cut) = NewlineScan.scan(buffer, keep: capacity)
        // Lines up to and including the newline at `cut` are dropped unseen: count them.
        guard let i = cut, i > 0 else { return 0 }
        partial = []
        dropped += newlines - capacity + count
        storage.removeAll(keepingCapacity: true)
        keptBytes = 0
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        streams.removeAll(keepingCapacity: true)
        dead = 0
        first = 0
        return i + 1
    }
}
