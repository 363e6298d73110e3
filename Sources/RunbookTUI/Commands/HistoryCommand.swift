import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook history [RUNBOOK]`: past walks, newest first.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "List past walks, newest first: when, who, the alert, how it ended, how long, the path.",
        discussion: """
            Reads the journals of the state folder and of the shared folders ($RUNBOOK_JOURNALS, \
            colon-separated, else shared_journals: of the configuration file), through an index in \
            $XDG_CACHE_HOME/runbook/journals.index that spares parsing a journal again while its size \
            and time are unchanged. Journals that are damaged or torn are counted and left out \
            (runbook resume --salvage recovers one).
            """
    )

    @Argument(help: "Only the walks of this runbook id.", completion: Completions.runbooks)
    var runbook: String?

    @Flag(name: .long, help: "Include practice walks and dry runs.")
    var all = false

    @Option(name: .long, help: "Show at most this many walks.")
    var limit: Int?

    @Flag(name: .long, help: "Print JSON instead of a list.")
    var json = false

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let (history, walks) = Self.walks(runbook: runbook, all: all, library: library)
        let shown = limit.map { Array(walks.prefix(max(0, $0))) } ?? walks
        if json {
            print(Self.json(shown, skipped: history.skipped))
            return
        }
        if shown.isEmpty {
            say("No walks\(runbook.map { " of \($0)" } ?? "") in \(Self.folders.joined(separator: ", ")).")
        }
        for walk in shown {
            let alert = walk.alertLabels["alertname"] ?? walk.alertTitle ?? "(no alert)"
            let mode = walk.mode == .incident ? "" : " [\(walk.mode.rawValue)]"
            let steps = walk.path.count > 6 ? walk.path.prefix(2) + ["…"] + walk.path.suffix(3) : walk.path[...]
            say(
                "\(Self.when(walk.startedAt))  \(walk.operators.joined(separator: ","))  \(walk.runbook)\(mode)  \(alert)  \(walk.outcomeWords)"
            )
            say("    \(steps.joined(separator: " › "))  (\(walk.path.count) steps)")
        }
        if !history.skipped.isEmpty {
            say(
                "\(history.skipped.count) journal\(history.skipped.count == 1 ? "" : "s") left out: damaged or torn (runbook resume --salvage JOURNAL recovers one)."
            )
        }
    }

    /// `2026-11-26 03:12 UTC`: the same on every machine of a team.
    static func when(_ date: Date) -> String {
        String(date.formatted(.iso8601).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// The journal folders: the state folder, then the shared ones.
    static var folders: [String] { [ConfigFile.journalFolder().value] + ConfigFile.sharedJournals().value }

    /// The walks to show: of `runbook` when given, incidents only unless `all`.
    static func walks(runbook: String?, all: Bool, library: LibraryOptions) -> (JournalHistory, [PastWalk]) {
        let history = JournalHistory.read(folders: folders, library: library.load(), index: JournalIndex.defaultPath())
        let walks = history.walks.filter {
            (runbook == nil || $0.runbook == runbook) && (all || $0.mode == .incident)
        }
        return (history, walks)
    }

    static func json(_ walks: [PastWalk], skipped: [String]) -> String {
        struct Walk: Encodable {
            var journal, runbook, title, mode: String
            var operators: [String]
            var alertname: String?
            var alertTitle: String?
            var startedAt: String
            var seconds: Double
            var status: String?
            var lastStep: String?
            var path: [String]
        }
        struct Out: Encodable {
            var walks: [Walk]
            var skipped: [String]
        }
        let rows = walks.map {
            Walk(
                journal: $0.journal, runbook: $0.runbook, title: $0.title, mode: $0.mode.rawValue,
                operators: $0.operators,
                alertname: $0.alertLabels["alertname"], alertTitle: $0.alertTitle,
                startedAt: $0.startedAt.formatted(.iso8601), seconds: $0.seconds, status: $0.status?.rawValue,
                lastStep: $0.lastStep, path: $0.path)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(Out(walks: rows, skipped: skipped))) ?? Data(), as: UTF8.self)
    }
}
