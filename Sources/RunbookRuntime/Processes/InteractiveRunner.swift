import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import RunbookGraph

/// Runs a command attached to the terminal (the UI has stepped aside): it
/// reads the keyboard and draws on the screen itself; only its exit and
/// duration are recorded. It stays in the terminal's foreground group so
/// Ctrl-C reaches it; the caller ignores SIGINT meanwhile.
public enum InteractiveRunner {
    /// Runs `request` with the terminal: `terminal` (the UI's /dev/tty) as its
    /// standard input, output and error, else the ones this process has.
    public static func run(_ request: CommandRequest, terminal: Int32? = nil) throws -> RecordedResult {
        // What it prints is kept for the journal: util-linux's `script` gives it a terminal of its own and a copy.
        let typescript = Recording.start()
        var request = request
        if let typescript { request = Recording.wrap(request, into: typescript) }
        defer { if let typescript { unlink(typescript) } }
        let started = ContinuousClock.now
        let id = Escapees.newID()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let terminal {
            for target: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, terminal, target) }
        }
        let pid =
            try terminal == nil
            ? Spawn.spawn(request, actions: nil, newGroup: false, id: id)
            : Spawn.spawn(request, actions: &actions, newGroup: false, id: id)
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        Escapees.stop(of: id, grace: request.gracePeriod)
        let elapsed = ContinuousClock.now - started
        let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        let exited = raw & 0x7f == 0
        return RecordedResult(
            exitCode: exited ? (raw >> 8) & 0xff : nil, signal: exited ? nil : raw & 0x7f,
            durationMs: ms, output: typescript.map(Recording.read) ?? "")
    }

    /// Recording an interactive command's output through `script -qefc` (Linux, util-linux).
    enum Recording {
        static let program = "/usr/bin/script"

        /// A fresh file (mode 0600) for the typescript, when `script` can be used here.
        static func start() -> String? {
            #if os(Linux)
                guard FileManager.default.isExecutableFile(atPath: program) else { return nil }
                var template = Array((NSTemporaryDirectory() + "/runbook-interactive-XXXXXX").utf8CString)
                let fd = mkstemp(&template)
                guard fd >= 0 else { return nil }
                close(fd)
                return String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #else
                return nil
            #endif
        }

        /// The same command, run by `script` into `file`: it keeps the exit status (-e) and flushes as it goes (-f).
        static func wrap(_ request: CommandRequest, into file: String) -> CommandRequest {
            var wrapped = request
            let inner = ShellQuote.quote(request.shell) + " -c " + ShellQuote.quote(request.command)
            wrapped.command = "exec \(program) -qefc \(ShellQuote.quote(inner)) \(ShellQuote.quote(file))"
            wrapped.shell = "/bin/sh"
            return wrapped
        }

        /// The typescript without script's first and last lines and without the terminal's carriage returns.
        static func read(_ file: String) -> String {
            guard let data = FileManager.default.contents(atPath: file) else { return "" }
            var lines = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if lines.first?.hasPrefix("Script started on ") == true { lines.removeFirst() }
            while let last = lines.last, last.isEmpty || last.hasPrefix("Script done on ") { lines.removeLast() }
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
    }
}
