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
        #expect(
            labels.contains { $0.hasPrefix("worker_ip = 10.176.31.239") && $0.hasSuffix("(from the alert)") },
            "\(labels)")
        #expect(
            labels.contains { $0.hasPrefix("carrier_no = 1") && $0.hasSuffix("(derived from the alert)") }, "\(labels)")
        #expect(labels.contains { $0.hasSuffix("(not set yet)") }, "\(labels)")
    }
}

/// A long step text can be read in full: with the room of the output pane before
/// anything has run, and with `t` in a box that scrolls.
struct LongTextTests {
    @Test func tShowsTheWholeTextAndItScrolls() throws {
        let paragraphs = (1...30).map { "Paragraph \($0) of what to check before running the command." }.joined(
            separator: "\n\n")
        let yaml = """
            runbook: long
            title: Long
            start: read
            steps:
              read:
                title: Read all of this
                text: |
            \(paragraphs.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n"))
                run: echo done
                next: end
              end: { title: End, end: resolved }
            """
        let runbook = try #require(RunbookLoader().load(text: yaml, path: "long.yaml").runbook)
        var h = Harness(width: 60, height: 16, library: [runbook])
        h.send(.enter)
        #expect(h.screen.contains("t: the whole text"), "\(h.screen)")
        h.send(.char("t"))
        guard case .notice(let title, let text, _)? = h.state.overlay else { Issue.record("no text box"); return }
        #expect(title == "Read all of this" && text.contains("Paragraph 30 of what to check"))
        #expect(!h.screen.contains("Paragraph 30"))
        for _ in 0..<10 { h.send(.char(" ")) }
        #expect(h.screen.contains("Paragraph 30"), "Space scrolls to the end:\n\(h.screen)")
        h.send(.escape)
        #expect(h.state.overlay == nil)
    }
}

/// A runbook with an error is left out of the library, but never silently.
struct LibraryProblemsTests {
    @Test func thePickerCountsAndListsTheFilesLeftOut() {
        var h = Harness(width: 100, height: 30)
        h.env.catalog.problems = ["left out of the library: runbooks/typo.yaml:3:1: error: unknown key 'stpes'"]
        #expect(h.screen.contains("1 file left out: ! lists it"))
        h.send(.char("!"))
        #expect(h.screen.contains("unknown key 'stpes'"))
        h.send(.escape)
        h.type("ty")
        h.send(.char("!"))
        #expect(h.state.picker.filter == "ty!", "with a filter, ! is typed")
    }
}
