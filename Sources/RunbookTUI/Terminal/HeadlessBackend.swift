import Foundation

/// A terminal with no screen: frames are rendered and kept (the last one),
/// keys come from `type(_:)` on any thread. For benchmarks of the real event
/// loop; it records when each frame after a key was drawn.
final class HeadlessBackend: TerminalBackend, @unchecked Sendable {
    let size: (width: Int, height: Int)
    private let pipe: (read: Int32, write: Int32)
    private let lock = NSLock()
    private var queued: [(key: Key, sent: DispatchTime)] = []
    private var awaiting: [DispatchTime] = []
    /// Milliseconds from a key being typed to the next frame drawn after it was read.
    private(set) var keyLatencies: [Double] = []

    init(width: Int, height: Int) {
        size = (width, height)
        var fds: [Int32] = [-1, -1]
        _ = Glibc.pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
        pipe = (fds[0], fds[1])
    }

    deinit { close(pipe.read); close(pipe.write) }

    var inputDescriptor: Int32 { pipe.read }

    func type(_ key: Key) {
        lock.lock()
        queued.append((key, .now()))
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipe.write, &byte, 1)
    }

    func readInput() -> [TerminalInput] {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(pipe.read, &buffer, buffer.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let keys = queued
        queued = []
        awaiting += keys.map(\.sent)
        return keys.map { .key($0.key) }
    }

    func draw(_ buffer: ScreenBuffer) {
        let now = DispatchTime.now()
        lock.lock()
        for sent in awaiting { keyLatencies.append(Double(now.uptimeNanoseconds - sent.uptimeNanoseconds) / 1e6) }
        awaiting = []
        lock.unlock()
    }

    func forceRedraw() {}
    func suspend() {}
    func resume() {}
    func end() {}
}
