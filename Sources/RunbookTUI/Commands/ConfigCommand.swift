import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook config`: the settings in effect, and where each came from.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the settings in effect and where each comes from (flag, environment, file, default).",
        discussion: """
            The configuration file is $XDG_CONFIG_HOME/runbook/config.yaml (~/.config/runbook/config.yaml), \
            or $RUNBOOK_CONFIG. It holds: library (folders), journals (a folder), shared_journals \
            (folders), operator, ssh_template, dangerous (regular expressions), color (true or false), \
            and alertmanager (an address, or url, user, token_env, token_file, timeout). Flags and the \
            environment win over it. Give the other commands' flags here to see their effect.
            """
    )

    @OptionGroup var library: LibraryOptions
    @OptionGroup var ui: UIOptions
    @OptionGroup var alertmanager: AlertmanagerOptions

    func run() throws {
        let file = ConfigFile.settings()
        say(
            "Configuration file: \(file.path)"
                + (file.exists ? "" : " (not there: each setting is a flag, the environment or its default)"))
        say("")
        var rows: [(String, String, String)] = []
        func row<T>(_ name: String, _ setting: Setting<T>, _ shown: (T) -> String) {
            rows.append((name, shown(setting.value), setting.source.words))
        }
        let list: ([String]) -> String = { $0.isEmpty ? "(none)" : $0.joined(separator: ", ") }
        row("library", library.folderSetting, list)
        row("journals", ConfigFile.journalFolder(), { $0 })
        row("shared_journals", ConfigFile.sharedJournals(), list)
        row("operator", ui.operatorSetting, { $0 })
        row("ssh_template", ui.sshTemplateSetting, { $0 })
        let extra = ui.dangerousPatterns
        rows.append(
            (
                "dangerous", extra.isEmpty ? "(the built-in patterns)" : "the built-in patterns and " + list(extra),
                ui.dangerous.isEmpty
                    ? (file.dangerous.map { "file \($0.location)" } ?? "default")
                    : file.dangerous == nil
                        ? "flag --dangerous" : "flag --dangerous and file \(file.dangerous!.location)"
            ))
        row("color", ui.colorSetting(environment: ProcessInfo.processInfo.environment), { $0 ? "true" : "false" })
        row("alertmanager", alertmanager.addressSetting, { $0 ?? "(none)" })
        row("alertmanager.user", alertmanager.userSetting, { $0 ?? "(none)" })
        let variable = alertmanager.tokenVariableSetting
        // Whether the token is there, never what it is.
        row("alertmanager.token_env", variable, { "\($0) (\(ConfigFile.environment($0) == nil ? "not set" : "set"))" })
        row("alertmanager.token_file", alertmanager.tokenFileSetting, { $0 ?? "(none)" })
        row("alertmanager.timeout", alertmanager.timeoutSetting, { "\(RunDuration(milliseconds: Int64($0 * 1000)))" })
        let nameWidth = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(60, rows.map(\.1.count).max() ?? 0)
        for (name, value, source) in rows {
            let padded =
                value.count < valueWidth ? value + String(repeating: " ", count: valueWidth - value.count) : value
            say("\(name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(padded)  \(source)")
        }
    }
}
