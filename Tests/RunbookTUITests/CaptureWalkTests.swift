import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// Captures in the walk: kept and said, picked from several, asked for when the output gave none.
struct CaptureWalkTests {
    static let runbook: Runbook = {
        let text = """
            runbook: cap
            title: Capture
            start: list
            steps:
              list:
                title: List the pods
                run: kubectl get pods
                capture: { regex: '(?m)^(?<pod>\\S+)\\s+\\d+/\\d+' }
                next: forward
              forward:
                title: Forward
                run: kubectl port-forward {{pod}} 8080
                next: done
              done: { title: Done, end: resolved }
            """
        let load = RunbookLoader().load(text: text, path: "cap.yaml")
        precondition(load.isValid, "\(load.diagnostics)")
        return load.runbook!
    }()

    func walkToListing(_ output: String) -> Harness {
        var h = Harness(width: 120, height: 30, library: [Self.runbook])
        h.send(.enter)  // open
        h.send(.enter)  // run the listing
        h.finishCommand(output)
        return h
    }

    @Test func oneValueIsKeptAndSaid() {
        var h = walkToListing("api-1   1/1   Running\n")
        #expect(h.session?.values(of: "cap")["pod"] == "api-1")
        #expect(h.state.status == "Captured from the output: pod = api-1")
        #expect(h.session?.records.last?.event == .variableSet(name: "pod", value: "api-1", source: .captured))
        h.send(.enter)
        #expect(h.session?.suggestedCommand == "kubectl port-forward api-1 8080")
    }

    @Test func severalValuesAreOfferedToPick() {
        var h = walkToListing("api-1   1/1   Running\napi-2   0/1   CrashLoopBackOff\n")
        guard case .prompt(let prompt)? = h.state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(prompt.title == "Which pod? The output of 'list' holds 2")
        #expect(prompt.choices.map(\.value) == ["api-1", "api-2"])
        h.send(.down, .enter)
        #expect(h.session?.values(of: "cap")["pod"] == "api-2")
    }

    @Test func noMatchIsSaidAndAskedForOnce() {
        var h = walkToListing("No resources found in default namespace.\n")
        guard case .prompt(let prompt)? = h.state.overlay else {
            Issue.record("no question")
            return
        }
        #expect(prompt.detail?.hasPrefix("not captured: nothing in the output matches") == true)
        h.send(.escape)
        #expect(h.state.overlay == nil)
        // Worked out again (a variable changed): not asked a second time.
        h.act(.suggested(key: h.state.walk!.suggestion.key!, h.session!.reading))
        #expect(h.state.overlay == nil)
        h.send(.enter)  // on to forward: it needs the value, so it asks
        guard case .prompt(let again)? = h.state.overlay, case .variable("pod") = again.purpose else {
            Issue.record("forward does not ask for the pod")
            return
        }
        h.type("api-9")
        h.send(.enter)
        #expect(h.session?.suggestedCommand == "kubectl port-forward api-9 8080")
    }

    @Test func leavingWaitsUntilTheOutputIsRead() {
        var h = Harness(width: 120, height: 30, library: [Self.runbook])
        h.send(.enter, .enter)
        // The command ends, but its reading has not come back from the worker yet.
        let id = h.state.walk!.run!.id
        _ = App.update(
            &h.state, .command(id: id, .finished(RecordedResult(exitCode: 0, durationMs: 5, output: "api-1  1/1\n"))),
            env: h.env)
        h.send(.char("1"))
        #expect(h.state.status == "Still reading the values out of the output…")
        #expect(h.session?.frame?.step == "list")
    }
}
