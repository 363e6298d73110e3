import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook bench-events`: what one journaled event costs through `App.update`
/// at the start of a walk and once it holds 20,000 events, against the
/// recorder called directly on a session in the same run. The walk goes round
/// a loop (run the check, its output, its end, choose "again"), journaling
/// into memory so that only update's own work is measured. Hidden.
struct EventBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-events", shouldDisplay: false)

    @Option(help: "Events in the walk before the second measurement.") var events = 20_000
    @Option(help: "Rounds of the loop measured each time (4 events each).") var rounds = 500

    static let runbook: Runbook = {
        let text = """
            runbook: loop
            title: A loop of checks
            start: check
            steps:
              check:
                title: Check the host
                run: uptime
                outcomes:
                  again: { when: { output_contains: load }, next: check }
                  done: { next: done }
              done: { title: Done, end: resolved }
            """
        return RunbookLoader().load(text: text, path: "loop.yaml").runbook!
    }()

    func run() throws {
        let env = AppEnvironment.inMemory(library: [Self.runbook], operatorName: "bench")
        var state = AppState(width: 120, height: 40, screen: .picker, now: Date())
        App.enter(&state, try env.startWalk(Self.runbook, Alert(), [:]), env: env)
        let early = measureUpdate(&state, env: env)
        while (state.walk?.session.records.count ?? 0) < events { round(&state, env: env) }
        let late = measureUpdate(&state, env: env)
        var session = try Recorder(journal: MemoryJournal(), operatorName: "bench").start(
            Self.runbook, library: [Self.runbook], alert: Alert())
        let direct = try measureRecorder(&session)
        print("one journaled event (µs, median of \(rounds) rounds of 4 events):")
        print(String(format: "  recorder on a session (baseline)   %7.2f", direct))
        print(String(format: "  App.update at the start of a walk  %7.2f  (%.2fx the baseline)", early, early / direct))
        print(String(format: "  App.update at %6d events         %7.2f  (%.2fx the start)", events, late, late / early))
    }

    /// One round of the loop as the operator drives it: Enter runs, output streams, it ends, 1 chooses "again".
    func round(_ state: inout AppState, env: AppEnvironment) {
        let id = state.nextRunID
        _ = App.update(&state, .key(.enter), env: env)
        _ = App.update(
            &state,
            .command(id: id, .output(OutputChunk(stream: .stdout, bytes: Array(" load average: 0.5\n".utf8), atMs: 1))),
            env: env)
        _ = App.update(
            &state,
            .command(id: id, .finished(RecordedResult(exitCode: 0, durationMs: 3, output: " load average: 0.5\n"))),
            env: env)
        _ = App.update(&state, .key(.char("1")), env: env)
    }

    func measureUpdate(_ state: inout AppState, env: AppEnvironment) -> Double {
        var times: [Double] = []
        for _ in 0..<rounds {
            let before = state.walk?.session.records.count ?? 0
            let start = DispatchTime.now().uptimeNanoseconds
            round(&state, env: env)
            let journaled = max(1, (state.walk?.session.records.count ?? 0) - before)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(journaled))
        }
        return times.sorted()[times.count / 2]
    }

    func measureRecorder(_ session: inout Session) throws -> Double {
        let recorder = Recorder(journal: MemoryJournal(), operatorName: "bench")
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            try recorder.record(
                .commandStarted(step: "check", command: "uptime", suggested: "uptime", host: nil), in: &session)
            try recorder.record(
                .commandFinished(
                    step: "check",
                    result: RecordedResult(
                        exitCode: 0, durationMs: 3,
                        output: " load average: 0.5\n")), in: &session)
            try recorder.choose("again", suggestion: nil, note: nil, in: &session)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / 3)
        }
        return times.sorted()[times.count / 2]
    }
}
