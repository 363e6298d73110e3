import Foundation
import RunbookGraph
import RunbookRuntime

/// The runtime: one thread owns the terminal; commands report from their own
/// threads through a queue and a wake-up pipe polled together with the
/// keyboard, so the screen never freezes while a command streams. It carries
/// out effects with what they hold and never reads the state to do so.
final class EventLoop {
    private var state: AppState
    private let env: AppEnvironment
    private let runtime: Runtime
    private let backend: any TerminalBackend
    /// The operating system's handles of the commands the state's registry
    /// lists as running, by the same ids; gone when their end is dispatched.
    private var handles: [Int: any RunningCommand] = [:]
    private let inbox = Inbox()

    init(state: AppState, env: AppEnvironment, runtime: Runtime, backend: any TerminalBackend) {
        self.backend = backend
        var state = state
        let size = backend.size
        state.width = size.width
        state.height = size.height
        self.state = state
        self.env = env
        self.runtime = runtime
    }

    /// Runs until the operator quits or a signal asks to; returns the final state.
    func run() -> AppState {
        var lastTick = Date()
        // A walk opened before the loop (a resume) needs its suggestion too; the inbox its first read.
        for effect in App.begin(&state, env: env) { perform(effect) }
        while !state.quitting {
            backend.draw(Render.screen(state, env: env))
            var fds = [
                pollfd(fd: backend.inputDescriptor, events: Int16(POLLIN), revents: 0),
                pollfd(fd: inbox.wakeRead, events: Int16(POLLIN), revents: 0),
                pollfd(fd: TerminalGuard.signalPipe.read, events: Int16(POLLIN), revents: 0)
            ]
            _ = poll(&fds, nfds_t(fds.count), 250)
            if fds[2].revents != 0, TerminalGuard.takeSignal() {
                state.quitting = true
                break
            }
            for input in backend.readInput() {
                switch input {
                case .key(let key): dispatch(.key(key))
                case .resize(let w, let h):
                    backend.forceRedraw()
                    dispatch(.resize(width: w, height: h))
                }
            }
            for action in inbox.drain() { dispatch(action) }
            if Date().timeIntervalSince(lastTick) >= 1 {
                lastTick = Date()
                dispatch(.tick)
            }
        }
        shutDown()
        return state
    }

    private func dispatch(_ action: Action) {
        if case .command(let id, .finished) = action {
            if let group = handles[id]?.processGroup { TerminalGuard.untrack(group: group) }
            handles[id] = nil
        }
        for effect in App.update(&state, action, env: env) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .suggest(let key, let session):
            let inbox = self.inbox
            BudgetedWork.shared.run({ session.reading }) { reading in
                inbox.post(.suggested(key: key, reading))
            }
        case .start(let launch):
            start(launch)
        case .cancel(let id):
            handles[id]?.cancel()
        case .copy(let text, let what):
            dispatch(.said(runtime.copy(text, what)))
        case .open(let url):
            dispatch(.said(runtime.open(url)))
        case .export(let session, let scenario, let path):
            do {
                let transcript = try Transcript.of(session, scenario: scenario)
                dispatch(.exported(path: try ExportFile.write(transcript.markdown() + "\n", to: path, replace: false)))
            } catch {
                dispatch(.exportFailed("\(error)"))
            }
        case .fetchAlerts, .createSilence, .expireSilence:
            talkToAlertmanager(effect)
        case .readHistory(let folders, let catalog, let index):
            let inbox = self.inbox
            DispatchQueue.global(qos: .utility).async {
                let history = JournalHistory.read(folders: folders, catalog: catalog, index: index)
                inbox.post(.historyRead(WalkMemory(history.walks)))
            }
        case .suspend:
            backend.suspend()
            runtime.suspend()
            backend.resume()
        case .quit:
            break  // update has set `quitting`; the loop ends after this frame
        }
    }

    private func start(_ launch: CommandLaunch) {
        let runner = launch.replay.map { ReplayRunner(scenario: $0) } ?? runtime.runner
        // Practice and dry runs never hand the terminal to anything: replay like any command.
        if launch.interactive, runner.executes {
            backend.suspend()
            let result = runtime.interactive(launch.request)
            backend.resume()
            switch result {
            case .success(let r): dispatch(.interactiveFinished(id: launch.id, r))
            case .failure(let error): dispatch(.commandFailed(id: launch.id, "\(error)"))
            }
            return
        }
        if let file = launch.request.outputFile {
            try? FileManager.default.createDirectory(
                atPath: (file as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let inbox = self.inbox
        do {
            let handle = try runner.start(launch.request) { event in inbox.post(.command(id: launch.id, event)) }
            handles[launch.id] = handle
            if let group = handle.processGroup {
                TerminalGuard.track(group: group)
                dispatch(.commandSpawned(id: launch.id, group: group))
            }
        } catch {
            dispatch(.commandFailed(id: launch.id, "\(error)"))
        }
    }

    /// Alertmanager is asked on a worker thread; the answer comes back as an action.
    private func talkToAlertmanager(_ effect: Effect) {
        let inbox = self.inbox
        guard let client = runtime.alertmanager else {
            inbox.post(.silenceFailed("No Alertmanager is configured."))
            return
        }
        DispatchQueue.global(qos: .userInitiated).async {
            switch effect {
            case .fetchAlerts(let catalog):
                switch client.alerts() {
                case .success(let alerts):
                    let candidates = catalog.triageRunbooks(for: alerts.map { $0.alert(from: client.address) })
                    inbox.post(.alertsRead(AlertInbox(alerts, library: candidates, address: client.address)))
                case .failure(let error): inbox.post(.alertsFailed("\(error)"))
                }
            case .createSilence(let request):
                switch client.createSilence(request) {
                case .success(let id): inbox.post(.silenceCreated(request, address: client.address, id: id))
                case .failure(let error): inbox.post(.silenceFailed("Could not create the silence: \(error)"))
                }
            case .expireSilence(let id):
                switch client.expireSilence(id) {
                case .success: inbox.post(.silenceExpired(id: id))
                case .failure(let error): inbox.post(.silenceFailed("Could not expire silence \(id): \(error)"))
                }
            default: break
            }
        }
    }

    /// Stops every command still running (recording it), then gives the terminal back.
    private func shutDown() {
        inbox.close()
        for (id, handle) in handles.sorted(by: { $0.key < $1.key }) {
            handle.cancel()
            let result = handle.wait()
            for action in inbox.drain() { dispatch(action) }
            dispatch(.command(id: id, .finished(result)))
        }
        runtime.stopEscapees()
        backend.end()
    }
}

/// Actions posted from other threads, and the pipe that wakes the loop.
///
/// Output is bounded: consecutive chunks of one command's stream are joined
/// into one action, and once `outputLimit` bytes wait for the UI, the
/// command's reader waits too, so its pipe fills and the command blocks
/// rather than memory growing without end.
final class Inbox: @unchecked Sendable {
    /// Small enough that one turn of the loop handles it in a few milliseconds.
    static let outputLimit = 256 * 1024

    private let condition = NSCondition()
    private var actions: [Action] = []
    private var outputBytes = 0
    private var closed = false
    let wakeRead: Int32
    private let wakeWrite: Int32

    init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC); _ = fcntl(fd, F_SETFL, O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    func post(_ action: Action) {
        condition.lock()
        if case .command(let id, .output(let chunk)) = action {
            while outputBytes >= Self.outputLimit && !closed { condition.wait() }
            if closed {  // shutting down: nothing will show it
                condition.unlock()
                return
            }
            outputBytes += chunk.bytes.count
            if case .command(let lastID, .output(var last))? = actions.last, lastID == id, last.stream == chunk.stream {
                last.bytes += chunk.bytes
                actions[actions.count - 1] = .command(id: id, .output(last))
                condition.unlock()
                return  // the loop is already woken for the chunk it joins
            }
        }
        actions.append(action)
        condition.unlock()
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    func drain() -> [Action] {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &buffer, buffer.count) > 0 {}
        condition.lock()
        defer { condition.unlock() }
        let out = actions
        actions.removeAll()
        outputBytes = 0
        condition.broadcast()
        return out
    }

    /// From now on output is dropped and nothing waits (the loop is shutting down).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
