import Foundation
import RunbookGraph

/// The runtime: one thread owns curses; commands report from their own
/// threads through a queue and a wake-up pipe polled together with the
/// keyboard, so the screen never freezes while a command streams.
final class EventLoop {
    private var state: AppState
    private let env: AppEnvironment
    private let defaultRunner: any CommandRunner
    /// Practice walks replay their scenario; others use the runner given.
    private var runner: any CommandRunner {
        state.walk?.scenario.map { ReplayRunner(scenario: $0) } ?? defaultRunner
    }
    private let backend: any TerminalBackend
    private var handles: [Int: any RunningCommand] = [:]
    private let inbox = Inbox()

    init(state: AppState, env: AppEnvironment, runner: any CommandRunner, backend: (any TerminalBackend)? = nil) {
        TerminalGuard.install()
        Escapees.becomeSubreaper()
        self.backend = backend ?? CursesBackend(color: state.display.color)
        var state = state
        let size = self.backend.size
        state.width = size.width
        state.height = size.height
        self.state = state
        self.env = env
        self.defaultRunner = runner
    }

    /// Runs until the operator quits or a signal asks to; returns the final state.
    func run() -> AppState {
        var lastTick = Date()
        // A walk opened before the loop (a resume) needs its suggestion too.
        if let suggest = App.refreshSuggestion(&state) { perform(suggest) }
        while !state.quitting {
            backend.draw(Render.screen(state, env: env))
            var fds = [pollfd(fd: backend.inputDescriptor, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: inbox.wakeRead, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: TerminalGuard.signalPipe.read, events: Int16(POLLIN), revents: 0)]
            _ = poll(&fds, nfds_t(fds.count), 250)
            if fds[2].revents != 0, TerminalGuard.takeSignal() {
                dispatch(.key(.char("q")), quitNow: true)
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

    private func dispatch(_ action: Action, quitNow: Bool = false) {
        if quitNow {
            state.quitting = true
            return
        }
        if case .command(let id, .finished) = action {
            if let group = handles[id]?.processGroup { TerminalGuard.untrack(group: group) }
            handles[id] = nil
        }
        for effect in App.update(&state, action, env: env) { perform(effect) }
    }

    private func perform(_ effect: Effect) {
        switch effect {
        case .suggest(let key):
            guard let session = state.walk?.session else { return }
            let inbox = self.inbox
            BudgetedWork.shared.run({ session.suggestion }) { suggestion in
                inbox.post(.suggested(key: key, suggestion ?? nil, tooSlow: suggestion == nil))
            }
        case .start(let id, let plan):
            let shell = state.walk?.session.runbook?.shell
            let inbox = self.inbox
            do {
                let request = try plan.request(env.config, shell: shell, outputFile: outputFile(id: id, step: plan.step))
                let handle = try runner.start(request) { event in inbox.post(.command(id: id, event)) }
                handles[id] = handle
                if let group = handle.processGroup {
                    TerminalGuard.track(group: group)
                    dispatch(.commandSpawned(id: id, group: group))
                }
            } catch {
                dispatch(.commandFailed(id: id, "\(error)"))
            }
        case .startInteractive(let id, let plan) where !runner.executes:
            // Practice and dry runs never hand the terminal to anything: replay like any command.
            perform(.start(id: id, plan: plan))
        case .startInteractive(let id, let plan):
            let shell = state.walk?.session.runbook?.shell
            let request: CommandRequest
            do {
                request = try plan.request(env.config, shell: shell)
            } catch {
                dispatch(.commandFailed(id: id, "\(error)"))
                return
            }
            backend.suspend()
            let previous = signal(SIGINT, SIG_IGN)  // Ctrl-C belongs to the command now
            let result = Result { try InteractiveRunner.run(request, terminal: ControllingTerminal.descriptor) }
            signal(SIGINT, previous)
            // What the command printed stays on the screen until the operator has read it.
            let status = (try? result.get()).map { $0.exitCode.map { "exit \($0)" } ?? "ended by signal \($0.signal ?? 0)" } ?? "could not run"
            ControllingTerminal.waitForEnter("\r\n[runbook] \(status). Press Enter to return to the walk. ")
            backend.resume()
            switch result {
            case .success(let r): dispatch(.interactiveFinished(id: id, r))
            case .failure(let error): dispatch(.commandFailed(id: id, "\(error)"))
            }
        case .cancel(let id):
            handles[id]?.cancel()
        case .stopJob(let id):
            handles[id]?.cancel()
        case .copy(let text, let what):
            dispatch(.said(Clipboard.copy(text, what: what)))
        case .open(let url):
            dispatch(.said(Browser.open(url)))
        case .export(let path):
            guard let walk = state.walk else { return }
            do {
                var transcript = Transcript(session: walk.session, redactor: try Transcript.redactor(for: walk.session))
                transcript.debrief = walk.scenario.map { Debrief(session: walk.session, scenario: $0) }
                let written = try ExportFile.write(transcript.markdown() + "\n", to: path, replace: false)
                dispatch(.exported(path: written))
            } catch {
                dispatch(.exportFailed("\(error)"))
            }
        case .suspend:
            // As a shell job: the terminal as it was, stop until `fg`, then redraw.
            backend.suspend()
            TerminalGuard.restore()
            let previous = signal(SIGTSTP, SIG_DFL)
            kill(getpid(), SIGTSTP)
            signal(SIGTSTP, previous)
            backend.resume()
        case .quit:
            break  // update has set `quitting`; the loop ends after this frame
        }
    }

    /// Full output beside the journal: `<journal>.d/<run>-<step>.out`.
    private func outputFile(id: Int, step: String) -> String? {
        guard let journal = state.walk?.journalPath else { return nil }
        let folder = journal + ".d"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        let seq = state.walk?.session.records.count ?? id
        return "\(folder)/\(seq)-\(step).out"
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
        Escapees.stop(grace: env.config.gracePeriod)
        backend.end()
        TerminalGuard.restore()
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
