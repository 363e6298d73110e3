import Foundation
import Testing
@testable import RunbookGraph

/// Thousands of random and mutated documents: the loader never traps, and
/// always answers with a runbook or with diagnostics that point into the file.
struct FuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let corpus: [String] = {
        var texts = [(try? String(contentsOfFile: Paths.seed, encoding: .utf8)) ?? "", minimalRunbook]
        let folder = Paths.fixtures.appendingPathComponent("invalid")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        where name.hasSuffix(".yaml") {
            texts.append((try? String(contentsOfFile: folder.appendingPathComponent(name).path, encoding: .utf8)) ?? "")
        }
        return texts
    }()

    static let tokens = [
        "runbook:", "title:", "start:", "steps:", "next:", "outcomes:", "run:", "when:", "end:",
        "variables:", "match:", "a", "b", "done", "resolved", "{", "}", "[", "]", ",", ":", "-", "&x",
        "*x", "!!str", "|", ">", "'", "\"", "#", "\n", "\n  ", "\n    ", "{{v}}", "output_matches:",
        "'('", "10s", "var:", "ge:", "100", "~", "null", "yes", "\t", "é", "\u{0}", "%YAML 1.2",
        "---", "...", "? ", "<<: *x"
    ]

    func check(_ text: String, _ label: String) {
        let result = RunbookLoader().load(text: text, path: "fuzz.yaml")
        #expect(result.runbook != nil || !result.diagnostics.isEmpty, "\(label): neither runbook nor diagnostics")
        // Line breaks as YAML counts them: LF, CR, CRLF, NEL, LS, PS.
        let lines = 1 + text.unicodeScalars.filter { "\n\r\u{85}\u{2028}\u{2029}".unicodeScalars.contains($0) }.count
        for d in result.diagnostics {
            #expect(d.location.line >= 1 && d.location.line <= lines + 1, "\(label): \(d)")
            #expect(d.location.column >= 1, "\(label): \(d)")
            #expect(!d.message.isEmpty)
        }
    }

    @Test func mutatedRunbooks() {
        var rng = SplitMix64(state: 0x5EED)
        for i in 0..<5000 {
            var bytes = Array(Self.corpus[Int(rng.next() % UInt64(Self.corpus.count))].utf8)
            for _ in 0..<(1 + Int(rng.next() % 4)) where !bytes.isEmpty {
                let at = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 6 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: at)
                case 2: bytes.insert(contentsOf: Self.tokens.randomElement(using: &rng)!.utf8, at: at)
                case 3: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 200)))
                case 4:
                    let end = min(bytes.count, at + Int(rng.next() % 80))
                    bytes.insert(contentsOf: bytes[at..<end], at: Int(rng.next() % UInt64(bytes.count)))
                default: bytes = Array(bytes[..<at])
                }
            }
            check(String(decoding: bytes, as: UTF8.self), "mutation \(i)")
        }
    }

    @Test func randomTokenSoup() {
        var rng = SplitMix64(state: 42)
        for i in 0..<5000 {
            let count = Int(rng.next() % 60)
            let text = (0..<count).map { _ in Self.tokens.randomElement(using: &rng)! }.joined(separator: " ")
            check(text, "soup \(i)")
        }
    }

    @Test func loadingIsDeterministic() {
        for text in Self.corpus {
            let a = RunbookLoader().load(text: text, path: "x.yaml").diagnostics
            let b = RunbookLoader().load(text: text, path: "x.yaml").diagnostics
            #expect(a == b)
        }
    }
}
