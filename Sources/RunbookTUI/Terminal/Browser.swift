import Foundation

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
            Launcher.find(browser, environment) != nil
        {
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
