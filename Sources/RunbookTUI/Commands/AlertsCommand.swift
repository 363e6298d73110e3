import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook alerts`: what fires in Alertmanager, and the runbook for each.
struct AlertsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "List the alerts in Alertmanager with the runbook that handles each.",
        discussion: """
            Reads GET /api/v2/alerts. Exits 1 when a firing alert (not silenced or inhibited) \
            has no runbook, 2 when Alertmanager cannot be read.
            """
    )

    @OptionGroup var alertmanager: AlertmanagerOptions
    @OptionGroup var library: LibraryOptions

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        guard let client = try alertmanager.client() else {
            throw ValidationError("give --alertmanager URL or set RUNBOOK_ALERTMANAGER")
        }
        let alerts: [FiringAlert]
        switch client.alerts() {
        case .success(let list): alerts = list
        case .failure(let error):
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let inbox = AlertInbox(alerts, library: library.load(), address: client.address)
        if json {
            print(Self.json(inbox))
        } else {
            printTable(inbox)
        }
        if !inbox.unhandled.isEmpty { throw ExitCode(1) }
    }

    private func printTable(_ inbox: AlertInbox) {
        guard !inbox.groups.isEmpty else {
            say("No alerts in \(inbox.address).")
            return
        }
        for group in inbox.groups {
            say("\(group.alertname) (\(group.entries.count))")
            for entry in group.entries {
                let state = entry.alert.state == .active ? "firing" : entry.alert.state.rawValue
                say("  \(entry.alert.fingerprint)  \(state)  \(entry.identity)")
                if let best = entry.best {
                    let others = entry.matches.count > 1 ? " (+\(entry.matches.count - 1) more)" : ""
                    say("    runbook: \(best.runbook.id)\(others)  \(entry.valuesText)")
                } else {
                    say("    runbook: none matches")
                }
            }
        }
        let unhandled = inbox.unhandled.count
        if unhandled > 0 { say("\n\(unhandled) firing alert\(unhandled == 1 ? " has" : "s have") no runbook.") }
    }

    /// One object per alert: what `triage` would pick, machine-readable.
    static func json(_ inbox: AlertInbox) -> String {
        struct Row: Encodable {
            var alertname: String
            var fingerprint: String
            var state: String
            var startsAt: String
            var labels: [String: String]
            var annotations: [String: String]
            var silencedBy: [String]
            var runbook: String?
            var runbooks: [String]
            var values: [String: String]
        }
        struct Out: Encodable {
            var alertmanager: String
            var alerts: [Row]
            var unhandled: Int
        }
        let rows = inbox.entries.map { e in
            Row(
                alertname: e.alert.alertname, fingerprint: e.alert.fingerprint, state: e.alert.state.rawValue,
                startsAt: e.alert.startsAt, labels: e.alert.labels, annotations: e.alert.annotations,
                silencedBy: e.alert.silencedBy, runbook: e.best?.runbook.id, runbooks: e.matches.map(\.runbook.id),
                values: e.best?.resolution.values ?? [:])
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data =
            (try? encoder.encode(Out(alertmanager: inbox.address, alerts: rows, unhandled: inbox.unhandled.count)))
        return String(decoding: data ?? Data(), as: UTF8.self)
    }
}
