import Foundation
import RunbookGraph
@testable import RunbookTUI
@_exported import TestSupport

let fixedStart = Date(timeIntervalSince1970: 1_795_000_000)

/// A clock that only moves when told.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time = fixedStart
    var read: @Sendable () -> Date {
        { [self] in
            lock.lock(); defer { lock.unlock() }; return time
        }
    }
    func advance(_ s: TimeInterval) { lock.lock(); time += s; lock.unlock() }
}

/// The app as the UI drives it, without a terminal: keys in, buffers out.
struct Harness {
    var state: AppState
    var env: AppEnvironment
    var effects: [Effect] = []
    let clock = ManualClock()

    static let seed: Runbook = {
        let text = try! String(contentsOfFile: Paths.seed, encoding: .utf8)
        return RunbookLoader().load(text: text, path: "runbooks/armada-scrape-failure.yaml").runbook!
    }()

    static let alertText = """
        bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239__armada-api_scrape_failure.us-south
        Labels:
        - alertname = KubernetesEndpointScrapeFailure
        - hostname = 10.176.31.239
        - instance = 10.176.31.239:9100
        - kubernetes_namespace = armada
        - pod_name = armada-api-5867d86996-5fgc2
        """

    init(
        width: Int = 80, height: Int = 24, color: Bool = true, ascii: Bool = false, library: [Runbook] = [Harness.seed],
        journal: @escaping () throws -> any JournalSink = { MemoryJournal() }
    ) {
        let clock = self.clock
        let open = OpenJournal()
        let catalog = LibraryCatalog(runbooks: library)
        env = AppEnvironment(
            catalog: catalog, open: { try catalog.runbook($0) },
            startWalk: { runbook, alert, overrides in
                let sink = try journal()
                let session = try Recorder(journal: sink, operatorName: "alice", clock: clock.read)
                    .start(runbook, library: library, alert: alert, overrides: overrides)
                open.sink = sink
                return WalkState(session: session, journalPath: "/var/lib/runbook/walk.jsonl")
            }, journal: open, operatorName: "alice", now: clock.read)
        state = AppState(width: width, height: height, screen: .picker, now: fixedStart)
        state.display = DisplayOptions(ascii: ascii, color: color)
    }

    mutating func send(_ keys: Key...) {
        for key in keys { apply(.key(key)) }
    }

    /// Updates, and works out suggestions at once as the runtime would (off its thread).
    private mutating func apply(_ action: Action) {
        let new = App.update(&state, action, env: env)
        effects += new
        for case .suggest(let key, _) in new {
            apply(.suggested(key: key, state.walk?.session.reading))
        }
    }

    mutating func type(_ text: String) {
        for c in text { send(.char(c)) }
    }

    mutating func act(_ action: Action) { apply(action) }

    /// Opens the seed for the example alert.
    mutating func openSeed() {
        state.picker.alert = AlertParser.parse(Self.alertText)
        send(.enter)
    }

    /// Answers a started command as the executor would.
    mutating func finishCommand(_ output: String, exit: Int32 = 0, ms: Int64 = 1200) {
        guard
            let id = effects.reversed().lazy.compactMap({ if case .start(let launch) = $0 { launch.id } else { nil } })
                .first
        else { return }
        act(.command(id: id, .output(OutputChunk(stream: .stdout, bytes: Array(output.utf8), atMs: 10))))
        clock.advance(Double(ms) / 1000)
        act(.command(id: id, .finished(RecordedResult(exitCode: exit, durationMs: ms, output: output))))
    }

    var screen: String { Render.screen(state, env: env).text }
    var session: Session? { state.walk?.session }
}
