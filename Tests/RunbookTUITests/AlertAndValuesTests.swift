import Testing
import RunbookGraph
@testable import RunbookTUI

/// `a` shows the alert the walk started from; `v` says where each value came from.
struct AlertAndValuesTests {
    @Test func aShowsTheAlert() {
        var h = Harness(width: 100, height: 30)
        h.openSeed()
        h.send(.char("a"))
        let screen = h.screen
        #expect(screen.contains("The alert"))
        #expect(screen.contains("alertname = KubernetesEndpointScrapeFailure"))
        #expect(screen.contains("pod_name = armada-api-5867d86996-5fgc2"))
        #expect(screen.contains("As pasted:"))
        h.send(.escape)
        #expect(h.state.overlay == nil)
    }

    @Test func vSaysWhereEachValueCameFrom() throws {
        var h = Harness(width: 120, height: 40)
        h.openSeed()
        h.send(.char("v"))
        guard case .prompt(let prompt)? = h.state.overlay else { Issue.record("no variables list"); return }
        let labels = prompt.choices.map(\.label)
        #expect(labels.contains { $0.hasPrefix("worker_ip = 10.176.31.239") && $0.hasSuffix("(from the alert)") }, "\(labels)")
        #expect(labels.contains { $0.hasPrefix("port = 9100") && $0.hasSuffix("(derived from the alert)") }, "\(labels)")
        #expect(labels.contains { $0.hasSuffix("(not set yet)") }, "\(labels)")
    }
}
