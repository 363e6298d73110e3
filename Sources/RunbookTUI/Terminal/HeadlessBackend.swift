import Foundation

/// A terminal with no screen: frames are rendered and kept (the last one),
/// keys come from `type(_:)` on any thread. For benchmarks of the real event
/// loop (it records when each frame after a key was drawn) and for tests of
/// the effect interpreter (they wait for a frame that shows something).
final class HeadlessBackend: TerminalBackend, @unchecked Sendable {
    let size: (width: Int, height: Int)
    private let pipe: (read: Int32, write: Int32)
    private let lock = NSCondition()
    private var frame: ScreenBuffer?
    /// Times the screen was handed to something else (an interactive command, Ctrl-Z).
    private(set) var suspensions = 0
    private(set) var ended = false
    /// What `waitForFrame` waited for in vain.
    private(set) var missedFrames: [String] = []
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
        frame = buffer
        lock.broadcast()
        lock.unlock()
    }

    /// The text of the last frame drawn.
    var screen: String {
        lock.lock()
        defer { lock.unlock() }
        return frame?.text ?? ""
    }

    /// Waits (up to `timeout` seconds) for a frame whose text contains `text`.
    @discardableResult
    func waitForFrame(containing text: String, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while !(frame?.text.contains(text) ?? false) {
            if !lock.wait(until: deadline) {
                missedFrames.append(text)
                return false
            }
        }
        return true
    }

    func forceRedraw() {}
    func suspend() { lock.lock(); suspensions += 1; lock.unlock() }
    func resume() {}
    func end() { lock.lock(); ended = true; lock.unlock() }
}
