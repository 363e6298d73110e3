import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

struct PickerPracticeTests {
    @Test func pickerOffersScenariosAndStartsPractice() throws {
        let library = Library.load(paths: [Paths.runbooks.path])
        var h = Harness()
        var env = h.env
        env.catalog = LibraryCatalog(runbooks: library.runbooks, scenarios: library.scenarios)
        env.startPractice = { card in
            let scenario = try env.catalog.scenario(card)
            let runbook = library.runbooks.first { $0.id == scenario.runbook }!
            let session = try Recorder(journal: MemoryJournal(), operatorName: "trainee")
                .start(
                    runbook, library: library.runbooks, alert: scenario.alert, overrides: scenario.answers,
                    mode: .practice)
            var walk = WalkState(session: session, journalPath: nil)
            walk.scenario = scenario
            return walk
        }
        for c in "crashloop" { _ = App.update(&h.state, .key(.char(c)), env: env) }
        #expect(Render.screen(h.state, env: env).text.contains("Practice: calico-node in CrashLoop"))
        _ = App.update(&h.state, .key(.enter), env: env)
        #expect(h.state.walk?.scenario?.id == "calico-crashloop")
        #expect(h.state.walk?.session.start?.mode == .practice)
        #expect(Render.screen(h.state, env: env).text.hasPrefix(" PRACTICE "))
    }

    @Test func filterFindsRunbooksByServiceAndTag() {
        var h = Harness()
        h.type("etcd")
        #expect(Picker.entries(h.state, env: h.env).count == 1, "the seed is tagged etcd")
        h.send(.backspace, .backspace, .backspace, .backspace)
        h.type("armada")
        #expect(Picker.entries(h.state, env: h.env).count == 1, "its service is armada")
        h.send(.backspace, .backspace, .backspace, .backspace, .backspace, .backspace)
        h.type("no-such-tag")
        #expect(Picker.entries(h.state, env: h.env).isEmpty)
    }
}
