import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// Update with in-memory clients: a whole walk is driven by actions alone,
/// and the journal client receives exactly the records the walk implies, in
/// order, each before the state that shows it.
struct UpdateJournalTests {
    static let runbook: Runbook = {
        let text = """
            runbook: journaled
            title: Every kind of event
            match:
              - label: { alertname: HostDown }
            variables:
              host: { from: alert.hostname, ask: Host? }
              ns: { ask: Namespace of the service? }
            start: look
            steps:
              look:
                title: Look at the host
                run: uptime {{host}}
                outcomes:
                  ok: { label: fine, when: { output_contains: load }, next: forward }
                  bad: { label: bad, next: done }
              forward:
                title: Port-forward
                run: { command: 'kubectl port-forward -n {{ns}} svc/x 8080', background: true }
                next: check
              check:
                title: Check through the tunnel
                next: done
              done: { title: Done, end: resolved }
            """
        let load = RunbookLoader().load(text: text, path: "journaled.yaml")
        precondition(load.isValid, "\(load.diagnostics)")
        return load.runbook!
    }()

    @Test func aWholeWalkJournalsWhatItShowsInOrder() throws {
        let journal = MemoryJournal()
        var h = Harness(library: [Self.runbook], journal: { journal })
        h.state.picker.alert = Alert(labels: ["alertname": "HostDown", "hostname": "10.0.0.7"])
        h.send(.enter)  // open: started, host from the alert
        h.send(.enter)  // run uptime
        h.finishCommand(" 03:12 up 41 days, load average: 0.5\n")
        h.send(.enter)  // take the suggestion: ok
        #expect(h.state.overlay.map { if case .prompt = $0 { true } else { false } } == true, "ns is asked for")
        h.type("armada")
        h.send(.enter)  // ns typed
        h.send(.char("b"))  // back to look: its result is still there
        h.send(.enter)  // the suggestion again: ok
        h.send(.enter)  // start the port-forward (background)
        let forward = try #require(h.state.walk?.run?.id)
        h.send(.enter)  // a background command does not hold the walk: on to check
        h.send(.char("c"))
        h.type("tunnel up")
        h.send(.enter)  // a note
        h.send(.enter)  // on to done
        let effects = h.effects.count
        h.send(.enter)  // end: the job is stopped with the walk
        #expect(h.effects[effects...].contains { if case .cancel(forward) = $0 { true } else { false } })
        h.act(
            .command(
                id: forward,
                .finished(RecordedResult(exitCode: nil, signal: 15, durationMs: 900, cancelled: true, output: ""))))

        let types = journal.records.map(\.event.name)
        #expect(
            types == [
                "started", "variable-set", "command-started", "command-finished", "outcome-chosen",
                "variable-set", "went-back", "outcome-chosen", "command-started", "outcome-chosen",
                "note-added", "outcome-chosen", "ended", "command-finished"
            ])
        // What the state holds is exactly what reached the journal, in the same order.
        #expect(h.session?.records == journal.records)
        #expect(journal.records.map(\.seq) == Array(1...journal.records.count))
        #expect(journal.records.allSatisfy { $0.operator == "alice" })
    }

    @Test func aRefusedAppendLeavesTheStateAsItWas() throws {
        final class Refusing: JournalSink, @unchecked Sendable {
            var refuse = false
            var records: [JournalRecord] = []
            func append(_ record: JournalRecord) throws {
                if refuse { throw JournalError("disk full") }
                records.append(record)
            }
        }
        let journal = Refusing()
        var h = Harness(library: [Self.runbook], journal: { journal })
        h.state.picker.alert = Alert(labels: ["alertname": "HostDown", "hostname": "10.0.0.7"])
        h.send(.enter)
        let before = try #require(h.session)
        journal.refuse = true
        h.send(.char("2"))  // choose "bad": refused by the journal
        #expect(h.session?.records == before.records)
        #expect(h.session?.frame == before.frame)
        #expect(h.state.status?.contains("disk full") == true)
        #expect(journal.records.count == before.records.count)
    }
}

extension UpdateJournalTests {
    /// Enter at a step with one way on and no command goes on at once, even while the
    /// suggestion is still being worked out (a key typed ahead is not dropped).
    @Test func enterAtAOneWayStepDoesNotWaitForTheSuggestion() throws {
        var h = Harness()
        h.openSeed()
        h.send(.enter)  // node-exporter: the suggestion
        h.send(.enter)  // tugboat: the suggestion
        #expect(h.state.walk?.session.frame?.step == "chlorine-lookup")
        let key = try #require(h.state.walk?.session.suggestionKey)
        h.state.walk?.suggestion = SuggestionState(key: key, pending: true)
        h.send(.enter)
        #expect(h.state.walk?.session.frame?.step != "chlorine-lookup", "\(h.state.status ?? "")")
    }
}
