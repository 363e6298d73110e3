import Foundation
import RunbookGraph

/// What an attacker who controls alert labels or command output would try on
/// an operator's terminal (the output pane is tested with the same set).
public enum HostileText {
    public static let samples: [String] = [
        "osc0 \u{1b}]0;pwned title\u{07}",
        "osc52 \u{1b}]52;c;cm0gLXJmIC8K\u{07}",
        "clear \u{1b}[2J\u{1b}[H",
        "dcs \u{1b}P1$r\u{1b}\\",
        "bare\rCR overwrites",
        "nul\u{0}byte",
        "bell\u{07}",
        "c1 \u{9b}31m",
        "bidi \u{202e}txt.exe",
        "rlm \u{200f}x alm \u{061c}y",
        "isolate \u{2066}a\u{2069}"
    ]

    /// Bytes or characters that act on a terminal.
    public static func raw(in text: String) -> [String] {
        var found: [String] = []
        for scalar in text.unicodeScalars where scalar != "\n" && scalar != "\t" {
            if DisplayText.needsEscape(scalar) { found.append(String(format: "U+%04X", scalar.value)) }
        }
        return found
    }
}
