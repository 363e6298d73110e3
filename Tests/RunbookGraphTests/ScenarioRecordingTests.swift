import Foundation
import RunbookGraph
import Testing
import TestSupport

/// A real walk becomes a practice scenario that validates and that the same
/// path, walked again, scores 100 on.
struct ScenarioRecordingTests {
    static let runbook = DiskRunbook.runbook

    /// The incident: a secret typed, an edited command, a wrong turn gone back from, a note.
    static func incident() throws -> Session {
        var w = try Walker(Self.runbook, library: [Self.runbook], alert: AlertParser.parse("DiskFilling on db1"))
        try w.set("host", "db1")
        try w.set("token", "SECRET-TOKEN-123")
        try w.run(output: "/dev/sdb  100G  95G  5G  95% /data  (auth SECRET-TOKEN-123)\n", seconds: 2)
        try w.addNote("the logs are the usual suspect")
        try w.choose("full")
        try w.record(
            .commandStarted(
                step: "clean", command: "find /data/logs -mtime +3 -delete",
                suggested: "find /data/logs -mtime +7 -delete",
                host: nil))
        try w.record(
            .commandFinished(
                step: "clean", result: RecordedResult(exitCode: 0, durationMs: 4000, output: "deleted 12 files\n")))
        try w.choose("stuck")
        try w.goBack()
        try w.choose("done")
        try w.finish()
        return w.session
    }

    @Test func aWalkBecomesAScenarioThatValidatesAndScores100() throws {
        let session = try Self.incident()
        let recorded = try ScenarioRecording.record(
            session, id: "disk-db1", journal: "/j/disk.jsonl", redactor: try Transcript.redactor(for: session))
        let yaml = recorded.yaml
        #expect(!yaml.contains("SECRET-TOKEN-123"), "secrets never reach the scenario")
        #expect(yaml.contains("  host: db1"))
        #expect(!yaml.contains("  token:"), "a secret answer is left out")
        #expect(yaml.contains("path: [usage, clean, resolved]"), "the final path, not the detour")
        #expect(yaml.contains("ending: resolved"))
        #expect(recorded.notes.contains { $0.contains("token is secret") })

        let loaded = RunbookLoader.scenario(
            RunbookLoader().load(text: yaml, path: "disk-db1.yaml"), runbooks: [Self.runbook])
        #expect(loaded.isValid, "\(loaded.diagnostics)\n\(yaml)")
        let scenario = try #require(loaded.scenario)
        #expect(scenario.recordings["usage"]?.duration == RunDuration(milliseconds: 2000))
        #expect(
            scenario.commands["find /data/logs -mtime +3 -delete"]?.output == "deleted 12 files\n",
            "the edited command by its exact text")
        #expect(scenario.recordings["clean"] == nil, "its step has no recording of the suggested command")
        #expect(
            scenario.explanations["clean"]?.hasPrefix("In the incident the walk went on to 'escalate' from here")
                == true)
        #expect(scenario.hints["usage"] == "From the incident: the logs are the usual suspect")

        // The same path, in practice: every command answered from the recording.
        var practice = try Walker(
            Self.runbook, library: [Self.runbook], alert: scenario.alert, overrides: scenario.answers, mode: .practice)
        try practice.set("token", "asked-again")
        let usage = try #require(
            scenario.recording(
                step: "usage", command: practice.session.suggestedCommand!,
                suggested: practice.session.suggestedCommand!))
        try practice.run(output: usage.output, seconds: usage.duration.seconds)
        #expect(practice.session.suggestion?.outcome == "full", "the recording takes the expected outcome")
        try practice.choose("full")
        try practice.choose("done")
        try practice.finish()
        #expect(Debrief(session: practice.session, scenario: scenario).score == 100)
    }

    @Test func practiceAndDryRunWalksAreNotRecorded() throws {
        let w = try Walker(Self.runbook, library: [Self.runbook], alert: Alert(), mode: .dryRun)
        #expect(throws: ScenarioRecording.Refused.self) {
            try ScenarioRecording.record(w.session, id: "x", journal: "j", redactor: try Redactor())
        }
    }
}

/// A past walk read back from its records, with and without its runbook.
struct PastWalkTests {
    @Test func aWalkWhoseRunbookIsGoneStillReadsAsFarAsItsRecordsGo() throws {
        let session = try ScenarioRecordingTests.incident()
        let full = try #require(
            PastWalk(journal: "j", records: session.records, library: ["disk": ScenarioRecordingTests.runbook]))
        #expect(full.path == ["usage", "clean", "resolved"])
        #expect(full.visits.map(\.step) == ["usage", "clean", "escalate", "clean", "resolved"])
        #expect(full.status == .resolved && !full.partial)
        let partial = try #require(PastWalk(journal: "j", records: session.records, library: [:]))
        #expect(partial.partial)
        #expect(partial.path == ["usage", "clean"], "the steps the records name")
        #expect(partial.status == .resolved)
        #expect(PastWalk(journal: "j", records: Array(session.records.dropFirst()), library: [:]) == nil)
    }
}
