import RunbookGraph
import Testing
@testable import RunbookTUI

struct GraphOverlayTests {
    /// Up and down move through the outline as drawn; Enter goes back to a visited step.
    @Test func selectionFollowsTheDrawnRows() throws {
        var h = Harness()
        h.openSeed()
        h.send(.enter, .enter, .char("g"))  // at chlorine-lookup
        let rows = GraphOutline.lines(Harness.seed)
        guard case .graph(let start)? = h.state.overlay else { Issue.record("no graph overlay"); return }
        #expect(rows[start].step == "chlorine-lookup")
        h.send(.up)
        guard case .graph(let up)? = h.state.overlay else { Issue.record("graph closed"); return }
        #expect(up == start - 1)
        #expect(rows[up].step == "tugboat")
        h.send(.enter)
        #expect(h.session?.frame?.step == "tugboat")
        #expect(h.session?.records.last?.event.name == "went-back")
    }
}
