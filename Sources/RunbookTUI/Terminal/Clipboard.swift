import Foundation

/// Copying to the clipboard, and saying honestly what happened: a clipboard
/// tool that answers is a copy; OSC 52 is a request the terminal may refuse,
/// and under tmux it passes only when tmux allows it.
enum Clipboard {
    /// Copies `text`; returns the line for the status.
    static func copy(_ text: String, what: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        for tool in tools(environment) {
            if Launcher.run(tool, input: Data(text.utf8)) { return "Copied \(what) (\(tool[0]))." }
        }
        ControllingTerminal.write(Array(osc52(text, underTmux: environment["TMUX"] != nil).utf8))
        if environment["TMUX"] != nil {
            return "Asked tmux to copy \(what) (OSC 52): works with set-clipboard on or allow-passthrough on."
        }
        return "Asked the terminal to copy \(what) (OSC 52): some terminals refuse it."
    }

    /// Clipboard programs that can work here: pbcopy on macOS, wl-copy under Wayland, xclip or xsel under X.
    static func tools(_ environment: [String: String]) -> [[String]] {
        var out: [[String]] = []
        if Launcher.find("pbcopy", environment) != nil { out.append(["pbcopy"]) }
        if environment["WAYLAND_DISPLAY"] != nil, Launcher.find("wl-copy", environment) != nil { out.append(["wl-copy"]) }
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

/// Opening an address in a browser: `$BROWSER` (its first entry), else
/// `xdg-open` with a display, else macOS's `open`. Over ssh with no display
/// there is nothing to open it with, and the line says so.
enum Browser {
    static func open(_ url: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        guard let opener = opener(environment) else {
            let remote = environment["SSH_CONNECTION"] != nil ? " (an ssh session with no display)" : ""
            return "No browser to open it with here\(remote): the address is on the screen, y copies it."
        }
        guard Launcher.start(opener + [url]) else { return "Could not start \(opener[0]) to open the link." }
        return "Opened the link with \(opener[0])."
    }

    static func opener(_ environment: [String: String]) -> [String]? {
        if let browser = environment["BROWSER"]?.split(separator: ":").first.map(String.init), !browser.isEmpty,
           Launcher.find(browser, environment) != nil {
            return [browser]
        }
        let display = environment["DISPLAY"] != nil || environment["WAYLAND_DISPLAY"] != nil
        if display, Launcher.find("xdg-open", environment) != nil { return ["xdg-open"] }
        #if os(macOS)
        return ["open"]
        #else
        return nil
        #endif
    }
}

/// Starting helper programs (a browser, a clipboard tool) with no shell between:
/// the address and the text are arguments and standard input, never code.
enum Launcher {
    /// The program's path: itself when it has a slash, else found on PATH.
    static func find(_ program: String, _ environment: [String: String]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts `arguments` and does not wait (a browser may run on).
    static func start(_ arguments: [String]) -> Bool {
        guard let path = find(arguments[0], ProcessInfo.processInfo.environment) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        return true
    }

    /// Runs `arguments` with `input` on standard input; true when it exits 0 within 2 s.
    static func run(_ arguments: [String], input: Data) -> Bool {
        guard let path = find(arguments[0], ProcessInfo.processInfo.environment) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        pipe.fileHandleForWriting.write(input)
        try? pipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); return false }
        return process.terminationStatus == 0
    }
}
