import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import RunbookGraph

/// Runs commands for real: `shell -c command` in a process group of its own,
/// stdin from /dev/null, stdout and stderr read as they arrive. On timeout
/// or cancel the whole group gets SIGTERM, then SIGKILL after the grace
/// period; when the command exits, whatever it left running in its group is
/// killed too, so nothing it started outlives the step.
public struct ProcessRunner: CommandRunner {
    /// How long output may keep arriving after the command exited, from
    /// processes it left behind, before they are stopped.
    public var drainPeriod: RunDuration

    public init(drainPeriod: RunDuration = RunDuration(milliseconds: 500)) {
        self.drainPeriod = drainPeriod
    }

    public func start(
        _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
    ) throws -> any RunningCommand {
        let started = ContinuousClock.now  // before the spawn, so durations are never short
        let id = Escapees.newID()
        let spawned = try Spawn.start(request, id: id)
        let process = RunningProcess(
            pid: spawned.pid, id: id, started: started, request: request, drainPeriod: drainPeriod,
            events: events)
        process.startReading(stdout: spawned.stdout, stderr: spawned.stderr)
        return process
    }
}

/// posix_spawn with the file actions and attributes a step needs.
enum Spawn {
    struct Started {
        var pid: pid_t
        var stdout: Int32
        var stderr: Int32
    }

    static func start(_ request: CommandRequest, id: String) throws -> Started {
        guard let out = makePipe(large: true) else { throw ExecutionError("cannot create a pipe: \(errnoText())") }
        guard let err = makePipe() else {
            close(out[0]); close(out[1])
            throw ExecutionError("cannot create a pipe: \(errnoText())")
        }
        defer { close(out[1]); close(err[1]) }
        // Larger pipes mean fewer wake-ups and reads for chatty commands.
        #if os(Linux)
            _ = fcntl(out[1], 1031 /* F_SETPIPE_SZ */, 1 << 20)
        #endif

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, out[1], 1)
        posix_spawn_file_actions_adddup2(&actions, err[1], 2)

        let pid: pid_t
        do {
            pid = try spawn(request, actions: &actions, newGroup: true, id: id)
        } catch {
            close(out[0]); close(err[0])
            throw error
        }
        return Started(pid: pid, stdout: out[0], stderr: err[0])
    }

    /// `shell -c command` with default signal handling and nothing blocked
    /// (the UI may ignore SIGINT; the child must not); in a process group of
    /// its own when `newGroup`, so signals reach everything it starts.
    static func spawn(
        _ request: CommandRequest, actions: UnsafePointer<posix_spawn_file_actions_t>?,
        newGroup: Bool, id: String? = nil
    ) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if newGroup {
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var environment = ProcessInfo.processInfo.environment
        for (key, value) in request.environment { environment[key] = value }
        if let id { environment[Escapees.marker] = id }
        let argv = [request.shell, "-c", request.command].map { (s: String) in s.withCString { strdup($0) } }
        let envp = environment.map { (key, value) in "\(key)=\(value)".withCString { strdup($0) } }
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
            (envp + [nil]).withUnsafeBufferPointer { envpBuffer in
                posix_spawn(&pid, request.shell, actions, &attributes, argvBuffer.baseAddress!, envpBuffer.baseAddress!)
            }
        }
        guard status == 0 else {
            throw ExecutionError("cannot start \(request.shell): \(String(cString: strerror(status)))")
        }
        return pid
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// A pipe whose ends close on exec (the child gets only what the file actions give it).
    /// `large`: 1 MiB of pipe buffer where the kernel allows it (Linux's F_SETPIPE_SZ), so a
    /// command that floods its output is read in a few big reads rather than many 64 KiB ones.
    static func makePipe(nonBlockingRead: Bool = false, large: Bool = false) -> [Int32]? {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        #if os(Linux)
            if large { _ = fcntl(fds[0], 1031 /* F_SETPIPE_SZ */, Int32(1 << 20)) }
        #endif
        if nonBlockingRead { _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) }
        return fds
    }
}

/// A spawned command and the thread that reads it.
final class RunningProcess: RunningCommand, @unchecked Sendable {
    let pid: pid_t
    /// The value of `RUNBOOK_COMMAND_ID` in its environment, which its escapees keep.
    let id: String
    let started: ContinuousClock.Instant
    let request: CommandRequest
    let drainPeriod: RunDuration
    let events: @Sendable (ExecutionEvent) -> Void

    private let lock = NSCondition()
    private var cancelRequested = false
    private var result: RecordedResult?
    private let wake: (read: Int32, write: Int32)

    init(
        pid: pid_t, id: String, started: ContinuousClock.Instant, request: CommandRequest, drainPeriod: RunDuration,
        events: @escaping @Sendable (ExecutionEvent) -> Void
    ) {
        self.pid = pid
        self.id = id
        self.started = started
        self.request = request
        self.drainPeriod = drainPeriod
        self.events = events
        let fds = Spawn.makePipe(nonBlockingRead: true) ?? [-1, -1]
        wake = (fds[0], fds[1])
    }

    deinit {
        close(wake.read)
        close(wake.write)
    }

    var processGroup: Int32? { pid }

    func cancel() {
        lock.lock()
        cancelRequested = true
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(wake.write, &byte, 1)
    }

    func wait() -> RecordedResult {
        lock.lock()
        defer { lock.unlock() }
        while result == nil { lock.wait() }
        return result!
    }

    private var isCancelRequested: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelRequested
    }

    func startReading(stdout: Int32, stderr: Int32) {
        let thread = Thread { [self] in
            let result = readUntilDone(stdout: stdout, stderr: stderr)
            events(.finished(result))  // before wait() returns, so the report is always complete
            lock.lock()
            self.result = result
            lock.broadcast()
            lock.unlock()
        }
        thread.name = "runbook-command-\(pid)"
        thread.start()
    }

    // MARK: the read loop

    private func readUntilDone(stdout: Int32, stderr: Int32) -> RecordedResult {
        func elapsedMs() -> Int64 {
            let d = ContinuousClock.now - started
            return d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000
        }
        let timeoutMs = request.timeout.milliseconds
        let graceMs = request.gracePeriod.milliseconds
        let file = request.outputFile.flatMap { OutputFile(path: $0, limit: OutputFileLimit.bytes(for: request)) }

        var openPipes: [(fd: Int32, stream: OutputChunk.Stream)] = [(stdout, .stdout), (stderr, .stderr)]
        var tail = TailBuffer(limit: RecordedResult.outputLimit)
        var total = 0
        var status: Int32?
        var exitedAtMs: Int64?
        var termSentAtMs: Int64?
        var killSent = false
        var killSentAtMs: Int64 = 0
        var escapeesStopped = false
        var abandonedOutput = false
        var timedOut = false
        var cancelled = false
        var wakeBuffer = [UInt8](repeating: 0, count: 64)

        func signalGroup(_ signal: Int32) { _ = kill(-pid, signal) }

        while true {
            let now = elapsedMs()
            // Decide whether to stop the command.
            if termSentAtMs == nil, status == nil {
                if isCancelRequested { cancelled = true }
                if now >= timeoutMs { timedOut = true }
                if cancelled || timedOut {
                    signalGroup(SIGTERM)
                    termSentAtMs = now
                }
            }
            if let term = termSentAtMs, !killSent, now - term >= graceMs {
                signalGroup(SIGKILL)
                killSent = true
                killSentAtMs = now
            }
            // The command exited but left something holding its output open.
            if let exited = exitedAtMs, !openPipes.isEmpty, !killSent, now - exited >= drainPeriod.milliseconds {
                signalGroup(SIGKILL)
                killSent = true
                killSentAtMs = now
            }
            // Its group is gone, yet the output stays open: a process left the group.
            if killSent, status != nil, !openPipes.isEmpty {
                if !escapeesStopped, now - killSentAtMs >= 100 {
                    Escapees.stop(of: id, grace: request.gracePeriod)
                    escapeesStopped = true
                } else if escapeesStopped, now - killSentAtMs >= 100 + graceMs {
                    // Not ours to stop (not a descendant any more): stop reading, never hang.
                    abandonedOutput = true
                    break
                }
            }
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    status = raw
                    exitedAtMs = now
                }
            }
            if status != nil && openPipes.isEmpty { break }

            // Wait for output, a cancel, or the next deadline.
            var deadlines: [Int64] = [timeoutMs - now]
            if let term = termSentAtMs, !killSent { deadlines.append(graceMs - (now - term)) }
            if let exited = exitedAtMs, !killSent { deadlines.append(drainPeriod.milliseconds - (now - exited)) }
            if killSent, status != nil { deadlines.append(100) }
            // Without SIGCHLD we notice the exit by polling waitpid.
            deadlines.append(status == nil ? (openPipes.isEmpty ? 10 : 50) : 50)
            let waitMs = Int32(max(0, min(deadlines.min()!, 1000)))
            var fds = openPipes.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            fds.append(pollfd(fd: wake.read, events: Int16(POLLIN), revents: 0))
            let ready = poll(&fds, nfds_t(fds.count), waitMs)
            if ready < 0 && errno != EINTR { break }
            if fds.last!.revents != 0 {
                while read(wake.read, &wakeBuffer, wakeBuffer.count) > 0 {}
            }
            var stillOpen: [(fd: Int32, stream: OutputChunk.Stream)] = []
            var largestRead = 0
            for (i, entry) in openPipes.enumerated() {
                guard fds[i].revents != 0 else {
                    stillOpen.append(entry)
                    continue
                }
                var n = 0
                // A flood's chunk is read straight into the array the events carry (no copy);
                // a small one is copied out, so a chunk never holds a megabyte for a few bytes.
                var bytes = [UInt8](unsafeUninitializedCapacity: Self.readSize) { buffer, initialized in
                    n = read(entry.fd, buffer.baseAddress, buffer.count)
                    initialized = max(0, n)
                }
                largestRead = max(largestRead, n)
                if n > 0, n < Self.readSize / 2 { bytes = bytes.withUnsafeBufferPointer { [UInt8]($0) } }
                if n > 0 {
                    if let file, file.append(bytes) {
                        let note =
                            "\n[runbook: the full-output file reached its limit of \(file.limit / (1024 * 1024)) MiB; later output is not in it]\n"
                        tail.append(Array(note.utf8))
                        events(.output(OutputChunk(stream: .stderr, bytes: Array(note.utf8), atMs: elapsedMs())))
                    }
                    total += n
                    tail.append(bytes)
                    events(.output(OutputChunk(stream: entry.stream, bytes: bytes, atMs: elapsedMs())))
                    stillOpen.append(entry)
                } else if n < 0 && (errno == EINTR || errno == EAGAIN) {
                    stillOpen.append(entry)
                } else {
                    close(entry.fd)
                }
            }
            openPipes = stillOpen
            // A flood (a read of 32 KiB or more): let a millisecond of it gather in the
            // 1 MiB pipe, so it is read, written and shown in a few big chunks rather
            // than many small ones (a third of the CPU per byte); a trickle is not delayed.
            if largestRead >= 32 * 1024 { usleep(1000) }
        }
        file?.finish()  // the file is whole before the result says where it is
        // Nothing the command started may outlive it, in its group or out of it.
        signalGroup(SIGKILL)
        for entry in openPipes { close(entry.fd) }
        Escapees.stop(of: id, grace: request.gracePeriod)
        if abandonedOutput {
            tail.append(
                Array(
                    "\n[runbook: a process left the command's group and still holds its output; it was no longer read]\n"
                        .utf8))
        }

        var exitCode: Int32?
        var signal: Int32?
        if let raw = status {
            if raw & 0x7f == 0 { exitCode = (raw >> 8) & 0xff } else { signal = raw & 0x7f }
        }
        return RecordedResult(
            exitCode: exitCode, signal: signal, durationMs: exitedAtMs ?? elapsedMs(),
            timedOut: timedOut, cancelled: cancelled && !timedOut,
            output: String(decoding: tail.bytes, as: UTF8.self), outputBytes: total,
            outputFile: request.outputFile)
    }
}

extension RunningProcess {
    /// The most one read takes: the size of the pipe the command writes to.
    static let readSize = 1 << 20
}

/// The last `limit` bytes seen, in amortised constant time per byte.
struct TailBuffer {
    let limit: Int
    private var storage: [UInt8] = []

    init(limit: Int) { self.limit = limit }

    mutating func append(_ bytes: [UInt8]) {
        if bytes.count >= limit {  // a flood's chunk replaces it all: copy only what stays
            storage = Array(bytes.suffix(limit))
            return
        }
        storage.append(contentsOf: bytes)
        if storage.count > 2 * limit { storage.removeFirst(storage.count - limit) }
    }

    var bytes: [UInt8] { Array(storage.suffix(limit)) }
}

/// How much of a command's output its full-output file may hold: the
/// request's limit (1 GiB by default), and never the last 256 MiB of free
/// space on the file's disk, which is the journal's too.
enum OutputFileLimit {
    static let reserve = 256 * 1024 * 1024

    static func bytes(for request: CommandRequest) -> Int {
        guard let path = request.outputFile else { return 0 }
        var info = statvfs()
        let folder = (path as NSString).deletingLastPathComponent
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return request.outputFileLimit }
        let free = Int(info.f_bavail) * Int(info.f_frsize)
        return max(0, min(request.outputFileLimit, free - reserve))
    }
}
