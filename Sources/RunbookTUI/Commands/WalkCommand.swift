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

    @Argument(help: "A runbook file or id (default: pick from the library).")
    var runbook: String?

    @Option(name: .long, help: ArgumentHelp("The alert: a file, or - for standard input.", valueName: "file"))
    var alert: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Give a variable a value.", valueName: "name=value"))
    var assignments: [Assignment] = []

    @OptionGroup var library: LibraryOptions
    @OptionGroup var ui: UIOptions

    @Option(name: .long, help: ArgumentHelp("Journal file (default: $XDG_STATE_HOME/runbook/<runbook>-<time>.jsonl).", valueName: "path"))
    var journal: String?

    func run() throws {
        // The library is read once: runbooks, scenarios and its problems come from the same pass.
        let loaded = library.loadLibrary()
        let runbooks = loaded.runbooks
        let chosen = try runbook.map(library.runbook)
        var parsedAlert: Alert?
        if let alert {
            let text = try readInput(alert)
            parsedAlert = AlertParser.parse(text)
            if let problem = parsedAlert?.problem { printError("warning: \(alert): \(problem)") }
            // The alert may come on standard input: the UI's keys come from /dev/tty.
        }
        let journalPath = journal
        let operatorName = ui.operatorName
        let mode: SessionStart.Mode = ui.dryRun ? .dryRun : .incident
        var env = ui.environment(library: runbooks + (chosen.map { [$0] } ?? [])) { runbook, alert, overrides in
            let path = journalPath ?? JournalWriter.defaultPath(runbook: runbook.id, at: Date())
            let recorder = try Recorder.start(runbook, library: runbooks, alert: alert, overrides: overrides,
                                              mode: mode,
                                              journal: try JournalWriter(path: path), operatorName: operatorName)
            var walk = WalkState(recorder: recorder, journalPath: path)
            walk.memory = RememberedValues()
            return walk
        }
        env.scenarios = loaded.scenarios
        env.libraryProblems = LibraryOptions.problems(loaded)
        env.startPractice = { [ui] scenario in try ui.practiceWalk(scenario, runbooks: runbooks, journal: nil) }
        var state = ui.initialState()
        state.picker.overrides = assignments.dictionary
        state.picker.alert = parsedAlert
        if let chosen {
            // A --set the runbook has no variable for is a typo more often than not.
            for name in assignments.dictionary.keys.sorted() where chosen.variable(name) == nil {
                let hint = Suggestion.closest(to: name, in: chosen.variables.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw ValidationError("--set \(name)=…: runbook '\(chosen.id)' has no variable '\(name)'\(hint)")
            }
            state.walk = try env.startWalk(chosen, parsedAlert ?? Alert(), assignments.dictionary)
            state.screen = .walk
            App.arrived(&state)
        }
        try ui.run(state: state, env: env)
    }
}

/// Options of every command that opens the UI.
struct UIOptions: ParsableArguments {
    @Option(name: .long, help: "Your name in the journal (default: $USER).")
    var `operator`: String?

    @Flag(name: .long, help: "Show what each command would run; run nothing.")
    var dryRun = false

    @Flag(name: .long, help: "Practice: show the suggested outcomes (for a first walk-through; they give the answers away).")
    var showSuggestions = false

    @Flag(name: .long, help: "Draw with ASCII only (also automatic when the locale is not UTF-8).")
    var ascii = false

    @Flag(name: .long, help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Option(name: .customLong("dangerous"), help: ArgumentHelp("Also ask before commands matching this regular expression.", valueName: "regex"))
    var dangerous: [String] = []

    @Option(name: .long, help: ArgumentHelp("How remote steps run; {{host}} and {{command}} are written as literal words.", valueName: "template"))
    var sshTemplate: String = RemoteCommand.defaultTemplate

    /// Starts a practice walk of `scenario`, journaled like any walk.
    func practiceWalk(_ scenario: Scenario, runbooks: [Runbook], journal: String?) throws -> WalkState {
        guard let runbook = runbooks.first(where: { $0.id == scenario.runbook }) else {
            throw RunFailure("runbook '\(scenario.runbook)' of the scenario is not in the library")
        }
        let path = journal ?? JournalWriter.defaultPath(runbook: "practice-\(scenario.id)", at: Date())
        let recorder = try Recorder.start(runbook, library: runbooks, alert: scenario.alert, overrides: scenario.answers,
                                          mode: .practice, scenario: scenario.path,
                                          journal: try JournalWriter(path: path), operatorName: operatorName)
        var walk = WalkState(recorder: recorder, journalPath: path)
        walk.scenario = scenario
        walk.hideSuggestions = !showSuggestions
        return walk
    }

    func validate() throws {
        for pattern in dangerous {
            do { _ = try Regex(pattern) } catch {
                throw ValidationError("invalid --dangerous pattern '\(pattern)': \(error)")
            }
        }
        if let problem = RemoteCommand.templateProblem(sshTemplate) {
            throw ValidationError("invalid --ssh-template: \(problem)")
        }
    }

    var operatorName: String {
        self.operator ?? ProcessInfo.processInfo.environment["USER"] ?? "operator"
    }

    func environment(library: [Runbook],
                     startWalk: @escaping (Runbook, Alert, [String: String]) throws -> WalkState) -> AppEnvironment {
        var seen = Set<String>()
        let unique = library.filter { seen.insert($0.id).inserted }
        var config = ExecutionConfig(sshTemplate: sshTemplate)
        if let extra = try? DangerousCommands(extra: dangerous) { config.dangerous = extra }
        return AppEnvironment(library: unique, startWalk: startWalk, now: { Date() }, config: config)
    }

    func initialState() -> AppState {
        let env = ProcessInfo.processInfo.environment
        let locale = env["LC_ALL"] ?? env["LC_CTYPE"] ?? env["LANG"] ?? ""
        let utf8 = locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
        var state = AppState(width: 80, height: 24, screen: .picker, now: Date())
        state.display = DisplayOptions(ascii: ascii || !utf8, color: !noColor && (env["NO_COLOR"] ?? "").isEmpty)
        return state
    }


    @discardableResult
    func run(state: AppState, env: AppEnvironment, runner custom: (any CommandRunner)? = nil) throws -> AppState {
        guard ControllingTerminal.descriptor != nil else {
            throw RunFailure("the UI needs a terminal; for scripts use validate, triage, resume or export")
        }
        let runner: any CommandRunner = custom ?? (dryRun ? DryRunRunner() : ProcessRunner())
        let final = EventLoop(state: state, env: env, runner: runner).run()
        // For people, on standard error: standard output is for data (`practice --json`).
        if let walk = final.walk, let journal = walk.journalPath {
            if case .ended(let status, _) = walk.session.phase {
                printError("Walk ended: \(status.rawValue). Journal: \(journal)")
                printError("Transcript: runbook export \(journal) --format markdown")
            } else {
                printError("Journal: \(journal)")
                printError("Resume with: runbook resume \(journal)")
            }
        }
        return final
    }
}
