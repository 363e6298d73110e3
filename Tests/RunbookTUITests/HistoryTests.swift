import Foundation
import RunbookGraph
import RunbookRuntime
import Testing

/// `runbook history` and `runbook stats` on 200 generated journals (and 10 in a
/// shared folder) whose contents are known, with damaged ones among them.
@Suite(.serialized)
struct HistoryTests {
    static let runbookText = DiskRunbook.text

    static let base = Date(timeIntervalSince1970: 1_795_000_000)

    /// Walk `i`: 30 to 120 s at `usage` (20 walks each), 60 s at `clean` when the disk
    /// is full (i % 4 != 0); walks 1, 21, 41… take "fine" against the suggestion "full".
    static func walk(
        _ i: Int, runbook: Runbook, to path: String, operator name: String, mode: SessionStart.Mode = .incident
    )
        throws
    {
        let clock = ManualClock()
        clock.advance(Double(i) * 3600)
        let recorder = Recorder(journal: try JournalWriter(path: path), operatorName: name, clock: clock.read)
        var session = try recorder.start(
            runbook, library: [runbook],
            alert: AlertParser.parse("Labels:\n- alertname = DiskFilling\n- instance = db\(i)"), mode: mode)
        let full = i % 4 != 0
        let command = session.suggestedCommand!
        try recorder.record(
            .commandStarted(step: "usage", command: command, suggested: command, host: nil), in: &session)
        clock.advance(Double(30 + (i % 10) * 10))
        let output = full ? "/dev/sdb 100G 95G 5G 95% /data\n" : "/dev/sdb 100G 40G 60G 40% /data\n"
        try recorder.record(
            .commandFinished(step: "usage", result: RecordedResult(exitCode: 0, durationMs: 500, output: output)),
            in: &session)
        let suggested = session.suggestion?.outcome
        let chosen = full && i % 20 != 1 ? "full" : "fine"
        try recorder.record(
            .outcomeChosen(step: "usage", outcome: chosen, suggested: suggested, reason: nil), in: &session)
        if chosen == "full" {
            clock.advance(60)
            try recorder.choose("done", in: &session)
        }
        try recorder.finishStep(in: &session)
    }

    @Test func historyAndStatsCountWhatTheJournalsHold() throws {
        let folder = try TemporaryFolder()
        let library = folder.url.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        try Self.runbookText.write(to: library.appendingPathComponent("disk.yaml"), atomically: true, encoding: .utf8)
        let runbook = try #require(RunbookLoader().load(text: Self.runbookText, path: "disk.yaml").runbook)
        let state = folder.url.appendingPathComponent("state/runbook")
        let shared = folder.url.appendingPathComponent("team/alice")
        for i in 0..<200 {
            try Self.walk(
                i, runbook: runbook, to: state.appendingPathComponent("disk-\(i).jsonl").path, operator: "op\(i % 3)")
        }
        for i in 200..<210 {
            try Self.walk(
                i, runbook: runbook, to: shared.appendingPathComponent("disk-\(i).jsonl").path, operator: "team")
        }
        try Self.walk(
            300, runbook: runbook, to: state.appendingPathComponent("practice.jsonl").path, operator: "trainee",
            mode: .practice)
        // Damaged: torn mid-line, a byte flipped, not a journal at all.
        let good = try Data(contentsOf: state.appendingPathComponent("disk-0.jsonl"))
        try good.prefix(good.count - 20).write(to: state.appendingPathComponent("torn.jsonl"))
        var flipped = good
        flipped[40] ^= 0x20
        try flipped.write(to: state.appendingPathComponent("flipped.jsonl"))
        try "hello, I am a shopping list\n".write(
            to: state.appendingPathComponent("list.jsonl"), atomically: true, encoding: .utf8)

        let environment = [
            "XDG_STATE_HOME": folder.url.appendingPathComponent("state").path, "RUNBOOK_JOURNALS": shared.path,
            "RUNBOOK_CONFIG": "/dev/null", "RUNBOOK_PATH": library.path,
            "XDG_CACHE_HOME": folder.url.appendingPathComponent("cache").path
        ]
        let history = try runProcess(Paths.binary, ["history", "--json"], environment: environment)
        #expect(history.status == 0, "\(history.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [String: Any])
        let walks = try #require(json["walks"] as? [[String: Any]])
        #expect(walks.count == 210, "200 here, 10 shared; the practice walk left out")
        #expect(
            (json["skipped"] as? [String])?.map { ($0 as NSString).lastPathComponent }.sorted() == [
                "flipped.jsonl", "list.jsonl", "torn.jsonl"
            ])
        #expect(
            walks.first?["journal"] as? String == shared.appendingPathComponent("disk-209.jsonl").path, "newest first")
        #expect(walks.first?["operators"] as? [String] == ["team"])
        #expect(walks.filter { $0["status"] as? String == "resolved" }.count == 210)
        let fullPaths = walks.filter { ($0["path"] as? [String]) == ["usage", "clean", "resolved"] }.count
        let expectedFull = (0..<210).filter { $0 % 4 != 0 && $0 % 20 != 1 }.count
        #expect(fullPaths == expectedFull)
        #expect(walks.last?["seconds"] as? Double == 30, "walk 0: 30 s at a disk that was fine")

        let all = try runProcess(Paths.binary, ["history", "--all", "--json"], environment: environment)
        #expect(
            ((try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])?["walks"] as? [Any])?
                .count == 211)

        let text = try runProcess(Paths.binary, ["history", "disk", "--limit", "2"], environment: environment)
        #expect(text.stdout.contains("team  disk  DiskFilling  resolved at resolved in 3m00s"), "\(text.stdout)")
        #expect(text.stdout.contains("usage › clean › resolved  (3 steps)"))
        #expect(text.stdout.contains("3 journals left out: damaged or torn"))

        let stats = try runProcess(Paths.binary, ["stats", "disk", "--json"], environment: environment)
        #expect(stats.status == 0, "\(stats.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(figures["walks"] as? Int == 210)
        let steps = try #require(figures["steps"] as? [[String: Any]])
        let usage = try #require(steps.first { $0["step"] as? String == "usage" })
        #expect(usage["reached"] as? Int == 210)
        // 21 walks each at 30, 40, … 120 s: the 105th of 210 is 70 s, the 189th 110 s.
        #expect(usage["medianSeconds"] as? Double == 70)
        #expect(usage["p90Seconds"] as? Double == 110)
        let fine = (0..<210).filter { $0 % 4 == 0 || $0 % 20 == 1 }.count
        #expect(usage["outcomes"] as? [String: Int] == ["fine": fine, "full": 210 - fine])
        #expect(usage["overrides"] as? [String: Int] == ["full → fine": (0..<210).filter { $0 % 20 == 1 }.count])
        let clean = try #require(steps.first { $0["step"] as? String == "clean" })
        #expect(clean["reached"] as? Int == 210 - fine)
        #expect(clean["medianSeconds"] as? Double == 60)
        #expect(clean["outcomes"] as? [String: Int] == ["done": 210 - fine])

        // triage remembers: walks of an alert with the same alertname (the label match: names).
        let triage = try runProcess(
            Paths.binary, ["triage", "-"], stdin: "Labels:\n- alertname = DiskFilling\n- instance = db999\n",
            environment: environment)
        #expect(triage.stdout.contains("   history: 210 earlier walks of an alert like this, last"), "\(triage.stdout)")
        #expect(triage.stdout.contains(": resolved at resolved in 3m00s"))

        let table = try runProcess(Paths.binary, ["stats", "disk"], environment: environment)
        #expect(table.stdout.contains("disk: 210 walks"))
        #expect(table.stdout.contains("usage: full → fine, 11 times"))
    }

    @Test func practiceHistoryShowsEachTraineesScoresOverTime() throws {
        let folder = try TemporaryFolder()
        let library = folder.url.appendingPathComponent("library")
        try FileManager.default.createDirectory(
            at: library.appendingPathComponent("practice"), withIntermediateDirectories: true)
        try Self.runbookText.write(to: library.appendingPathComponent("disk.yaml"), atomically: true, encoding: .utf8)
        let scenarioPath = library.appendingPathComponent("practice/disk-full.yaml").path
        try """
        scenario: disk-full
        title: The data disk is full
        runbook: disk
        alert: |
          Labels:
          - alertname = DiskFilling
          - instance = db1
        recordings:
          usage: { output: "/dev/sdb 100G 95G 5G 95% /data" }
        expected: { path: [usage, clean, resolved], ending: resolved }
        """.write(toFile: scenarioPath, atomically: true, encoding: .utf8)
        let runbook = DiskRunbook.runbook
        let state = folder.url.appendingPathComponent("state/runbook")
        // tina: a wrong turn first (80), then the expected path (100); tom: the expected path once.
        for (n, (trainee, wrong)) in [("tina", true), ("tina", false), ("tom", false)].enumerated() {
            let clock = ManualClock()
            clock.advance(Double(n) * 86_400)
            let path = state.appendingPathComponent("practice-\(n).jsonl").path
            let recorder = Recorder(journal: try JournalWriter(path: path), operatorName: trainee, clock: clock.read)
            let scenario = try Scenario.load(path: scenarioPath, runbookFolders: [library.path]).0
            var session = try recorder.start(
                runbook, library: [runbook], alert: scenario.alert, mode: .practice, scenario: scenarioPath)
            let command = session.suggestedCommand!
            try recorder.record(
                .commandStarted(step: "usage", command: command, suggested: command, host: nil), in: &session)
            try recorder.record(
                .commandFinished(step: "usage", result: scenario.recordings["usage"]!.result), in: &session)
            if wrong {
                try recorder.choose("fine", in: &session)
            } else {
                try recorder.choose("full", in: &session)
                try recorder.choose("done", in: &session)
            }
            try recorder.finishStep(in: &session)
        }
        let environment = [
            "XDG_STATE_HOME": folder.url.appendingPathComponent("state").path, "RUNBOOK_JOURNALS": "",
            "RUNBOOK_CONFIG": "/dev/null", "RUNBOOK_PATH": library.path,
            "XDG_CACHE_HOME": folder.url.appendingPathComponent("cache").path
        ]
        let text = try runProcess(Paths.binary, ["practice", "--history"], environment: environment)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "tina: 2 walks of 1 scenario")
        #expect(lines[1].hasSuffix("disk-full   80/100  ended resolved"), "\(text.stdout)")
        #expect(lines[2].hasSuffix("disk-full  100/100  ended resolved"))
        #expect(lines[3] == "tom: 1 walk of 1 scenario")
        let json = try runProcess(Paths.binary, ["practice", "--history", "--json"], environment: environment)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["score"] as? Int } == [80, 100, 100])
        #expect(rows.map { $0["trainee"] as? String } == ["tina", "tina", "tom"])
    }
}
