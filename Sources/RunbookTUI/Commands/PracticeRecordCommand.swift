import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook practice record JOURNAL -o FILE`: a real walk becomes a practice scenario.
struct PracticeRecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Turn a real walk's journal into a practice scenario.",
        discussion: """
            The scenario holds the alert, the answers given (secret ones left out), each command's \
            output and duration (secrets redacted; an edited command by its exact text), the path \
            taken as the expected path, and the ending. Went-back and skipped steps become \
            explanations to edit. The scenario is checked against the runbook before it is written.
            """
    )

    @Argument(
        help: "The journal of a walk (an incident, not a practice or a dry run).",
        completion: .file(extensions: ["jsonl"]))
    var journal: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the scenario (a new file).", valueName: "file"))
    var output: String

    @Option(name: .long, help: "The scenario's id (default: from the journal's file name).")
    var id: String?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let resumed = try library.resumedWalk(journal: journal, salvage: false)
        let id = self.id ?? Self.id(from: journal)
        let recorded: ScenarioRecording.Recorded
        do {
            recorded = try ScenarioRecording.record(
                resumed.session, id: id, journal: journal, redactor: try Transcript.redactor(for: resumed.session))
        } catch let refused as ScenarioRecording.Refused {
            throw RunFailure("cannot record \(journal): \(refused)")
        }
        // Checked as `runbook validate` would check it, against the walk's own runbooks.
        let check = RunbookLoader.scenario(
            RunbookLoader().load(text: recorded.yaml, path: output), runbooks: Array(resumed.session.library.values))
        for problem in check.diagnostics { printError(problem.description) }
        guard check.isValid else { throw RunFailure("the recorded scenario does not validate; nothing written") }
        do {
            _ = try ExportFile.write(recorded.yaml, to: output, replace: false)
        } catch {
            throw RunFailure("cannot write \(output): \(error)")
        }
        say("Scenario \(id) written to \(output).")
        for note in recorded.notes { say("  note: \(note)") }
        say("Practise it: runbook practice \(output)")
    }

    /// `armada-scrape-failure-20261126T031200.jsonl` → `armada-scrape-failure-20261126T031200`.
    static func id(from journal: String) -> String {
        let base = ((journal as NSString).lastPathComponent as NSString).deletingPathExtension
        let cleaned = base.lowercased().map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "-" }
        return String(cleaned).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
    }
}
