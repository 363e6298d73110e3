import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook practice`: walk a recorded incident (the default), or record one from a real walk.
struct PracticeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "Practise a runbook on a recorded incident: nothing runs, the walk is scored.",
        subcommands: [PracticeWalkCommand.self, PracticeRecordCommand.self],
        defaultSubcommand: PracticeWalkCommand.self
    )
}

/// `runbook practice [SCENARIO]`: walk a recorded incident; nothing is executed.
struct PracticeWalkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "walk",
        abstract: "Practise a scenario (the default: runbook practice SCENARIO).",
        discussion:
            "Without SCENARIO, lists the scenarios of the library's practice folder. The score's formula is in docs/PRACTICE.md."
    )

    @Argument(help: "A scenario file or id.", completion: Completions.scenarios)
    var scenario: String?

    @OptionGroup var library: LibraryOptions
    @OptionGroup var ui: UIOptions

    @Flag(name: .long, help: "At the end, print the debrief as JSON (for a team lead collecting scores).")
    var json = false

    @Flag(
        name: .long, help: "Each trainee's practice scores over time, from the journal folders (with --json: as JSON).")
    var history = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Journal file (default: $XDG_STATE_HOME/runbook/practice-<scenario>-<time>.jsonl).", valueName: "path"),
        completion: .file(extensions: ["jsonl"]))
    var journal: String?

    func run() throws {
        if history { return showHistory() }
        let all = Library.load(paths: library.existingFolders).scenarios
        guard let name = scenario else {
            say(all.isEmpty ? "No practice scenarios in \(library.folder)." : "Scenarios (runbook practice ID):")
            for s in all {
                // A scenario `practice record` wrote says so in its first line.
                let head = (try? String(contentsOfFile: s.path, encoding: .utf8))?.prefix(40) ?? ""
                let recorded = head.hasPrefix("# Recorded from") ? "  (recorded from an incident)" : ""
                say("  \(s.id)  \(s.title)  [\(s.runbook)]\(recorded)")
            }
            return
        }
        let path = FileManager.default.fileExists(atPath: name) ? name : all.first { $0.id == name }?.path
        guard let path else { throw RunFailure("no scenario file or id '\(name)' in \(library.folder)") }
        let (scenario, runbooks) = try Scenario.load(path: path, runbookFolders: library.existingFolders)
        let program = Program(options: ui, library: runbooks)
        let env = program.environment(practice: false)
        var state = program.initialState()
        App.enter(&state, try program.practiceWalk(scenario, journal: journal), env: env)
        let final = try program.run(state, env: env)
        if json, let session = final.walk?.session {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(Debrief(session: session, scenario: scenario)), as: UTF8.self))
        }
    }

    /// Per trainee, oldest first: when, which scenario, the score, how it ended.
    func showHistory() {
        let record = PracticeHistory.read(folders: HistoryCommand.folders, library: library.load())
        if json {
            struct Row: Encodable {
                var trainee, scenario, startedAt, journal: String
                var score: Int
                var ending: String?
            }
            let rows = record.attempts.map {
                Row(
                    trainee: $0.trainee, scenario: $0.scenario, startedAt: $0.startedAt.formatted(.iso8601),
                    journal: $0.journal, score: $0.score, ending: $0.ending?.rawValue)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: (try? encoder.encode(rows)) ?? Data(), as: UTF8.self))
            return
        }
        guard !record.attempts.isEmpty else {
            say("No practice walks in \(HistoryCommand.folders.joined(separator: ", ")).")
            return
        }
        for trainee in Set(record.attempts.map(\.trainee)).sorted() {
            let mine = record.attempts.filter { $0.trainee == trainee }
            let scenarios = Set(mine.map(\.scenario)).count
            say(
                "\(trainee): \(mine.count) walk\(mine.count == 1 ? "" : "s") of \(scenarios) scenario\(scenarios == 1 ? "" : "s")"
            )
            for attempt in mine {
                let ending = attempt.ending.map { "ended \($0.rawValue)" } ?? "not finished"
                say(
                    "  \(HistoryCommand.when(attempt.startedAt))  \(attempt.scenario)  \(String(attempt.score).leftPadded(3))/100  \(ending)"
                )
            }
        }
        if !record.skipped.isEmpty {
            say("\(record.skipped.count) journals left out: damaged, torn, or their scenario is gone.")
        }
    }
}
