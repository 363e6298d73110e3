import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
@testable import RunbookTUI
import TestSupport

/// The event loop carrying out effects, on the in-memory terminal with a
/// scripted runner and fake clipboard and terminal hand-over: no tmux, no
/// processes. Journals and transcripts are real files in a temporary folder.
@Suite(.serialized)
struct EffectInterpreterTests {
    static func runbook(_ run: String) -> Runbook {
        let text = """
            runbook: probe
            title: Probe
            start: look
            steps:
              look:
                title: Look at the host
                run: \(run)
                outcomes:
                  ok: { label: fine, when: { output_contains: load }, next: done }
                  bad: { label: bad, next: done }
              done: { title: All done, end: resolved }
            """
        let load = RunbookLoader().load(text: text, path: "probe.yaml")
        precondition(load.isValid, "\(load.diagnostics)")
        return load.runbook!
    }

    /// Runs `runbook` in the real event loop until `drive` (on another thread) has typed `q`.
    static func walk(
        _ runbook: Runbook, folder: TemporaryFolder, runtime: Runtime,
        drive: @escaping @Sendable (HeadlessBackend) -> Void
    ) throws -> (AppState, HeadlessBackend, String) {
        var program = Program(options: try UIOptions.parse([]), library: [runbook])
        let journal = folder.url.appendingPathComponent("walk.jsonl").path
        program.journalPath = journal
        var env = program.environment(practice: false)
        env.memory = .none
        var state = program.initialState(environment: ["LANG": "C.UTF-8"])
        App.enter(&state, try program.startWalk(runbook, alert: Alert(), overrides: [:]), env: env)
        let backend = HeadlessBackend(width: 100, height: 30)
        let typist = Thread { drive(backend) }
        typist.start()
        let final = EventLoop(state: state, env: env, runtime: runtime, backend: backend).run()
        #expect(backend.missedFrames.isEmpty, "never shown: \(backend.missedFrames); last frame:\n\(backend.screen)")
        return (final, backend, journal)
    }

    static func fakeRuntime(
        _ runner: any CommandRunner,
        interactive: @escaping (CommandRequest) -> Result<RecordedResult, any Error> = { _ in
            .failure(ExecutionError("no terminal here"))
        }
    ) -> Runtime {
        Runtime(
            runner: runner, interactive: interactive, copy: { "Copied \($1) (fake)." },
            open: { "Opened \($0) (fake)." },
            suspend: {}, stopEscapees: {})
    }

    @Test func startRunsExactlyTheJournaledRequestAndExportWritesTheTranscript() throws {
        let folder = try TemporaryFolder()
        let runner = ScriptedRunner(output: " 03:12 up 41 days, load average: 0.10\n")
        let (final, backend, journal) = try Self.walk(
            Self.runbook("uptime"), folder: folder, runtime: Self.fakeRuntime(runner)
        ) { b in
            b.waitForFrame(containing: "Look at the host")
            b.type(.char("y"))  // copy: the runtime's line comes back as the status
            b.waitForFrame(containing: "Copied the command (fake).")
            b.type(.enter)  // run
            b.waitForFrame(containing: "exit 0")
            b.waitForFrame(containing: "Enter accepts")  // the suggestion is worked out off the loop's thread
            b.type(.enter)  // the suggestion: fine
            b.waitForFrame(containing: "All done")
            b.type(.enter)  // end
            b.waitForFrame(containing: "resolved")
            b.type(.char("x"))  // export
            b.waitForFrame(containing: "walk.md")
            b.type(.char("q"))
        }
        #expect(backend.ended)
        let records = try JournalReader.read(path: journal).records
        #expect(
            records.map(\.event.name) == ["started", "command-started", "command-finished", "outcome-chosen", "ended"])
        // The runner got the request the journal names, with the output file the library computes.
        let request = try #require(runner.requests.first)
        #expect(request.displayCommand == "uptime")
        #expect(request.outputFile == CommandOutputFile.path(journal: journal, seq: records[1].seq, step: "look"))
        let transcript = try String(contentsOfFile: folder.url.appendingPathComponent("walk.md").path, encoding: .utf8)
        #expect(transcript.contains("Look at the host"))
        #expect(final.walk?.exportedPath?.hasSuffix("walk.md") == true)
    }

    @Test func cancelStopsTheCommandAndItsEndIsJournaled() throws {
        let folder = try TemporaryFolder()
        let runner = ScriptedRunner(output: "waiting…\n", holds: true)
        let (_, _, journal) = try Self.walk(
            Self.runbook("sleep 600"), folder: folder, runtime: Self.fakeRuntime(runner)
        ) { b in
            b.waitForFrame(containing: "Look at the host")
            b.type(.enter)
            b.waitForFrame(containing: "waiting…")
            b.type(.char("x"))  // cancel
            b.waitForFrame(containing: "cancelled")
            b.type(.char("q"))
        }
        #expect(runner.cancels == 1)
        let finished = try JournalReader.read(path: journal).records.compactMap {
            if case .commandFinished(_, let result) = $0.event { result } else { nil }
        }
        #expect(finished.count == 1)
        #expect(finished.first?.cancelled == true)
    }

    @Test func quittingStopsBackgroundJobsAndJournalsTheirEnd() throws {
        let folder = try TemporaryFolder()
        let runner = ScriptedRunner(output: "Forwarding from 127.0.0.1:8080\n", holds: true)
        let runbook = Self.runbook("{ command: 'kubectl port-forward svc/x 8080', background: true }")
        let (_, _, journal) = try Self.walk(runbook, folder: folder, runtime: Self.fakeRuntime(runner)) { b in
            b.waitForFrame(containing: "Look at the host")
            b.type(.enter)
            b.waitForFrame(containing: "Forwarding from")
            b.type(.char("q"))  // a job does not hold the walk: quit at once
        }
        #expect(runner.cancels == 1)
        let names = try JournalReader.read(path: journal).records.map(\.event.name)
        #expect(names == ["started", "command-started", "command-finished"], "the shutdown journals the job's end")
    }

    @Test func anInteractiveCommandGetsTheTerminalAndWhatItPrintedIsKept() throws {
        let folder = try TemporaryFolder()
        let runner = ScriptedRunner(output: "never used\n")
        let seen = Locked<[String]>([])
        let runtime = Self.fakeRuntime(runner) { request in
            seen.mutate { $0.append(request.displayCommand ?? "") }
            return .success(RecordedResult(exitCode: 0, durationMs: 40, output: "load average from top\n"))
        }
        let (_, backend, journal) = try Self.walk(Self.runbook("top"), folder: folder, runtime: runtime) { b in
            b.waitForFrame(containing: "Look at the host")
            b.type(.char("!"))  // with the whole terminal
            b.waitForFrame(containing: "load average from top")
            b.type(.char("q"))
        }
        #expect(seen.value == ["top"])
        #expect(runner.requests.isEmpty, "an interactive command is not run by the streaming runner")
        #expect(backend.suspensions == 1)
        let finished = try JournalReader.read(path: journal).records.compactMap {
            if case .commandFinished(_, let result) = $0.event { result } else { nil }
        }
        #expect(finished.first?.output == "load average from top\n")
    }
}

/// A runner that runs nothing: it prints its line, then ends with exit 0, or
/// (`holds`) waits until it is cancelled.
final class ScriptedRunner: CommandRunner, @unchecked Sendable {
    let output: String
    let holds: Bool
    private let state = Locked<(requests: [CommandRequest], cancels: Int)>(([], 0))

    init(output: String, holds: Bool = false) {
        self.output = output
        self.holds = holds
    }

    var requests: [CommandRequest] { state.value.requests }
    var cancels: Int { state.value.cancels }

    func start(
        _ request: CommandRequest, events: @escaping @Sendable (ExecutionEvent) -> Void
    ) throws -> any RunningCommand {
        state.mutate { $0.requests.append(request) }
        let handle = ScriptedHandle(events: events) { [state] in state.mutate { $0.cancels += 1 } }
        let output = self.output, holds = self.holds
        Thread {
            events(.output(OutputChunk(stream: .stdout, bytes: Array(output.utf8), atMs: 1)))
            if !holds { handle.finish(RecordedResult(exitCode: 0, durationMs: 5, output: output)) }
        }.start()
        return handle
    }
}

final class ScriptedHandle: RunningCommand, @unchecked Sendable {
    private let condition = NSCondition()
    private var result: RecordedResult?
    private let events: @Sendable (ExecutionEvent) -> Void
    private let onCancel: @Sendable () -> Void

    init(events: @escaping @Sendable (ExecutionEvent) -> Void, onCancel: @escaping @Sendable () -> Void) {
        self.events = events
        self.onCancel = onCancel
    }

    var processGroup: Int32? { nil }

    func cancel() {
        onCancel()
        finish(RecordedResult(exitCode: nil, signal: 15, durationMs: 7, cancelled: true, output: ""))
    }

    func finish(_ result: RecordedResult) {
        condition.lock()
        guard self.result == nil else { condition.unlock(); return }
        self.result = result
        condition.broadcast()
        condition.unlock()
        events(.finished(result))
    }

    func wait() -> RecordedResult {
        condition.lock()
        defer { condition.unlock() }
        while result == nil { condition.wait() }
        return result!
    }
}

final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func mutate(_ body: (inout Value) -> Void) { lock.lock(); body(&stored); lock.unlock() }
}
