import Foundation
import Testing
@testable import RunbookGraph

struct SanitiserTests {
    @Test(arguments: HostileText.samples)
    func forPeopleLeavesNothingRaw(_ text: String) {
        let shown = DisplayText.forPeople(text)
        #expect(HostileText.raw(in: shown).isEmpty, "\(shown.debugDescription)")
        #expect(shown != text, "the sample should have been changed")
    }

    @Test(arguments: HostileText.samples)
    func theOutputPaneLeavesNothingRaw(_ text: String) {
        #expect(HostileText.raw(in: DisplayText.line(Array(text.utf8))).isEmpty)
    }

    @Test func linesAndTabsStayAndCRLFBecomesLF() {
        #expect(DisplayText.forPeople("a\tb\r\nc\n") == "a\tb\nc\n")
        #expect(DisplayText.forPeople("x\u{1b}[31my") == "x\\e[31my")
        #expect(DisplayText.escaped("a\nb\u{202e}") == "a\\nb\\u{202E}")
    }
}
