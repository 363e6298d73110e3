import Foundation

/// Puts the terminal back however the program ends. SIGTERM, SIGHUP and
/// SIGINT from outside are turned into a byte on a pipe that the event loop
/// polls, so it quits through its normal path; a crash restores the saved
/// terminal modes with async-signal-safe calls only, then dies as it would have.
enum TerminalGuard {
    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var hasSaved = false
    nonisolated(unsafe) static var signalPipe: (read: Int32, write: Int32) = (-1, -1)

    /// Call before curses starts.
    static func install() {
        if tcgetattr(0, &saved) == 0 { hasSaved = true }
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC); _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
            signalPipe = (fds[0], fds[1])
        }
        for sig in [SIGTERM, SIGHUP, SIGINT] {
            signal(sig) { _ in
                var byte: UInt8 = 1
                _ = write(TerminalGuard.signalPipe.write, &byte, 1)
            }
        }
        signal(SIGPIPE, SIG_IGN)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig) { sig in
                TerminalGuard.restoreFromSignal()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Async-signal-safe: saved modes back, normal screen, cursor shown.
    static func restoreFromSignal() {
        if hasSaved { tcsetattr(0, TCSANOW, &saved) }
        let reset = "\u{1b}[0m\u{1b}[?1049l\u{1b}[?25h\r\n"
        reset.utf8CString.withUnsafeBufferPointer { _ = write(1, $0.baseAddress, $0.count - 1) }
    }

    /// After endwin: make sure the modes are exactly as found.
    static func restore() {
        if hasSaved { tcsetattr(0, TCSANOW, &saved) }
    }

    /// True (once per signal) when a quit signal arrived.
    static func takeSignal() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return read(signalPipe.read, &buffer, buffer.count) > 0
    }
}
