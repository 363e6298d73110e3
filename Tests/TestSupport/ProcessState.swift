import Foundation

/// Whether processes are still running. A zombie is not: it has ended and only
/// waits to be reaped, and a test process that became a child subreaper (the
/// teardown tests) inherits orphans it never reaps.
public enum ProcessState {
    public static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        return state(pid) != "Z"
    }

    /// Whether any process of group `pgid` is alive.
    public static func groupIsAlive(_ pgid: pid_t) -> Bool {
        guard kill(-pgid, 0) == 0 else { return false }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.contains { name in
            guard let pid = pid_t(name), let fields = fields(pid), fields.count > 3 else { return false }
            return fields[0] != "Z" && pid_t(fields[2]) == pgid
        }
    }

    /// The fields of /proc/PID/stat after `(comm)`: state, ppid, pgrp, …
    static func fields(_ pid: pid_t) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    static func state(_ pid: pid_t) -> Substring? { fields(pid)?.first }
}
