import Testing
@testable import RunbookGraph

/// The importer reads ASCII text by byte where it is hot; each fast path must
/// give what the Character-level reading gives, on any text.
struct ImportFastPathTests {
    static let alphabet = Array("aZq09 ,.:;-_`*()[]'\"\t\nIfWhen éÉß漢😀\u{301}\u{200D}Ωı")

    static func texts(_ count: Int, seed: UInt64) -> [String] {
        var rng = FuzzTests.SplitMix64(state: seed)
        return (0..<count).map { _ in
            String((0..<Int.random(in: 0...16, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
        } + ["", "  If the pod", "...Check", "e\u{301}tat", "Start\u{301}", "run", "ÀB", "ab\u{200D}c", "42 pods"]
    }

    @Test func firstWordMatchesTheCharacterReading() {
        for text in Self.texts(20_000, seed: 11) {
            let expected = text.drop { !$0.isLetter }.prefix { $0.isLetter }.lowercased()
            #expect(ConditionSentence.firstWord(text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func alertNamesMatchTheCharacterReading() {
        let names = ["KubePodCrashLooping", "TargetDown", "etcdMembersDown", "ABCDEF", "Ab", "Target Down", "ÉtatDown"]
        for text in Self.texts(20_000, seed: 12) + names {
            let expected =
                text.count >= 6 && text.count <= 100 && text.filter(\.isUppercase).count >= 2
                && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
                && text.dropFirst().contains(where: \.isLowercase)
            #expect(DraftAssembler.isAlertName(text) == expected, "\(text.debugDescription)")
        }
        #expect(DraftAssembler.isAlertName("KubePodCrashLooping"))
    }
}
