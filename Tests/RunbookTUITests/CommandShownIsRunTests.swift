import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// The command line the walk shows is, byte for byte, the command the runner
/// gets: both come from ShellTemplate's one segmentation of the template.
struct CommandShownIsRunTests {
    static let runbook: Runbook = {
        let text = """
            runbook: shown
            title: Shown
            variables:
              v: { ask: Value? }
            start: look
            steps:
              look:
                title: Look
                run: echo {{v}} "in {{v}}" 'and {{v}}'
                next: done
              done: { title: Done, end: resolved }
            """
        return RunbookLoader().load(text: text, path: "shown.yaml").runbook!
    }()

    @Test(arguments: ["plain", "it's", #"$(touch PWNED) `id` "q" \n"#, "a b\tc", "-rf", "ünïcode ✓"])
    func theLineShownIsTheCommandRun(_ value: String) throws {
        var h = Harness(width: 200, height: 30, library: [Self.runbook])
        h.state.picker.overrides = ["v": value]
        h.send(.enter)
        let plan = try #require(h.session?.commandPlan())
        let line = try #require(h.screen.split(separator: "\n").first { $0.contains("$ ") })
        let shown = String(line[line.range(of: "$ ")!.upperBound...]).trimmingCharacters(in: .whitespaces)
        // The screen draws a control character as its picture (a tab as ␉), never raw.
        let pictured = String(
            String.UnicodeScalarView(
                plan.command.unicodeScalars.map {
                    $0.value < 0x20 ? Unicode.Scalar(0x2400 + $0.value)! : $0
                }))
        #expect(shown == pictured)
        h.send(.enter)
        guard case .start(let launch)? = h.effects.last else {
            Issue.record("Enter did not start the command")
            return
        }
        #expect(launch.request.displayCommand == plan.command)
    }
}
