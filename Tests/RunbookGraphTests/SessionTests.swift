import Foundation
import Testing
@testable import RunbookGraph

struct SessionTests {
    let seed = try! #require(RunbookLoader().load(path: Paths.seed).runbook)
    let alert = AlertParser.parse(SeedWalkTests.title + "\n" + SeedWalkTests.labelBody)

    @Test func goingBackIsRecordedNotErased() throws {
        var w = try Walker(seed, alert: alert)
        try w.choose("other-service")
        try w.choose("carrier")
        #expect(w.step == "chlorine-lookup")
        try w.goBack()
        #expect(w.step == "tugboat")
        try w.goBack()
        #expect(w.step == "node-exporter")
        #expect(w.session.backTarget == nil)
        #expect(throws: SessionError.self) { try w.goBack() }
        #expect(
            w.session.visits.map(\.step) == ["node-exporter", "tugboat", "chlorine-lookup", "tugboat", "node-exporter"])
        #expect(w.session.visits[2].exit == .wentBack)
        #expect(w.session.path == ["armada-scrape-failure/node-exporter"])
        try w.choose("other-service")
        #expect(w.session.path == ["armada-scrape-failure/node-exporter", "armada-scrape-failure/tugboat"])
        #expect(w.session.records.filter { $0.event.name == "went-back" }.count == 2)
    }

    @Test func skipNeedsAReasonAndIsRecorded() throws {
        var w = try Walker(seed, alert: alert)
        try w.choose("other-service"); try w.choose("carrier")
        try w.skip(along: "done", reason: "Chlorine is down")
        #expect(w.step == "calico")
        #expect(w.session.visits[2].exit == .skipped(outcome: "done", reason: "Chlorine is down"))
    }

    @Test func invalidEventsAreRefusedAndNotJournaled() throws {
        let journal = MemoryJournal()
        var w = try Walker(seed, alert: alert, journal: journal)
        let before = journal.records.count
        #expect(throws: SessionError("step 'node-exporter' has no outcome 'nope'")) { try w.choose("nope") }
        #expect(throws: SessionError.self) { try w.set("carrier_no", "many") }
        #expect(throws: SessionError.self) { try w.set("worker_ip", "not-an-ip") }
        #expect(journal.records.count == before)
        #expect(w.step == "node-exporter")
    }

    @Test func typedValuesAreCheckedAndDerivationsFollow() throws {
        var w = try Walker(seed, alert: Alert(title: "page"))
        #expect(w.session.values(of: seed.id)["worker_ip"] == nil)
        try w.set("carrier", "prod-fra02-carrier104")
        #expect(w.session.values(of: seed.id)["carrier_no"] == "104")
        #expect(w.session.variableSources[seed.id]?["carrier_no"] == .derived)
    }

    @Test func missingVariablesOfAStep() throws {
        var w = try Walker(seed, alert: alert)
        try w.choose("other-service"); try w.choose("carrier"); try w.choose("done")
        #expect(w.session.missingVariables.map(\.name) == ["calico_ns"])
        #expect(
            w.session.suggestedCommand
                == "kubectl get pods -n {{calico_ns}} -l k8s-app=calico-node -o wide | grep 10.176.31.239")
    }

    @Test func hostileAlertValuesAreQuotedInCommands() throws {
        let hostile = Alert(labels: [
            "hostname": "10.0.0.1", "instance": "10.0.0.1:9100",
            "pod_name": "x$(touch /tmp/pwned)`id`;rm -rf /"
        ])
        var w = try Walker(seed, alert: hostile)
        try w.choose("other-service")
        try w.set("carrier", "prod-dal10-carrier1")
        try w.choose("carrier"); try w.choose("done")
        try w.set("calico_ns", "kube-system")
        try w.run(output: "")
        try w.choose("running")
        try w.choose("other")
        // The listing names a pod whose name is itself an attack: captured, then quoted like any value.
        try w.run(output: "armada   x$(touch${IFS}/tmp/pwned)`id`;rm   1/1   Running   0   3d\n")
        #expect(w.session.values(of: seed.id)["target_pod"] == "x$(touch${IFS}/tmp/pwned)`id`;rm")
        try w.choose("done")
        #expect(
            w.session.suggestedCommand?.hasPrefix("kubectl get pod 'x$(touch${IFS}/tmp/pwned)`id`;rm' --template=")
                == true)
    }

    @Test func notesKeepTheirStepAndAuthor() throws {
        var w = try Walker(seed, alert: alert, operatorName: "bob")
        try w.addNote("Paged at 03:12, acknowledged")
        #expect(w.session.notes.first?.step == "node-exporter")
        #expect(w.session.notes.first?.author == "bob")
    }

    @Test func timeboxesReportOverruns() throws {
        let text = """
            runbook: tb
            title: Timeboxed
            timebox: 10m
            start: a
            steps:
              a: { title: A, timebox: 2m, next: done }
              done: { title: Done, end: resolved }
            """
        let rb = try #require(RunbookLoader().load(text: text, path: "tb.yaml").runbook)
        let w = try Walker(rb, alert: Alert())
        let started = try #require(w.session.startedAt)
        #expect(w.session.timeboxOverruns(now: started + 60).isEmpty)
        #expect(w.session.timeboxOverruns(now: started + 180).map(\.scope) == [.step("a")])
        #expect(w.session.timeboxOverruns(now: started + 700).map(\.scope) == [.runbook("tb"), .step("a")])
    }

    @Test func linkedRunbookInTheLibraryIsEnteredAndReturnsToThen() throws {
        let calico = try #require(
            RunbookLoader().load(
                text: """
                    runbook: armada-network-calico-node-troubleshooting
                    title: Calico node troubleshooting
                    variables:
                      worker_ip: { from: alert.hostname }
                    start: restart
                    steps:
                      restart:
                        title: 'Restart calico-node on {{worker_ip}}'
                        outcomes:
                          fixed: { next: fixed }
                          not-fixed: { next: escalate }
                      fixed: { title: Fixed, end: resolved }
                      escalate: { title: Escalate to networking, end: escalated, to: networking squad }
                    """, path: "calico.yaml"
            ).runbook)
        var w = try Walker(seed, library: [seed, calico], alert: alert)
        try w.choose("other-service"); try w.choose("carrier"); try w.choose("done")
        try w.set("calico_ns", "kube-system")
        try w.run(output: "calico-node-x 0/1 CrashLoopBackOff")
        try w.choose("broken")
        #expect(w.session.runbook?.id == "armada-network-calico-node-troubleshooting")
        #expect(w.session.values(of: calico.id)["worker_ip"] == "10.176.31.239")
        #expect(w.session.rendered(w.session.step!.title) == "Restart calico-node on 10.176.31.239")
        try w.choose("fixed")
        #expect(w.session.endAction == .returnFrom(runbook: calico.id, to: "calico-fixed"))
        try w.finish()
        #expect(w.session.runbook?.id == seed.id)
        #expect(w.step == "calico-fixed")
        #expect(w.session.stack.count == 1)
    }
}
