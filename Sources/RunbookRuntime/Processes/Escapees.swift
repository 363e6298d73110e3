import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import RunbookGraph

/// Processes that left their command's process group (`setsid`, `setpgid`,
/// `ssh -f`, daemons). As a child subreaper this process inherits them when
/// their parents die, so they can be found among its own children and
/// stopped with the rest: nothing a step started outlives it.
public enum Escapees {
    /// Every command runs with this variable set to an id of its own; an
    /// orphan that still carries it is that command's escapee.
    public static let marker = "RUNBOOK_COMMAND_ID"

    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter = 0

    /// A new id for a command about to start (unique in this process and among processes).
    static func newID() -> String {
        lock.lock(); defer { lock.unlock() }
        counter += 1
        return "\(getpid())-\(counter)"
    }

    /// Makes orphans of this process's descendants its children (Linux
    /// `PR_SET_CHILD_SUBREAPER`); elsewhere a no-op.
    public static func becomeSubreaper() {
        #if os(Linux)
            // prctl is variadic in C and so not imported: call it through its symbol.
            typealias Prctl = @convention(c) (Int32, UInt, UInt, UInt, UInt) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "prctl") else { return }
            _ = unsafeBitCast(symbol, to: Prctl.self)(36 /* PR_SET_CHILD_SUBREAPER */, 1, 0, 0, 0)
        #endif
    }

    /// Orphans of this process's commands (its own children now, as their
    /// subreaper) that carry `id`, or any command's id when `id` is nil.
    static func current(of id: String?) -> [pid_t] {
        let me = getpid()
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        let wanted = id.map { Array("\(marker)=\($0)".utf8) }
        let anyMarker = Array("\(marker)=".utf8)
        return entries.compactMap { name -> pid_t? in
            guard let pid = pid_t(name), pid != me, parent(of: pid) == me,
                let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ")
            else { return nil }
            let variables = environ.split(separator: 0)
            let carries = variables.contains { v in wanted.map { v.elementsEqual($0) } ?? v.starts(with: anyMarker) }
            return carries ? pid : nil
        }
    }

    /// The parent in `/proc/PID/stat` (after the `(comm)`, which may hold spaces and parentheses).
    static func parent(of pid: pid_t) -> pid_t? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    /// Stops the escapees of command `id` (of every command when nil): SIGTERM,
    /// up to `grace`, then SIGKILL; reaps them. Returns how many there were.
    @discardableResult
    public static func stop(of id: String? = nil, grace: RunDuration = .seconds(2)) -> Int {
        let found = current(of: id)
        guard !found.isEmpty else { return 0 }
        for pid in found { kill(pid, SIGTERM); kill(pid, SIGCONT) }
        let deadline = ContinuousClock.now + .milliseconds(grace.milliseconds)
        var left = Set(found)
        while !left.isEmpty, ContinuousClock.now < deadline {
            left = left.filter { waitpid($0, nil, WNOHANG) == 0 }
            if !left.isEmpty { usleep(20_000) }
        }
        for pid in left { kill(pid, SIGKILL) }
        for pid in left { waitpid(pid, nil, 0) }
        return found.count
    }
}
