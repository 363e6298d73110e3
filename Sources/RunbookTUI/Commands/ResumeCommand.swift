import ArgumentParser
import RunbookGraph

/// `runbook resume JOURNAL`: rebuild a walk from its journal and say where it stands.
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Rebuild a walk from its journal and show where it stands.",
        discussion: "Works on another machine and for another operator: the journal carries the alert, the values and every step."
    )

    @Argument(help: "The journal (.jsonl) of the walk.")
    var journal: String

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let resumed: ResumedWalk
        do {
            resumed = try ResumedWalk.load(journal: journal, library: library.load())
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for warning in resumed.warnings { printError("warning: \(warning)") }
        let session = resumed.session
        print("Runbook: \(session.start?.title ?? "") (\(session.start?.runbook ?? ""))")
        print("Operators: \(Set(session.records.map(\.operator)).sorted().joined(separator: ", "))")
        print("Path:")
        for visit in session.visits {
            let title = session.library[visit.runbook]?.step(visit.step)?.title ?? visit.step
            print("  - \(title) [\(visit.step)]")
        }
        switch session.phase {
        case .ended(let status, let to):
            print("Ended: \(status.rawValue)\(to.map { " to \($0)" } ?? "")")
        case .atLink:
            print("Waiting: follow \(session.pendingLink?.url ?? session.pendingLink?.runbook ?? "the link"), then confirm")
        default:
            if let step = session.step { print("Now at: \(step.title) [\(step.id)]") }
            if let command = session.suggestedCommand { print("Suggested command: \(command)") }
        }
        print("Export: runbook export \(journal) --format markdown")
    }
}
