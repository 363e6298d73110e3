import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook triage ALERT`: which runbooks handle this alert, and with what values.
struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Find the runbooks for an alert and show the values each would get.",
        discussion: """
            ALERT is a file, or - for standard input: a PagerDuty title, a Labels:/Annotations: \
            body, or Alertmanager webhook JSON.
            """
    )

    @Argument(help: "The alert: a file, or - for standard input.", completion: .file())
    var alert: String

    @OptionGroup var library: LibraryOptions

    @Option(name: .customLong("set"), help: ArgumentHelp("Give a variable a value.", valueName: "name=value"))
    var assignments: [Assignment] = []

    func run() throws {
        let alert = AlertParser.parse(try readInput(self.alert))
        if let problem = alert.problem { printError("warning: \(self.alert): \(problem)") }
        let catalog = library.catalog()
        let ranked = catalog.triage(alert, overrides: assignments.dictionary)
        say("Alert: \(alert.title ?? "(no title)")")
        if !alert.labels.isEmpty {
            say("Labels: " + alert.labels.keys.sorted().map { "\($0)=\(alert.labels[$0]!)" }.joined(separator: ", "))
        }
        guard !ranked.isEmpty else {
            say("\nNo runbook in \(library.folder) matches this alert.")
            throw ExitCode(1)
        }
        let memory = WalkMemory(
            JournalHistory.read(folders: HistoryCommand.folders, catalog: catalog, index: JournalIndex.defaultPath())
                .walks
        )
        for (i, match) in ranked.enumerated() {
            say("\n\(i + 1). \(match.runbook.id): \(match.runbook.title)")
            say("   \(match.runbook.path)")
            for v in match.runbook.variables {
                if let value = match.resolution.values[v.name] {
                    say("   \(v.name) = \(value)  (\(match.resolution.sources[v.name]!.rawValue))")
                } else if let problem = match.resolution.problems[v.name] {
                    say("   \(v.name): rejected: \(problem)")
                }
            }
            // A captured value is read from a command's output during the walk, not needed up front.
            let captured = Set(catalog.card(id: match.runbook.id)?.captured ?? [])
            let missing = match.resolution.missing(in: match.runbook).map(\.name)
            let needed = missing.filter { !captured.contains($0) }
            if !needed.isEmpty { say("   still needed: \(needed.joined(separator: ", "))") }
            let later = missing.filter { captured.contains($0) }
            if !later.isEmpty { say("   read from command output during the walk: \(later.joined(separator: ", "))") }
            if let said = memory.summary(match.runbook, alert: alert, now: Date()) { say("   history: \(said)") }
        }
    }
}
