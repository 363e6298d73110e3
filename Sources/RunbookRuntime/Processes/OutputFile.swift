import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import RunbookGraph

/// A command's full-output file, written from a thread of its own so the
/// reader never waits on the disk. The reader hands over the chunks it
/// already owns (no copy) and waits only when `backlog` bytes are queued, so
/// memory stays bounded whatever the disk does. The file holds at most
/// `limit` bytes.
///
/// Past `directAfter` bytes the output is a flood, and it is written around
/// the page cache (Linux's O_DIRECT, in aligned blocks): copying into the
/// page cache cost this thread ~2.2 ms of CPU per MB on the 2-core test
/// machine, more than reading the pipe, taken from the command. A direct
/// write is the device's DMA instead, and a gigabyte of output no longer
/// evicts the host's cache. Where direct writes are refused (older tmpfs,
/// some network file systems) it stays buffered. What is not a whole block
/// yet is written buffered when the flood pauses and at the end.
final class OutputFile: @unchecked Sendable {
    static let backlog = 8 << 20
    static let directAfter = 16 << 20
    static let block = 4 << 20
    static let alignment = 4096
    /// How long staged bytes may wait for the rest of their block.
    static let idleFlush = 0.2

    let limit: Int
    private var accepted = 0  // only the reader counts
    private let path: String
    private let makeDirect: @Sendable (String) -> DirectWriter?
    private let fd: Int32
    private let condition = NSCondition()
    private var queue: [ArraySlice<UInt8>] = []
    private var queued = 0
    private var closing = false
    private var done = false
    private var reportedFull = false

    // The writer thread's own state.
    private var offset = 0
    private var direct: DirectWriter?
    private var directTried = false

    /// Nil when the file cannot be opened: the command still runs, and its tail is still kept.
    /// `direct` opens the flood's direct writer (tests give one whose writes fail).
    init?(path: String, limit: Int, direct: @escaping @Sendable (String) -> DirectWriter? = DirectWriter.forFile) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        self.path = path
        self.limit = limit
        makeDirect = direct
        let thread = Thread { [self] in drain() }
        thread.name = "runbook-output-file"
        thread.start()
    }

    /// Queues what fits under the limit; true once, for the chunk that found the file full.
    func append(_ bytes: [UInt8]) -> Bool {
        let take = min(bytes.count, max(0, limit - accepted))
        if take > 0 {
            accepted += take
            condition.lock()
            while queued >= Self.backlog { condition.wait() }
            queue.append(bytes[0..<take])
            queued += take
            condition.signal()
            condition.unlock()
        }
        guard accepted >= limit, !reportedFull else { return false }
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
            var idle = false
            while queue.isEmpty && !closing {
                if direct?.staged ?? 0 > 0 {
                    // A paused flood: what waits for its block goes to the file now.
                    idle = !condition.wait(until: Date(timeIntervalSinceNow: Self.idleFlush)) && queue.isEmpty
                    if idle { break }
                } else {
                    condition.wait()
                }
            }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            let finished = closing && batch.isEmpty
            condition.unlock()
            if finished { break }
            if idle { flushStaged() }
            for chunk in batch { chunk.withUnsafeBytes { write($0) } }
            condition.lock()
            queued -= batch.reduce(0) { $0 + $1.count }
            condition.broadcast()
            condition.unlock()
        }
        flushStaged()
        if let direct { close(direct.fd) }
        close(fd)
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    private func write(_ raw: UnsafeRawBufferPointer) {
        var rest = raw[...]
        if direct == nil, !directTried, offset + raw.count >= Self.directAfter {
            directTried = true
            direct = makeDirect(path)
        }
        guard let direct else {
            offset += Self.writeAll(fd, UnsafeRawBufferPointer(rebasing: rest), at: offset)
            return
        }
        // Direct writes start on a block boundary: what comes before it goes buffered.
        if direct.staged == 0, offset % Self.alignment != 0 {
            let head = min(rest.count, Self.alignment - offset % Self.alignment)
            offset += Self.writeAll(fd, UnsafeRawBufferPointer(rebasing: rest.prefix(head)), at: offset)
            rest = rest.dropFirst(head)
        }
        while !rest.isEmpty {
            let n = direct.stage(UnsafeRawBufferPointer(rebasing: rest))
            rest = rest.dropFirst(n)
            if direct.isFull { writeStaged() }
            if self.direct == nil {  // refused: the rest of this chunk goes buffered too
                offset += Self.writeAll(fd, UnsafeRawBufferPointer(rebasing: rest), at: offset)
                return
            }
        }
    }

    /// The full staging block, written around the page cache; buffered if the file refuses.
    private func writeStaged() {
        guard let writer = direct else { return }
        let written = writer.writeBlock(at: offset)
        offset += written
        writer.consume(written)
        guard writer.staged > 0 else { return }
        direct = nil  // refused (or the disk is full): buffered from here on
        flushBuffered(writer)
        close(writer.fd)
    }

    private func flushStaged() {
        if let writer = direct { flushBuffered(writer) }
    }

    private func flushBuffered(_ writer: DirectWriter) {
        offset += Self.writeAll(fd, writer.stagedBytes, at: offset)
        writer.consume(writer.staged)
    }

    /// Writes what it can at `offset`; how much that was. A full disk must not stop the
    /// command, and its tail is still kept.
    @discardableResult
    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer, at offset: Int) -> Int {
        var done = 0
        while done < raw.count {
            let n = pwrite(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            done += n
        }
        return done
    }
}
