import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook [RUNBOOK]`: the terminal UI. Without a runbook: the library picker.
struct WalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Walk a runbook in the terminal UI (the default command).",
        discussion: """
            RUNBOOK is a file or a runbook id of the library; without it a picker lists the \
            library. Every step is journaled; quit at any time and 'runbook resume JOURNAL' later.
            """
    )

    @Argument(help: "A runbook file or id (default: pick from the library).", completion: Completions.runbooks)
    var runbook: String?

    @Option(
        name: .long, help: ArgumentHelp("The alert: a file, or - for standard input.", valueName: "file"),
        completion: .file())
    var alert: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Give a variable a value.", valueName: "name=value"))
    var assignments: [Assignment] = []

    @OptionGroup var library: LibraryOptions
    @OptionGroup var ui: UIOptions
    @OptionGroup var alertmanager: AlertmanagerOptions

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Journal file (default: $XDG_STATE_HOME/runbook/<runbook>-<time>.jsonl).", valueName: "path"),
        completion: .file(extensions: ["jsonl"])
    )
    var journal: String?

    func run() throws {
        // The library is read once, as cards through its index; a runbook is read in full when a walk opens it.
        var catalog = library.catalog()
        let chosen = try runbook.map { try library.runbook($0, in: catalog) }
        // A file from outside the library is walked as named, and its links resolve in the library.
        if let chosen { catalog.add(chosen) }
        var parsedAlert: Alert?
        if let alert {
            let text = try readInput(alert)
            parsedAlert = AlertParser.parse(text)
            if let problem = parsedAlert?.problem { printError("warning: \(alert): \(problem)") }
            // The alert may come on standard input: the UI's keys come from /dev/tty.
        }
        var program = Program(options: ui, catalog: catalog)
        program.journalPath = journal
        program.alertmanager = try alertmanager.client()
        let env = program.environment()
        var state = program.initialState()
        state.picker.overrides = assignments.dictionary
        state.picker.alert = parsedAlert
        if let chosen {
            // A --set the runbook has no variable for is a typo more often than not.
            for name in assignments.dictionary.keys.sorted() where chosen.variable(name) == nil {
                let hint =
                    Suggestion.closest(to: name, in: chosen.variables.map(\.name)).map { "; did you mean '\($0)'?" }
                    ?? ""
                throw ValidationError("--set \(name)=…: runbook '\(chosen.id)' has no variable '\(name)'\(hint)")
            }
            App.enter(
                &state, try program.startWalk(chosen, alert: parsedAlert ?? Alert(), overrides: assignments.dictionary),
                env: env)
        }
        try program.run(state, env: env)
    }
}

/// Options of every command that opens the UI: flags only (the `Program` puts them to work).
struct UIOptions: ParsableArguments {
    @Option(name: .long, help: "Your name in the journal (default: $USER).")
    var `operator`: String?

    @Flag(name: .long, help: "Show what each command would run; run nothing.")
    var dryRun = false

    @Flag(
        name: .long,
        help: "Practice: show the suggested outcomes (for a first walk-through; they give the answers away).")
    var showSuggestions = false

    @Flag(name: .long, help: "Draw with ASCII only (also automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set, or color: false in the configuration file).")
    var noColor = false

    @Option(
        name: .customLong("dangerous"),
        help: ArgumentHelp("Also ask before commands matching this regular expression.", valueName: "regex"))
    var dangerous: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How remote steps run; {{host}} and {{command}} are written as literal words (default: ssh_template: of the configuration file, else '\(RemoteCommand.defaultTemplate)').",
            valueName: "template"))
    var sshTemplate: String?

    func validate() throws {
        for pattern in dangerous {
            do { _ = try Regex(pattern) } catch {
                throw ValidationError("invalid --dangerous pattern '\(pattern)': \(error)")
            }
        }
        if let sshTemplate, let problem = RemoteCommand.templateProblem(sshTemplate) {
            throw ValidationError("invalid --ssh-template: \(problem)")
        }
    }

    var operatorName: String { operatorSetting.value }

    /// `--operator`, else `operator:` of the file, else `$USER`.
    var operatorSetting: Setting<String> {
        let file = ConfigFile.settings().operatorName
        if self.operator == nil, file == nil, let user = ConfigFile.environment("USER") {
            return Setting(value: user, source: .environment("USER"))
        }
        return Setting.resolve(flag: ("--operator", self.operator), file: file, default: "operator")
    }

    var sshTemplateSetting: Setting<String> {
        Setting.resolve(
            flag: ("--ssh-template", sshTemplate), file: ConfigFile.settings().sshTemplate,
            default: RemoteCommand.defaultTemplate)
    }

    /// Patterns from `--dangerous` and from the file's `dangerous:`: both apply.
    var dangerousPatterns: [String] { dangerous + (ConfigFile.settings().dangerous?.value ?? []) }

    /// `--no-color`, else `NO_COLOR`, else the file's `color:`, else colour.
    func colorSetting(environment: [String: String]) -> Setting<Bool> {
        let noColorSet = !(environment["NO_COLOR"] ?? "").isEmpty
        return Setting.resolve(
            flag: ("--no-color", noColor ? false : nil), environment: ("NO_COLOR", noColorSet ? false : nil),
            file: ConfigFile.settings().color, default: true)
    }
}
