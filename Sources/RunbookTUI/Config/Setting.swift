import Foundation
import RunbookGraph
import RunbookRuntime

/// A setting's value and where it came from, as `runbook config` shows it:
/// a flag beats the environment, which beats the configuration file, which beats the default.
struct Setting<T> {
    enum Source {
        case flag(String)
        case environment(String)
        case file(SourceLocation)
        case byDefault(String?)

        var words: String {
            switch self {
            case .flag(let name): "flag \(name)"
            case .environment(let name): "environment \(name)"
            case .file(let at): "file \(at)"
            case .byDefault(let why): "default" + (why.map { " (\($0))" } ?? "")
            }
        }
    }

    var value: T
    var source: Source

    /// The first of flag, environment, file that is set, else the default.
    static func resolve(
        flag: (name: String, value: T?)? = nil, environment: (name: String, value: T?)? = nil,
        file: ConfigFile.Entry<T>?, default value: T, why: String? = nil
    ) -> Setting<T> {
        if let flag, let v = flag.value { return Setting(value: v, source: .flag(flag.name)) }
        if let environment, let v = environment.value {
            return Setting(value: v, source: .environment(environment.name))
        }
        if let file { return Setting(value: file.value, source: .file(file.location)) }
        return Setting(value: value, source: .byDefault(why))
    }
}

extension ConfigFile {
    /// The configuration, or (when it is broken) its errors on standard error and exit 1:
    /// every command reads its settings before it touches the terminal.
    static func settings() -> ConfigFile {
        do {
            return try current()
        } catch {
            for problem in error.diagnostics { printError(problem.description) }
            printError("Fix the configuration file, or run with RUNBOOK_CONFIG=/dev/null to ignore it.")
            exit(1)
        }
    }

    /// A non-empty environment variable.
    static func environment(_ name: String) -> String? {
        ProcessInfo.processInfo.environment[name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Folders of other operators' journals (issue 17's history reads them): `$RUNBOOK_JOURNALS`
    /// (colon-separated), else `shared_journals:` of the file.
    static func sharedJournals() -> Setting<[String]> {
        let path = (environment("RUNBOOK_JOURNALS") ?? "").split(separator: ":").map(String.init)
        return Setting.resolve(
            environment: ("RUNBOOK_JOURNALS", path.isEmpty ? nil : path), file: settings().sharedJournals, default: [])
    }

    /// Where journals are written: `journals:` of the file, else the state folder.
    static func journalFolder() -> Setting<String> {
        Setting.resolve(
            file: settings().journals, default: JournalWriter.defaultFolder(), why: "$XDG_STATE_HOME/runbook")
    }
}
