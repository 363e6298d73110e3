import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// Earlier walks shown in the picker and at a decision, quietly, and never in practice.
struct MemoryTests {
    /// Walk `i` of the disk runbook for DiskFilling on `host`: full (clean → done) unless i is even.
    static func pastWalk(_ i: Int, host: String, alertname: String = "DiskFilling") throws -> PastWalk {
        var w = try Walker(
            DiskRunbook.runbook, library: [DiskRunbook.runbook],
            alert: AlertParser.parse("Labels:\n- alertname = \(alertname)\n- instance = \(host)"))
        w.clock.advance(Double(i) * 86_400)
        try w.run(output: i % 2 == 0 ? "40% /data\n" : "95% /data\n")
        try w.choose(i % 2 == 0 ? "fine" : "full")
        if i % 2 == 1 { try w.choose("done") }
        try w.finish()
        return try #require(
            PastWalk(journal: "j\(i)", records: w.session.records, library: ["disk": DiskRunbook.runbook]))
    }

    static func memory() throws -> WalkMemory {
        WalkMemory(
            try (0..<7).map { try pastWalk($0, host: "db\($0)") } + [try pastWalk(9, host: "x", alertname: "Other")])
    }

    @Test func theMemorySaysHowWalksOfALikeAlertEndedAndHowADecisionWent() throws {
        let memory = try Self.memory()
        #expect(WalkMemory.keyLabels(of: DiskRunbook.runbook) == ["alertname"])
        let alert = AlertParser.parse("Labels:\n- alertname = DiskFilling\n- instance = db99")
        let now = memory.walks[0].startedAt.addingTimeInterval(2 * 86_400)
        #expect(
            memory.summary(DiskRunbook.runbook, alert: alert, now: now)
                == "7 earlier walks of an alert like this, last 2 days ago: resolved at resolved in 6.0s")
        #expect(memory.choices(DiskRunbook.runbook, step: "usage") == "in 8 earlier walks: 4 took 'Fine', 4 'Full'")
        #expect(memory.choices(DiskRunbook.runbook, step: "escalate") == nil)
        let other = AlertParser.parse("Labels:\n- alertname = Unrelated")
        #expect(memory.summary(DiskRunbook.runbook, alert: other, now: now) == nil)
    }

    @Test func thePickerAndTheWalkShowItAndPracticeDoesNot() throws {
        var h = Harness(width: 100, height: 30, library: [DiskRunbook.runbook])
        h.act(.historyRead(try Self.memory()))
        h.state.picker.alert = AlertParser.parse("Labels:\n- alertname = DiskFilling\n- instance = db99")
        #expect(h.screen.contains("7 earlier walks of an alert like this, last"))
        h.send(.enter)
        h.type("secret")
        h.send(.enter)
        #expect(h.screen.contains("in 8 earlier walks: 4 took 'Fine', 4 'Full'"), "\(h.screen)")

        var practice = Harness(width: 100, height: 30, library: [DiskRunbook.runbook])
        practice.act(.historyRead(try Self.memory()))
        practice.state.picker.alert = AlertParser.parse("Labels:\n- alertname = DiskFilling\n- instance = db99")
        practice.send(.enter)
        practice.state.walk?.scenario =
            (RunbookLoader.scenario(
                RunbookLoader().load(
                    text: """
                        scenario: s
                        title: S
                        runbook: disk
                        alert: DiskFilling
                        expected: { path: [usage, resolved], ending: resolved }
                        """, path: "s.yaml"), runbooks: [DiskRunbook.runbook]
            ).scenario)
        #expect(!practice.screen.contains("earlier walks"))
    }

    @Test func theLoopAsksForTheHistoryOnlyWhenThereAreFolders() {
        var h = Harness()
        #expect(!App.begin(&h.state, env: h.env).contains { if case .readHistory = $0 { true } else { false } })
        h.env.historyFolders = ["/var/lib/runbook"]
        #expect(App.begin(&h.state, env: h.env).contains { if case .readHistory = $0 { true } else { false } })
    }
}
