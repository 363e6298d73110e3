import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// Time-boxes: the prompt is journaled before it shows, blocks no key, and
/// escalating or snoozing is journaled; time counts from the journal.
struct TimeboxTests {
    static let runbook: Runbook = {
        let text = """
            runbook: boxed
            title: Boxed
            timebox: { after: 30m, to: the storage squad (#storage-oncall), url: 'https://pager.example/storage' }
            start: look
            steps:
              look:
                title: Look at the disks
                timebox: { after: 2m, to: the storage squad, snooze: 5m }
                outcomes:
                  fine: { label: Fine, next: done }
                  bad: { label: Bad, next: done }
              done: { title: Done, end: resolved }
            """
        let load = RunbookLoader().load(text: text, path: "boxed.yaml")
        precondition(load.isValid, "\(load.diagnostics)")
        return load.runbook!
    }()

    func events(_ h: Harness) -> [String] { h.session?.records.map(\.event.name) ?? [] }

    @Test func thePromptIsJournaledShownAndEscalationRecorded() throws {
        var h = Harness(width: 120, height: 30, library: [Self.runbook])
        h.send(.enter)
        h.act(.tick)
        #expect(!h.screen.contains("time-box"), "not before it runs out")
        h.clock.advance(150)
        h.act(.tick)
        #expect(events(h).last == "timebox-passed")
        #expect(
            h.screen.contains(
                "2m30s on step look, past its 2m time-box · E: escalate to the storage squad · z: snooze 5m"),
            "\(h.screen)")
        h.act(.tick)
        #expect(events(h).filter { $0 == "timebox-passed" }.count == 1, "journaled once")
        // The banner blocks nothing: a key still does what it does.
        h.send(.char("c"))
        guard case .prompt? = h.state.overlay else {
            Issue.record("c did not open the note")
            return
        }
        h.send(.escape)
        h.send(.char("E"))
        #expect(h.session?.records.last?.event == .timeboxEscalated(scope: .step("look"), to: "the storage squad"))
        guard case .notice(let title, let text, _)? = h.state.overlay else {
            Issue.record("no escalation notice")
            return
        }
        #expect(title == "Escalate" && text.contains("Escalate to: the storage squad"))
        h.send(.escape)
        #expect(!h.screen.contains("past its 2m time-box"), "escalated: the banner goes")
    }

    @Test func snoozeHidesThePromptForItsTime() {
        var h = Harness(width: 120, height: 30, library: [Self.runbook])
        h.send(.enter)
        h.clock.advance(130)
        h.act(.tick)
        h.send(.char("z"))
        #expect(h.session?.records.last?.event == .timeboxSnoozed(scope: .step("look"), duration: .seconds(300)))
        #expect(h.state.status == "Time-box prompt snoozed for 5m (recorded).")
        h.clock.advance(120)
        h.act(.tick)
        #expect(!h.screen.contains("past its"))
        h.clock.advance(200)
        h.act(.tick)
        #expect(h.screen.contains("past its 2m time-box"), "back after the snooze")
        #expect(events(h).filter { $0 == "timebox-passed" }.count == 1)
    }

    @Test func EAndZSayWhenNoTimeboxHasRunOut() {
        var h = Harness(width: 120, height: 30, library: [Self.runbook])
        h.send(.enter)
        h.send(.char("E"))
        #expect(h.state.status?.hasPrefix("No time-box has run out") == true)
        h.send(.char("z"))
        #expect(h.state.status == "No time-box prompt to snooze.")
    }

    /// A walk resumed later counts from when it began, as the journal says, not from the resume.
    @Test func aResumedWalkCountsFromTheJournal() throws {
        let journal = MemoryJournal()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let recorder = Recorder(journal: journal, operatorName: "alice", clock: { start })
        let session = try recorder.start(Self.runbook, library: [Self.runbook], alert: Alert())
        let resumed = try Session.replay(journal.records, library: [Self.runbook])
        let later = start.addingTimeInterval(31 * 60)
        #expect(resumed.timeboxOverruns(now: later).map(\.scope) == [.runbook("boxed"), .step("look")])
        #expect(session.timeboxPrompt(now: start.addingTimeInterval(60)) == nil)
    }

    @Test func theTranscriptTellsThePromptAndTheChoice() throws {
        var h = Harness(width: 120, height: 30, library: [Self.runbook])
        h.send(.enter)
        h.clock.advance(130)
        h.act(.tick)
        h.send(.char("z"))
        let transcript = try Transcript.of(try #require(h.session), scenario: nil).markdown()
        #expect(transcript.contains("Time-box of step look (2m) passed: prompted to escalate"))
        #expect(transcript.contains("Snoozed the time-box prompt of step look for 5m"))
    }
}
