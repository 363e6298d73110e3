import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook resume JOURNAL`: rebuild a walk from its journal and say where it stands.
/// Without a journal: list the open walks of the state folder (`--last`: resume the newest).
struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Rebuild a walk from its journal and show where it stands.",
        discussion: """
            Works on another machine and for another operator: the journal carries the alert, the values and every step. \
            Without a journal, lists the walks in the state folder ($XDG_STATE_HOME/runbook) that have not ended, newest first; \
            --last resumes the newest of them.
            """
    )

    @Argument(
        help: ArgumentHelp("The journal (.jsonl) of the walk; none lists the open walks.", valueName: "journal"),
        completion: Completions.journals)
    var journalArgument: String?

    @Flag(name: .long, help: "Resume the newest open walk of the state folder.")
    var last = false

    @OptionGroup var library: LibraryOptions
    @OptionGroup var ui: UIOptions
    @OptionGroup var alertmanager: AlertmanagerOptions

    @Flag(name: .long, help: "Print where the walk stands instead of opening the UI (the default without a terminal).")
    var status = false

    @Flag(
        name: .long,
        help: "Recover every intact record around damaged lines (listed); the walk goes on in a new journal.")
    var salvage = false

    func validate() throws {
        if last, journalArgument != nil { throw ValidationError("give a journal or --last, not both") }
    }

    /// The journal to resume: the one given, or with `--last` the newest open walk.
    var journal: String { journalArgument ?? "" }

    func run() throws {
        guard journalArgument != nil || last else { return listOpenWalks() }
        var command = self
        if last {
            guard let newest = OpenWalk.list(in: ConfigFile.journalFolder().value).first else {
                throw RunFailure("no open walks in \(ConfigFile.journalFolder().value)")
            }
            command.journalArgument = newest.path
        }
        try command.resume()
    }

    func listOpenWalks() {
        let folder = ConfigFile.journalFolder().value
        let walks = OpenWalk.list(in: folder)
        guard !walks.isEmpty else {
            say("No open walks in \(folder).")
            return
        }
        let format = Date.FormatStyle().year().month().day().hour().minute()
        say("Open walks in \(folder), newest first:")
        for walk in walks {
            let mode = walk.mode == .incident ? "" : " [\(walk.mode.rawValue)]"
            say(
                "  \(walk.updated.formatted(format))  \(walk.title) (\(walk.runbook))\(mode), \(walk.operators.joined(separator: ", "))\(walk.lastStep.map { ", last at \($0)" } ?? "")"
            )
            say("      runbook resume \(walk.path)")
        }
        say("runbook resume --last resumes the newest.")
    }

    func resume() throws {
        let resumed = try library.resumedWalk(journal: journal, salvage: salvage)
        if !status, isatty(0) == 1, isatty(1) == 1 {
            try openUI(resumed)
            return
        }
        let session = resumed.session
        say("Runbook: \(session.start?.title ?? "") (\(session.start?.runbook ?? ""))")
        say("Operators: \(Set(session.records.map(\.operator)).sorted().joined(separator: ", "))")
        say("Path:")
        for visit in session.visits {
            let title = session.library[visit.runbook]?.step(visit.step)?.title ?? visit.step
            say("  - \(title) [\(visit.step)]")
        }
        switch session.phase {
        case .ended(let status, let to):
            say("Ended: \(status.rawValue)\(to.map { " to \($0)" } ?? "")")
        case .atLink:
            say(
                "Waiting: follow \(session.pendingLink?.url ?? session.pendingLink?.runbook ?? "the link"), then confirm"
            )
        default:
            if let step = session.step { say("Now at: \(step.title) [\(step.id)]") }
            if let command = session.suggestedCommand { say("Suggested command: \(command)") }
        }
        for silence in session.activeSilences(now: Date()) {
            say("Silence \(silence.id) in \(silence.alertmanager) holds the alert until \(silence.endsAt.formatted())")
        }
        say("Export: runbook export \(journal) --format markdown")
    }

    /// Asks (on the plain terminal, before the UI starts) whether to stop the
    /// commands that outlived the tool, and stops those the operator agrees to.
    func offerToStop(_ groups: [Int32]) {
        for group in groups {
            FileHandle.standardError.write(Data("Stop process group \(group) now? [y/N] ".utf8))
            guard readLine()?.lowercased().hasPrefix("y") == true else { continue }
            kill(-group, SIGTERM)
            for _ in 0..<20 where ResumedWalk.isRunning(group: group) { usleep(100_000) }
            if ResumedWalk.isRunning(group: group) { kill(-group, SIGKILL) }
            printError(
                ResumedWalk.isRunning(group: group)
                    ? "process group \(group) is still there" : "stopped process group \(group)")
        }
    }

    func openUI(_ resumed: ResumedWalk) throws {
        offerToStop(resumed.runningGroups)
        var program = Program(options: ui, library: Array(resumed.session.library.values))
        program.alertmanager = try alertmanager.client()
        let (walk, notes) = try program.resumeWalk(resumed)
        for note in notes { printError("note: \(note)") }
        let env = program.environment(practice: false)
        var state = program.initialState()
        App.enter(&state, walk, env: env)
        // Printed before the UI starts, a warning is hidden by it: say it on the first screen too.
        if let first = (resumed.warnings + notes).first {
            let more = resumed.warnings.count + notes.count - 1
            state.status = "Note: \(first)" + (more > 0 ? " (and \(more) more, printed before the UI started)" : "")
        }
        try program.run(state, env: env)
    }
}
