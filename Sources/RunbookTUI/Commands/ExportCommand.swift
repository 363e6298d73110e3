import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook export JOURNAL --format markdown|json [-o FILE]`: the incident transcript.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the incident transcript of a walk, as Markdown or JSON.",
        discussion:
            "Secrets (bearer tokens, password=/token=/secret= values, private keys, secret variables) are redacted unless --no-redact."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown, json }

    @Argument(help: "The journal (.jsonl) of the walk.", completion: Completions.journals)
    var journal: String

    @Option(name: .long, help: "markdown or json.")
    var format: Format = .markdown

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"),
        completion: .file())
    var output: String?

    @Flag(name: .long, help: "Keep secrets in the transcript.")
    var noRedact = false

    @Option(
        name: .customLong("redact"),
        help: ArgumentHelp("Also redact what this regular expression matches.", valueName: "regex"))
    var patterns: [String] = []

    @Flag(name: .long, help: "Recover every intact record around damaged journal lines (they are listed).")
    var salvage = false

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let resumed = try library.resumedWalk(journal: journal, salvage: salvage)
        // A practice walk: the transcript carries its debrief.
        var scenario: Scenario?
        if let path = resumed.session.start?.scenario {
            scenario = (try? Scenario.load(path: path, runbookFolders: library.existingFolders))?.0
            if scenario == nil {
                printError("warning: scenario \(path) could not be loaded; the transcript has no debrief")
            }
        }
        let transcript: Transcript
        do {
            transcript = try Transcript.of(resumed.session, scenario: scenario, redact: !noRedact, patterns: patterns)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        let text = format == .markdown ? transcript.markdown() + "\n" : try transcript.json()
        if let output {
            say(try ExportFile.write(text, to: output, replace: true))
        } else if format == .markdown {
            say(text, terminator: "")
        } else {
            print(text, terminator: "")
        }
    }
}
