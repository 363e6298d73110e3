import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import RunbookGraph

/// A command's full-output file, written from a thread of its own: writing
/// to the page cache costs as much as reading the pipe (about 1 ms per MB
/// here), and done inline it halved what a flooding command could push
/// through. The reader hands over the chunks it already owns (no copy) and
/// waits only when `backlog` bytes are queued, so memory stays bounded
/// whatever the disk does. The file holds at most `limit` bytes.
final class OutputFile: @unchecked Sendable {
    static let backlog = 8 << 20

    let limit: Int
    private var written = 0  // accepted so far; only the reader counts
    private let fd: Int32
    private let condition = NSCondition()
    private var queue: [ArraySlice<UInt8>] = []
    private var queued = 0
    private var closing = false
    private var done = false
    private var reportedFull = false

    /// Nil when the file cannot be opened: the command still runs, and its tail is still kept.
    init?(path: String, limit: Int) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        self.limit = limit
        let thread = Thread { [self] in drain() }
        thread.name = "runbook-output-file"
        thread.start()
    }

    /// Queues what fits under the limit; true once, for the chunk that found the file full.
    func append(_ bytes: [UInt8]) -> Bool {
        let take = min(bytes.count, max(0, limit - written))
        if take > 0 {
            written += take
            condition.lock()
            while queued >= Self.backlog { condition.wait() }
            queue.append(bytes[0..<take])
            queued += take
            condition.signal()
            condition.unlock()
        }
        guard written >= limit, !reportedFull else { return false }
        reportedFull = true
        return true
    }

    /// Everything queued is in the file, and the file is closed.
    func finish() {
        condition.lock()
        closing = true
        condition.broadcast()
        while !done { condition.wait() }
        condition.unlock()
    }

    private func drain() {
        while true {
            condition.lock()
            while queue.isEmpty && !closing { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            let finished = closing && batch.isEmpty
            condition.unlock()
            if finished { break }
            for chunk in batch { chunk.withUnsafeBytes { Self.writeAll(fd, $0) } }
            condition.lock()
            queued -= batch.reduce(0) { $0 + $1.count }
            condition.broadcast()
            condition.unlock()
        }
        close(fd)
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) {
        var offset = 0
        while offset < raw.count {
            let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }  // a full disk must not stop the command; the tail is still kept
            offset += n
        }
    }
}
