import Testing
import RunbookGraph
@testable import RunbookTUI

/// Prompts edit as readline does.
struct LineEditTests {
    @Test func movesAndKills() {
        var e = LineEdit("kubectl get pods -n armada")
        e.wordLeft()
        #expect(e.cursor == 20)
        e.wordLeft()
        e.wordLeft()
        #expect(e.cursor == 12)
        e.killToEnd()
        #expect(e.string == "kubectl get ")
        e.insert("nodes")
        e.home()
        e.insert("sudo ")
        #expect(e.string == "sudo kubectl get nodes" && e.cursor == 5)
        e.wordRight()
        #expect(e.cursor == 12)
        e.killWordBack()
        #expect(e.string == "sudo  get nodes" && e.cursor == 5)
        e.deleteForward()
        e.left()
        e.backspace()
        #expect(e.string == "sud get nodes")
        e.end()
        e.killToStart()
        #expect(e.string.isEmpty && e.cursor == 0)
        e.backspace()
        e.left()
        #expect(e.string.isEmpty && e.cursor == 0)
    }

    /// The keys of the prompt's map, through the app: typing lands at the cursor.
    @Test func promptKeysEditAtTheCursor() {
        var h = Harness()
        h.openSeed()
        h.send(.char("c"))
        h.type("paged at 03:12")
        h.send(.alt("b"), .alt("b"), .alt("b"))  // back over "12", "03", to before "at"
        h.type("and acked ")
        h.send(.ctrl("e"), .ctrl("w"))
        h.type("3:12")
        h.send(.home, .delete, .char("P"), .right, .right, .right, .right, .char("-"))
        guard case .prompt(let prompt)? = h.state.overlay else { Issue.record("no prompt"); return }
        #expect(prompt.text == "Paged- and acked at 3:12")
        h.send(.end, .backspace, .enter)
        #expect(h.session?.records.last.map { "\($0.event)" }?.contains("Paged- and acked at 3:1") == true)
    }
}

/// What follows an Esc in one burst of input.
struct EscapeSequenceTests {
    static func keys(_ s: String) -> [Key] {
        var sequence: [UInt32] = []
        var out: [Key] = []
        for scalar in s.unicodeScalars {
            if EscapeSequence.continues(sequence, with: scalar.value) {
                sequence.append(scalar.value)
            } else {
                out += EscapeSequence.decode(sequence)
                out.append(.char(Character(scalar)))
                sequence = []
                return out  // the rest is ordinary input, read on its own
            }
        }
        return out + EscapeSequence.decode(sequence)
    }

    @Test func sequencesAndAlt() {
        #expect(Self.keys("") == [.escape])
        #expect(Self.keys("b") == [.alt("b")])
        #expect(
            Self.keys("[1~") == [.home] && Self.keys("[4~") == [.end] && Self.keys("OH") == [.home]
                && Self.keys("[F") == [.end])
        #expect(Self.keys("[3~") == [.delete] && Self.keys("[D") == [.left])
        #expect(Self.keys("[9~") == [.escape, .char("["), .char("9"), .char("~")])
        // Esc then a digit is two keys (Esc closed something, then a choice), never Alt-2.
        #expect(Self.keys("2") == [.escape, .char("2")])
        // A sequence ends at its final letter: what comes after is a key of its own.
        #expect(Self.keys("[Dx") == [.left, .char("x")])
    }
}

/// Copying and opening say what really happened.
struct ClipboardTests {
    @Test func osc52IsWrappedForTmux() {
        let plain = Clipboard.osc52("kubectl get pods", underTmux: false)
        #expect(plain == "\u{1b}]52;c;a3ViZWN0bCBnZXQgcG9kcw==\u{07}")
        let wrapped = Clipboard.osc52("kubectl get pods", underTmux: true)
        #expect(wrapped == "\u{1b}Ptmux;\u{1b}\u{1b}]52;c;a3ViZWN0bCBnZXQgcG9kcw==\u{07}\u{1b}\\")
    }

    @Test func noBrowserOverSSHSaysSo() {
        let said = Browser.open(
            "https://example.com", environment: ["PATH": "/nonexistent", "SSH_CONNECTION": "10.0.0.1 22 10.0.0.2 22"])
        #expect(said.contains("No browser") && said.contains("ssh session with no display"))
        #expect(Browser.opener(["PATH": "/usr/bin:/bin", "BROWSER": "/bin/true:firefox"]) == ["/bin/true"])
    }
}

/// OSC 8: the link screen marks its address, and the sequence can never be broken out of.
struct HyperlinkTests {
    @Test func theLinkScreenMarksTheWholeAddress() {
        var h = Harness(width: 60, height: 20)
        h.state.picker.alert = AlertParser.parse(
            "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de")
        h.send(.enter, .enter, .enter)
        let buffer = Render.screen(h.state, env: h.env)
        let url = h.session?.pendingLink?.url ?? ""
        #expect(!buffer.hyperlinks.isEmpty && buffer.hyperlinks.allSatisfy { $0.url == url })
        let bytes = String(decoding: buffer.hyperlinks[0].sequence(in: buffer, color: true), as: UTF8.self)
        #expect(
            bytes.hasPrefix("\u{1b}7\u{1b}[") && bytes.contains("\u{1b}]8;;\(url)\u{1b}\\")
                && bytes.hasSuffix("\u{1b}]8;;\u{1b}\\\u{1b}[0m\u{1b}8"))
    }

    @Test func unsafeAddressesAreNotLinked() {
        #expect(Hyperlink.safe("https://example.com/a?b=c#d") != nil)
        #expect(Hyperlink.safe("https://example.com/\u{1b}]52;c;x\u{07}") == nil)
        #expect(Hyperlink.safe("https://example.com/a b") == nil)
        var buffer = ScreenBuffer(width: 20, height: 2)
        buffer.put("click", x: 0, y: 0)
        buffer.link(x: 0, y: 0, length: 5, url: "https://x/\u{1b}\\evil")
        #expect(buffer.hyperlinks[0].sequence(in: buffer, color: false).isEmpty)
    }

    @Test func onlyWhereTheTerminalHasIt() {
        #expect(Hyperlink.supported(["TERM_PROGRAM": "iTerm.app"]))
        #expect(!Hyperlink.supported(["TERM": "xterm-256color"]))
        #expect(!Hyperlink.supported(["TERM_PROGRAM": "iTerm.app", "TMUX": "/tmp/x"]))
        #expect(Hyperlink.supported(["TMUX": "/tmp/x", "RUNBOOK_HYPERLINKS": "1"]))
        #expect(!Hyperlink.supported(["TERM": "kitty", "RUNBOOK_HYPERLINKS": "0"]))
    }
}
