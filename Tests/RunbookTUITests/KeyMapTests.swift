import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// Every mode's key map is the truth: a key its help lists does something, a
/// key it does not list does nothing (beyond typing into a text field, or a
/// status line that says what to press), and the help shows every binding.
struct KeyMapTests {
    /// A harness with its state in `mode`.
    static func harness(in mode: InputMode, width: Int = 160, height: Int = 48) -> Harness {
        var second = Harness.seed
        second.id = "second-runbook"
        var h = Harness(width: width, height: height, library: [Harness.seed, second])
        switch mode {
        case .picker: h.type("a")
        case .walk:
            // At a step whose command ran and printed more than a screen of long lines.
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .enter)
            h.finishCommand(
                (1...200).map { "line \($0) " + String(repeating: "x", count: 300) }.joined(separator: "\n") + "\n")
        case .link:
            h.state.picker.alert = AlertParser.parse(
                "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de"
            )
            h.send(.enter, .enter, .enter)
        case .ended:
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .enter)
            h.finishCommand("calico-node-g8vgl   1/1   Running\n")
            h.send(.enter, .char("1"), .enter)
        case .unrecorded:
            h.openSeed()
            h.state.walk?.unrecorded = [.noteAdded(step: nil, text: "not yet on disk")]
        case .help:
            h.openSeed()
            h.send(.char("?"))
        case .confirm:
            h.openSeed()
            h.send(.enter, .enter, .enter, .char("1"), .char("e"), .ctrl("u"))
            h.type("kubectl delete pod -n kube-system calico-node-g8vgl")
            h.send(.enter)
        case .graph:
            h.openSeed()
            h.send(.char("g"))
        case .jobs:
            h.openSeed()
            for (id, command) in [(91, "kubectl port-forward pod/a 8080"), (92, "kubectl logs -f pod/a")] {
                h.state.walk?.commands.start(
                    CommandRun(id: id, step: "tugboat", command: command, started: fixedStart, background: true))
            }
            h.send(.char("J"))
        case .prompt:
            h.openSeed()
            h.send(.char("c"))
            h.type("x")
        case .choice:
            h.openSeed()
            h.send(.enter, .enter, .enter)
        case .notice:
            h.openSeed()
            h.state.overlay = .notice(title: "Text", text: (1...80).map { "line \($0)" }.joined(separator: "\n"))
        }
        return h
    }

    /// Every key the backend can send.
    static let universe: [Key] =
        (0x20...0x7E).map { .char(Character(UnicodeScalar($0))) }
        + "abcdefghijklmnopqrstuvwxyz".map { .ctrl($0) }
        + [.enter, .escape, .backspace, .tab, .delete, .up, .down, .left, .right, .pageUp, .pageDown, .home, .end]
        + "bfx".map { .alt($0) }

    /// What a key can change, without the status line (which only says things).
    static func fingerprint(_ s: AppState) -> String {
        let walk = s.walk
        return [
            "\(s.screen)", s.overlay.map { "\($0)" } ?? "-",
            "\(s.picker.filter)|\(s.picker.selected)|\(s.picker.alert != nil)",
            "\(walk?.session.records.count ?? -1)", "\(walk?.scroll ?? -1),\(walk?.hscroll ?? -1)", walk?.search ?? "-",
            "\(walk?.searchHit ?? -1)", "\(walk?.run?.id ?? -1)", "\(walk?.jobs.count ?? -1)",
            "\(walk?.unrecorded.count ?? -1)",
            "\(s.quitting)", "\(s.nextRunID)"
        ].joined(separator: "¦")
    }

    /// What `key` does from `state`: did it change anything, did it say anything.
    static func press(
        _ key: Key, _ state: AppState, env: AppEnvironment
    ) -> (changed: Bool, said: Bool, after: AppState) {
        var state = state
        state.status = nil
        let before = fingerprint(state)
        let effects = App.update(&state, .key(key), env: env).filter { if case .suggest = $0 { false } else { true } }
        return (before != fingerprint(state) || !effects.isEmpty, state.status != nil, state)
    }

    @Test(arguments: InputMode.allCases)
    func helpMatchesDispatch(_ mode: InputMode) throws {
        let h = Self.harness(in: mode)
        try #require(h.state.inputMode == mode, "the harness reached \(h.state.inputMode), not \(mode)")
        let bound = Self.universe.filter { KeyMap.command(for: $0, in: mode, hasText: h.state.hasText) != nil }
        // States of the same mode one bound key away (a list moved down, the output scrolled right),
        // so that a key that does nothing at an edge can show it does something elsewhere.
        let nearby =
            [h.state]
            + bound.map { Self.press($0, h.state, env: h.env).after }.filter {
                $0.inputMode == mode && $0.hasText == h.state.hasText
            }
        for key in Self.universe {
            let (changed, said, _) = Self.press(key, h.state, env: h.env)
            if bound.contains(key) {
                let somewhere =
                    changed || said
                    || nearby.contains {
                        let r = Self.press(key, $0, env: h.env); return r.changed || r.said
                    }
                #expect(somewhere, "\(mode): \(key) is in the help but does nothing")
            } else if KeyMap.takesText(mode), key == .tab || { if case .char = key { true } else { false } }() {
                continue  // typed into the filter or the prompt
            } else {
                #expect(!changed, "\(mode): \(key) does something but the help does not list it")
            }
        }
    }

    /// The help overlay of each mode lists each of its bindings, even at 80x24.
    @Test(arguments: InputMode.allCases.filter { $0 != .help })
    func helpShowsEveryBinding(_ mode: InputMode) throws {
        var h = Self.harness(in: mode, width: 80, height: 24)
        // Every row, scrolling when the map is longer than the terminal.
        var screen = ""
        for top in 0..<KeyMap.bindings(mode).count {
            h.state.overlay = .help(mode, top: top)
            screen += h.screen
        }
        let scrolling: Set<KeyCommand> = [
            .scrollUp, .scrollDown, .pageUp, .pageDown, .top, .bottom, .scrollLeft, .scrollRight
        ]
        for binding in KeyMap.bindings(mode) {
            // The walk's scrolling keys share one line of its help.
            let shown =
                screen.contains(String(binding.help.prefix(40)))
                || (scrolling.contains(binding.command) && screen.contains("scroll the output"))
            #expect(shown, "\(mode): help lacks \"\(binding.help)\"")
        }
    }

    /// In the picker, q and ? are commands only while the filter is empty; then they are typed.
    @Test func pickerQuitsAndHelpsOnlyWithAnEmptyFilter() {
        var h = Harness()
        h.send(.char("?"))
        #expect(h.state.inputMode == .help)
        h.send(.escape)
        h.type("calq?")
        #expect(h.state.picker.filter == "calq?" && !h.state.quitting)
        h.send(.escape, .char("q"))
        #expect(h.state.quitting)
    }
}
