import Foundation
import RunbookGraph

/// Each trainee's practice walks and their scores, from the practice journals
/// of the journal folders: what `runbook practice --history` shows a team lead.
public struct PracticeHistory: Sendable {
    public struct Attempt: Sendable {
        public var trainee: String
        public var scenario: String
        public var scenarioTitle: String
        public var startedAt: Date
        /// Nil while the walk has not ended (the score counts a walk that did not end).
        public var ending: Ending.Status?
        public var score: Int
        public var journal: String
    }

    /// Oldest first.
    public var attempts: [Attempt]
    /// Practice journals whose scenario could not be loaded, or that could not be read.
    public var skipped: [String]

    public static func read(folders: [String], library: [Runbook]) -> PracticeHistory {
        let files = Array(Set(folders.flatMap(JournalHistory.journalFiles(under:)))).sorted()
        var attempts: [Attempt] = []
        var skipped: [String] = []
        var scenarios: [String: (Scenario, [Runbook])?] = [:]
        for file in files {
            guard let contents = try? JournalReader.read(path: file), !contents.droppedTornLine,
                case .started(let start)? = contents.records.first?.event
            else {
                skipped.append(file)
                continue
            }
            guard start.mode == .practice else { continue }
            guard let path = start.scenario else {
                skipped.append(file)
                continue
            }
            if scenarios[path] == nil {
                scenarios[path] = try? Scenario.load(path: path, runbookFolders: [])
            }
            guard let (scenario, runbooks) = scenarios[path] ?? nil else {
                skipped.append(file)
                continue
            }
            var session = Session(library: runbooks + library.filter { r in !runbooks.contains { $0.id == r.id } })
            var whole = true
            for record in contents.records {
                do { try session.apply(record) } catch {
                    whole = false
                    break
                }
            }
            guard whole, let first = contents.records.first else {
                skipped.append(file)
                continue
            }
            var ending: Ending.Status?
            if case .ended(let status, _) = session.phase { ending = status }
            attempts.append(
                Attempt(
                    trainee: first.operator, scenario: scenario.id, scenarioTitle: scenario.title, startedAt: first.at,
                    ending: ending, score: Debrief(session: session, scenario: scenario).score, journal: file))
        }
        attempts.sort { $0.startedAt != $1.startedAt ? $0.startedAt < $1.startedAt : $0.journal < $1.journal }
        return PracticeHistory(attempts: attempts, skipped: skipped)
    }
}
