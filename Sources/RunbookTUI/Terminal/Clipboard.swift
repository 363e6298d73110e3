import Foundation

/// Copying to the clipboard, and saying honestly what happened: a clipboard
/// tool that answers is a copy; OSC 52 is a request the terminal may refuse,
/// and under tmux it passes only when tmux allows it.
enum Clipboard {
    /// Copies `text`; returns the line for the status.
    static func copy(
        _ text: String, what: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        for tool in tools(environment) {
            if Launcher.run(tool, input: Data(text.utf8)) { return "Copied \(what) (\(tool[0]))." }
        }
        ControllingTerminal.send(Array(osc52(text, underTmux: environment["TMUX"] != nil).utf8))
        if environment["TMUX"] != nil {
            return "Asked tmux to copy \(what) (OSC 52): works with set-clipboard on or allow-passthrough on."
        }
        return "Asked the terminal to copy \(what) (OSC 52): some terminals refuse it."
    }

    /// Clipboard programs that can work here: pbcopy on macOS, wl-copy under Wayland, xclip or xsel under X.
    static func tools(_ environment: [String: String]) -> [[String]] {
        var out: [[String]] = []
        if Launcher.find("pbcopy", environment) != nil { out.append(["pbcopy"]) }
        if environment["WAYLAND_DISPLAY"] != nil, Launcher.find("wl-copy", environment) != nil {
            out.append(["wl-copy"])
        }
        if environment["DISPLAY"] != nil {
            if Launcher.find("xclip", environment) != nil { out.append(["xclip", "-selection", "clipboard"]) }
            if Launcher.find("xsel", environment) != nil { out.append(["xsel", "--clipboard", "--input"]) }
        }
        return out
    }

    /// OSC 52, wrapped for tmux's passthrough when inside tmux (each ESC doubled).
    static func osc52(_ text: String, underTmux: Bool) -> String {
        let sequence = "\u{1b}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        guard underTmux else { return sequence }
        return "\u{1b}Ptmux;" + sequence.replacingOccurrences(of: "\u{1b}", with: "\u{1b}\u{1b}") + "\u{1b}\\"
    }
}
