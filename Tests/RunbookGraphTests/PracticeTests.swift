import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime

/// Practice mode: scripted walks of the bundled scenarios, the score, the
/// validation of scenarios, and that nothing is ever executed.
struct PracticeTests {
    static let library = Library.load(paths: [Paths.runbooks.path])
    static let scenarioNames = library.scenarios.map(\.id).sorted()

    static func scenario(_ id: String) throws -> Scenario {
        try #require(library.scenarios.first { $0.id == id })
    }

    /// Walks `scenario` as a trainee: replays recordings, and at each step takes
    /// `choose(step)` (default: the way the expected path goes).
    static func walk(
        _ scenario: Scenario, hints: [String] = [],
        choose: (Step, Session) -> String? = { _, _ in nil }
    ) throws -> Session {
        let runbook = try #require(library.runbooks.first { $0.id == scenario.runbook })
        var w = try Walker(
            runbook, library: library.runbooks, alert: scenario.alert, overrides: scenario.answers,
            mode: .practice, operatorName: "trainee")
        let replay = ReplayRunner(scenario: scenario)
        var guardCount = 0
        while !w.session.isEnded, guardCount < 100 {
            guardCount += 1
            if w.session.phase == .atLink {
                try w.follow()
                continue
            }
            if w.session.endAction != nil {
                try w.finish()
                continue
            }
            let session = w.session
            let step = try #require(session.step)
            if hints.contains(step.id) { try w.record(.hintShown(step: step.id)) }
            if let plan = session.commandPlan() {
                try w.record(
                    .commandStarted(step: step.id, command: plan.command, suggested: plan.suggested, host: plan.host))
                try w.record(
                    .commandFinished(step: step.id, result: replay.result(for: plan.request(ExecutionConfig()))))
                // Practice captures from the recorded output, as a live walk does from the real one.
                if let reading = w.session.captureReading {
                    try w.recorder.keepCaptured(reading.values, in: &w.session)
                }
            }
            let outcome: String
            if let custom = choose(step, w.session) {
                outcome = custom
            } else {
                let index = try #require(scenario.expectedPath.firstIndex(of: step.id))
                let next = index + 1 < scenario.expectedPath.count ? scenario.expectedPath[index + 1] : nil
                let ways = step.outcomes.filter { next == nil ? ($0.next.stepID == nil) : $0.next.stepID == next }
                let suggested = w.session.suggestion?.outcome
                outcome = try #require(ways.first { $0.id == suggested }?.id ?? ways.first?.id)
            }
            try w.choose(outcome)
        }
        return w.session
    }

    @Test func thereAreSixScenarios() {
        #expect(Self.scenarioNames.count >= 6)
        #expect(Self.library.allDiagnostics.isEmpty, "\(Self.library.allDiagnostics)")
    }

    @Test(arguments: scenarioNames)
    func aPerfectWalkScores100(_ id: String) throws {
        let scenario = try Self.scenario(id)
        let session = try Self.walk(scenario)
        let debrief = Debrief(session: session, scenario: scenario)
        #expect(debrief.takenPath == scenario.expectedPath)
        #expect(debrief.divergences.isEmpty)
        #expect(debrief.ending == scenario.expectedEnding?.rawValue)
        #expect(debrief.score == 100)
    }

    /// The pod and its port come from the recorded output: the port-forward the
    /// trainee runs uses them, not the alert's scrape port.
    @Test func practiceCapturesFromTheRecordedOutput() throws {
        let session = try Self.walk(try Self.scenario("crashlooping-pod"))
        let commands = session.records.compactMap { r -> String? in
            if case .commandStarted(_, let command, _, _) = r.event { command } else { nil }
        }
        #expect(commands.contains("kubectl port-forward -n armada armada-api-5867d86996-5fgc2 8080"), "\(commands)")
        #expect(session.variableSources["armada-scrape-failure"]?["port"] == .captured)
    }

    /// Practice counts the time the recorded commands took: 46 minutes of watching
    /// top runs the runbook's 45-minute time-box out at once. Each snooze costs,
    /// and the debrief says how soon the trainee escalated.
    @Test func escalationIsScoredByHowSoonItCame() throws {
        let scenario = try Self.scenario("memory-hunt")
        let runbook = try #require(Self.library.runbooks.first { $0.id == scenario.runbook })
        var w = try Walker(
            runbook, library: Self.library.runbooks, alert: scenario.alert, overrides: scenario.answers,
            mode: .practice, operatorName: "trainee")
        let replay = ReplayRunner(scenario: scenario)
        func runRecorded() throws {
            let step = try #require(w.step)
            let plan = try #require(w.session.commandPlan())
            try w.record(.commandStarted(step: step, command: plan.command, suggested: plan.suggested, host: plan.host))
            try w.record(.commandFinished(step: step, result: replay.result(for: plan.request(ExecutionConfig()))))
        }
        try w.choose("other-service"); try w.choose("carrier"); try w.choose("done")
        try runRecorded(); try w.choose("running")
        try w.choose("deadline")
        try runRecorded(); try w.choose("slow")
        try runRecorded(); try w.choose("running")
        try runRecorded(); try w.choose("done")
        #expect(w.session.timeboxPrompt(now: w.clock.read()) == nil, "45 minutes have not passed yet")
        try runRecorded()  // top: recorded as 46 minutes
        let prompt = try #require(
            w.session.timeboxPrompt(now: w.clock.read()), "the recorded time runs the time-box out")
        #expect(prompt.scope == .runbook("armada-scrape-failure"))
        try w.record(.timeboxPassed(scope: prompt.scope, limit: prompt.limit))
        try w.record(.timeboxSnoozed(scope: prompt.scope, duration: .seconds(60)))
        w.clock.advance(120)
        try w.record(.timeboxEscalated(scope: prompt.scope, to: "the owning squad"))
        try w.choose("high-memory")
        try runRecorded(); try w.choose("component")
        try w.finish()
        let debrief = Debrief(session: w.session, scenario: scenario)
        #expect(debrief.divergences.isEmpty)
        #expect(debrief.timeboxPrompts == 1 && debrief.snoozes == 1)
        #expect((debrief.escalatedAfterMs ?? 0) >= 120_000)
        #expect(debrief.score == 100 - Debrief.perSnooze)
        #expect(debrief.markdown().contains("Time-box: ran out 1 time(s) · snoozed 1 time(s) · escalated 2m"))
    }

    @Test func oneWrongTurnAndOneHintScoreByTheFormula() throws {
        let scenario = try Self.scenario("http-404")
        // A trainee takes a wrong turn at the targets page, sees where it leads, goes back.
        let runbook = try #require(Self.library.runbooks.first { $0.id == scenario.runbook })
        var w = try Walker(
            runbook, library: Self.library.runbooks, alert: scenario.alert, overrides: scenario.answers,
            mode: .practice, operatorName: "trainee")
        try w.choose("other-service"); try w.choose("carrier"); try w.choose("done")
        try w.run(output: scenario.recordings["calico"]!.output)
        try w.choose("running")
        try w.record(.hintShown(step: "open-targets"))
        try w.choose("deadline")  // the wrong turn
        try w.goBack()
        try w.choose("http-404")
        try w.finish()
        let debrief = Debrief(session: w.session, scenario: scenario)
        #expect(
            debrief.divergences == [
                Debrief.Divergence(
                    step: "open-targets", expectedNext: "escalate-404", took: "time-curl",
                    explanation: scenario.explanations["open-targets"])
            ])
        #expect(debrief.hintsUsed == 1)
        #expect(debrief.commandsRun == debrief.commandsNeeded)
        #expect(debrief.score == 100 - Debrief.perWrongTurn - Debrief.perHint)
        #expect(debrief.score == 75)
        #expect(
            debrief.markdown().contains(
                "At `open-targets` you went to `time-curl`; the expected way was `escalate-404`."))
    }

    @Test func scenarioValidationPointsAtTheProblem() throws {
        let folder = Paths.fixtures.appendingPathComponent("scenarios").path
        let library = Library.load(paths: [
            Paths.runbooks.appendingPathComponent("armada-scrape-failure.yaml").path, folder
        ])
        let messages = library.allDiagnostics.map {
            "\(($0.location.file as NSString).lastPathComponent):\($0.location.line):\($0.location.column): \($0.message)"
        }
        #expect(
            messages == [
                "broken.yaml:8:3: the recording of step 'calico' does not match outcome 'running' (output matches /1/1\\s+Running/), which the expected path takes to 'open-targets'",
                "broken.yaml:10:3: recording for step 'calicoo', which is not a step of runbook 'armada-scrape-failure'; did you mean 'calico'?",
                "impossible.yaml:6:9: the expected path goes from 'node-exporter' to 'calico', but no outcome of 'node-exporter' leads there"
            ])
    }

    @Test func nothingIsEverExecuted() throws {
        let dir = try TemporaryFolder()
        let marker = dir.url.appendingPathComponent("touched").path
        let runbook = try #require(
            RunbookLoader().load(
                text: """
                    runbook: toucher
                    title: Touch
                    start: a
                    steps:
                      a: { title: Touch a file, run: 'touch \(marker)', next: done }
                      done: { title: Done, end: resolved }
                    """, path: "toucher.yaml"
            ).runbook)
        let scenario = Scenario(
            id: "s", title: "S", path: "s.yaml", runbook: "toucher", runbookLocation: .file("s"),
            alertText: "x", answers: [:],
            recordings: ["a": .init(output: "", exitCode: 0, duration: .seconds(1), location: .file("s"))],
            commands: [:], expectedPath: ["a", "done"], expectedPathLocation: .file("s"),
            expectedEnding: .resolved, hints: [:], explanations: [:], location: .file("s"))
        let runner = ReplayRunner(scenario: scenario, speedUp: 1000)
        var w = try Walker(runbook, alert: Alert(), mode: .practice)
        for edited in [nil, "touch \(marker) # edited"] {
            let plan = try #require(w.session.commandPlan(edited: edited))
            let result = try runner.start(plan.request(ExecutionConfig()), events: { _ in }).wait()
            #expect(result.output == (edited == nil ? "" : ReplayRunner.noRecording))
        }
        #expect(!runner.executes)
        #expect(!FileManager.default.fileExists(atPath: marker))
        try w.choose("done")
    }
}
