import Foundation
import Testing
import RunbookGraph
@testable import RunbookTUI

/// Every screen rendered into a buffer at 80x24 and 160x48 and compared with
/// Snapshots/<name>-<size>.txt. To accept an intended change:
/// `UPDATE_SNAPSHOTS=1 swift test --filter SnapshotTests`, then review the diff.
struct SnapshotTests {
    /// Half a split screen, the classic terminal, a big one.
    static let sizes = [(60, 16), (80, 24), (160, 48)]

    /// Each screen at each size, in Unicode and in ASCII (`--ascii`, or a locale that is not
    /// UTF-8): the ASCII rendering must be pure ASCII, every glyph included.
    func check(_ name: String, _ build: (inout Harness) -> Void) throws {
        for (w, h) in Self.sizes {
            for ascii in [false, true] {
                var harness = Harness(width: w, height: h, ascii: ascii)
                build(&harness)
                let actual = harness.screen + "\n"
                let file = Paths.snapshots.appendingPathComponent("\(name)-\(w)x\(h)\(ascii ? "-ascii" : "").txt")
                if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
                    try actual.write(to: file, atomically: true, encoding: .utf8)
                }
                let expected = try String(contentsOf: file, encoding: .utf8)
                #expect(actual == expected, "\(file.lastPathComponent) differs")
                for line in actual.split(separator: "\n") { #expect(line.count <= w, "a line overflows \(w) columns") }
                if ascii {
                    let glyphs = Set(actual.unicodeScalars.filter { !$0.isASCII }.map { String($0) })
                    #expect(
                        glyphs.isEmpty,
                        "\(file.lastPathComponent) is not pure ASCII: \(glyphs.sorted().joined(separator: " "))")
                }
            }
        }
        // Styles too, at 80x24, in colour and in monochrome (where bold, dim and
        // reverse carry the meaning): an unstyled suggestion or a lost fallback fails.
        for color in [true, false] {
            var harness = Harness(width: 80, height: 24, color: color)
            build(&harness)
            let actual = Self.styleMap(Render.screen(harness.state, env: harness.env))
            let file = Paths.snapshots.appendingPathComponent("\(name)-80x24\(color ? "" : "-mono").styles")
            if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
                try actual.write(to: file, atomically: true, encoding: .utf8)
            }
            let expected = try String(contentsOf: file, encoding: .utf8)
            #expect(actual == expected, "\(file.lastPathComponent) differs")
        }
    }

    /// The buffer's styles as a grid of letters, one per cell, under a legend
    /// that names each letter's style (letters in order of first use; `.` is plain).
    static func styleMap(_ buffer: ScreenBuffer) -> String {
        var letters: [Style: Character] = [.plain: "."]
        var legend: [String] = [".  plain"]
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var grid: [String] = []
        for y in 0..<buffer.height {
            var row = ""
            for x in 0..<buffer.width {
                let style = buffer[x, y].style
                if letters[style] == nil {
                    let letter = letters.count - 1 < alphabet.count ? alphabet[letters.count - 1] : "?"
                    letters[style] = letter
                    legend.append("\(letter)  \(describe(style))")
                }
                row.append(letters[style]!)
            }
            grid.append(row)
        }
        return legend.joined(separator: "\n") + "\n\n" + grid.joined(separator: "\n") + "\n"
    }

    static func describe(_ style: Style) -> String {
        var words: [String] = []
        if style.fg != .default { words.append("fg=\(style.fg)") }
        if style.bg != .default { words.append("bg=\(style.bg)") }
        if style.bold { words.append("bold") }
        if style.dim { words.append("dim") }
        if style.reverse { words.append("reverse") }
        if style.underline { words.append("underline") }
        return words.joined(separator: " ")
    }

    @Test func picker() throws {
        try check("picker") { _ in }
    }

    /// Alertmanager's alerts, one silenced, one with escape sequences and a newline in its labels.
    @Test func alertsView() throws {
        try check("picker-alerts") { InboxTests.readAlerts(&$0) }
    }

    @Test func silencePrompt() throws {
        try check("prompt-silence") { h in
            InboxTests.readAlerts(&h)
            h.send(.down, .enter, .char("S"))
        }
    }

    @Test func pickerFilteredToNothing() throws {
        try check("picker-filtered") { $0.type("zzz") }
    }

    @Test func firstStepWithSuggestion() throws {
        try check("walk-first-step") { $0.openSeed() }
    }

    @Test func variablePromptWithChoices() throws {
        try check("prompt-choices") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter)
        }
    }

    @Test func commandRunning() throws {
        try check("command-running") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .enter)
            h.act(
                .command(
                    id: 1,
                    .output(
                        OutputChunk(stream: .stdout, bytes: Array("calico-node-g8vgl   1/1   Running".utf8), atMs: 5))))
        }
    }

    /// → scrolls long lines (the end of a log line is often what matters); ← comes back.
    @Test func longOutputScrolledRight() throws {
        try check("long-output-scrolled") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .enter)
            let lines = (1...30).map {
                "calico-node-\($0)   1/1     Running   0   22d   a long line whose end says what matters: reason=\($0)"
            }
            h.finishCommand(lines.joined(separator: "\n") + "\n")
            h.send(.right, .right, .right, .right, .right, .right, .right, .right)
        }
        var h = Harness()
        h.openSeed()
        h.send(.enter, .enter, .enter, .char("1"), .enter)
        h.finishCommand(String(repeating: "x", count: 100) + "\n")
        h.send(.right, .right, .right)
        #expect(h.state.walk?.hscroll == 22, "no further than the longest line needs (100 - 78)")
        // Wider after a resize: the line fits, so nothing is shifted.
        h.act(.resize(width: 160, height: 48))
        #expect(h.screen.contains(String(repeating: "x", count: 100)))
        #expect(!h.screen.contains("←"))
        h.act(.resize(width: 80, height: 24))
        h.send(.left, .left)
        #expect(h.state.walk?.hscroll == 0)
    }

    @Test func longOutputWithSuggestion() throws {
        try check("long-output") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .enter)
            let lines = (1...300).map {
                "calico-node-\($0)   1/1     Running   0   22d   10.176.31.\($0 % 250)   a very long line that goes on and on past the edge of an eighty column terminal \($0)"
            }
            h.finishCommand(lines.joined(separator: "\n") + "\n\u{1b}[31mred\u{1b}[0m and a bell\u{07}\n")
        }
    }

    @Test func confirmDangerousCommand() throws {
        try check("confirm") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"))
            h.send(.char("e"), .ctrl("u"))
            h.type("kubectl delete pod -n kube-system calico-node-g8vgl")
            h.send(.enter)
        }
    }

    @Test func notePrompt() throws {
        try check("note") { h in
            h.openSeed()
            h.send(.char("c"))
            h.type("Paged at 03:12; acknowledged in PagerDuty")
        }
    }

    @Test func skipChoosesTheWayOn() throws {
        try check("skip") { h in
            h.openSeed()
            h.send(.char("s"))
        }
    }

    @Test func backgroundCommands() throws {
        try check("jobs") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"))
            h.send(.char("J"))
        }
    }

    @Test func help() throws {
        try check("help") { h in
            h.openSeed()
            h.send(.char("?"))
        }
    }

    @Test func graphOverview() throws {
        try check("graph") { h in
            h.openSeed()
            h.send(.enter, .enter, .char("g"))
        }
    }

    @Test func linkToFollow() throws {
        try check("link") { h in
            h.state.picker.alert = AlertParser.parse(
                "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de"
            )
            h.send(.enter, .enter, .enter)
        }
    }

    @Test func endScreen() throws {
        try check("end") { h in
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .enter)
            h.finishCommand("calico-node-g8vgl   1/1   Running\n")
            h.send(.enter, .char("1"))  // HTTP 404
            h.clock.advance(60)
            h.send(.enter)
        }
    }

    @Test func tooSmall() throws {
        var harness = Harness(width: 80, height: 24)
        harness.openSeed()
        harness.act(.resize(width: 50, height: 14))
        #expect(harness.screen.contains("Terminal too small: 50x14"))
        harness.send(.char("2"))  // ignored while too small: nothing happens blind
        #expect(harness.session?.frame?.step == "node-exporter")
        harness.act(.resize(width: 80, height: 24))
        #expect(harness.screen.contains("Is node-exporter the failing service?"))
        let file = Paths.snapshots.appendingPathComponent("too-small-50x14.txt")
        var small = Harness(width: 80, height: 24)
        small.openSeed()
        small.act(.resize(width: 50, height: 14))
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] == "1" {
            try (small.screen + "\n").write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(small.screen + "\n" == expected)
    }

    @Test func asciiMonochromeFallback() throws {
        var h = Harness(width: 80, height: 24, color: false, ascii: true)
        h.openSeed()
        let screen = h.screen
        #expect(screen.unicodeScalars.allSatisfy { $0.isASCII })
        #expect(screen.contains("* 2  Another service is failing  > tugboat"))
    }
}

/// Issue 19: text from alerts and output never acts on the terminal, even
/// where no sanitiser ran before it (titles, values, the command line).
struct ScreenTextTests {
    @Test func controlAndBidiCharactersAreDrawnVisibly() {
        var buffer = ScreenBuffer(width: 40, height: 1)
        buffer.put("a\u{202e}b\u{1b}]0;x\u{07}c\u{200f}d\u{061c}", x: 0, y: 0)
        #expect(buffer.text.hasPrefix("a\u{FFFD}b␛]0;x␇c\u{FFFD}d\u{FFFD}"))
    }

    @Test func aHostileLabelOnTheWalkScreen() {
        var h = Harness()
        h.state.picker.alert = AlertParser.parse(
            Harness.alertText.replacingOccurrences(
                of: "armada-api-5867d86996-5fgc2", with: "evil\u{202e}fdp.exe\u{1b}[2J"))
        h.send(.enter)
        h.send(.char("v"))  // the variables, the pod among them
        let screen = h.screen
        #expect(screen.contains("evil\u{FFFD}fdp.exe␛[2J"), "\(screen)")
        #expect(!screen.unicodeScalars.contains { DisplayText.needsEscape($0) && $0 != "\n" })
    }
}
