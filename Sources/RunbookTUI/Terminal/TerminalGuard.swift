import Foundation

/// Puts the terminal back however the program ends. Every signal that ends
/// a process by default is handled: the ones sent to end it (SIGTERM, SIGHUP,
/// SIGINT, SIGQUIT, SIGUSR1…) become a byte on a pipe that the event loop
/// polls, so it quits through its normal path, journal intact; a crash
/// (SIGSEGV, SIGABRT, SIGXCPU…) stops the running commands' process groups
/// and restores the saved terminal modes with async-signal-safe calls only,
/// then dies as it would have.
enum TerminalGuard {
    static let quitSignals = [
        SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT
    ]
    static let crashSignals = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE, SIGXCPU, SIGXFSZ, SIGSYS]

    /// Process groups of running commands, for the crash handler (which may
    /// not allocate or lock): a fixed table, written only by the main thread.
    nonisolated(unsafe) private static let groups: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: groupSlots)
        p.initialize(repeating: 0, count: groupSlots)
        return p
    }()
    static let groupSlots = 64

    static func track(group: Int32) {
        for i in 0..<groupSlots where groups[i] == 0 { groups[i] = group; return }
    }

    static func untrack(group: Int32) {
        for i in 0..<groupSlots where groups[i] == group { groups[i] = 0 }
    }

    /// Async-signal-safe: SIGTERM to every tracked group, a moment's grace, then SIGKILL.
    static func stopGroupsFromSignal() {
        var any = false
        for i in 0..<groupSlots where groups[i] > 0 { kill(-groups[i], SIGTERM); any = true }
        guard any else { return }
        var pause = timespec(tv_sec: 0, tv_nsec: 300_000_000)
        nanosleep(&pause, nil)
        for i in 0..<groupSlots where groups[i] > 0 { kill(-groups[i], SIGKILL) }
    }

    nonisolated(unsafe) private static var saved = termios()
    nonisolated(unsafe) private static var hasSaved = false
    nonisolated(unsafe) static var signalPipe: (read: Int32, write: Int32) = (-1, -1)
    /// The terminal the UI draws on (/dev/tty), read into a plain variable for the signal handlers.
    nonisolated(unsafe) private static var terminal: Int32 = 0

    /// Call before curses starts.
    static func install() {
        terminal = ControllingTerminal.descriptor ?? 0
        if tcgetattr(terminal, &saved) == 0 { hasSaved = true }
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC); _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
            signalPipe = (fds[0], fds[1])
        }
        for sig in quitSignals {
            signal(sig) { _ in
                var byte: UInt8 = 1
                _ = write(TerminalGuard.signalPipe.write, &byte, 1)
            }
        }
        signal(SIGPIPE, SIG_IGN)
        for sig in crashSignals {
            signal(sig) { sig in
                TerminalGuard.restoreFromSignal()
                TerminalGuard.stopGroupsFromSignal()
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    /// Async-signal-safe: saved modes back, normal screen, cursor shown.
    static func restoreFromSignal() {
        if hasSaved { tcsetattr(terminal, TCSANOW, &saved) }
        let reset = "\u{1b}[0m\u{1b}[?1049l\u{1b}[?25h\r\n"
        reset.utf8CString.withUnsafeBufferPointer {
            _ = write(terminal == 0 ? 1 : terminal, $0.baseAddress, $0.count - 1)
        }
    }

    /// After endwin: make sure the modes are exactly as found.
    static func restore() {
        if hasSaved { tcsetattr(terminal, TCSANOW, &saved) }
    }

    /// True (once per signal) when a quit signal arrived.
    static func takeSignal() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 16)
        return read(signalPipe.read, &buffer, buffer.count) > 0
    }
}
