import Foundation

/// One walk as a journal tells it afterwards: who, for which alert, how it
/// ended, how long it took, and the way it went. What `runbook history` lists
/// and `runbook stats` counts.
public struct PastWalk: Sendable, Codable {
    /// The time spent at one step, and how the walk left it.
    public struct Visit: Sendable, Equatable, Codable {
        public var step: String
        public var seconds: Double
        /// The outcome taken (nil: went back, or still there).
        public var outcome: String?
        /// The engine's suggestion when the outcome was taken, if it made one.
        public var suggested: String?
    }

    public var journal: String
    public var runbook: String
    public var title: String
    public var mode: SessionStart.Mode
    public var operators: [String]
    public var alertTitle: String?
    public var alertLabels: [String: String]
    public var startedAt: Date
    /// The last record's time: the end, or where an open walk stopped.
    public var lastAt: Date
    public var status: Ending.Status?
    /// The step the walk ended at (or is at).
    public var lastStep: String?
    /// The steps of the practised runbook the walk passed, in order (gone-back steps left out).
    public var path: [String]
    /// Every visit of the runbook's steps, detours included.
    public var visits: [Visit]
    /// The runbook was not in the library: the path is as far as the records name steps.
    public var partial = false

    public var seconds: Double { lastAt.timeIntervalSince(startedAt) }

    /// Rebuilt from a journal's records; `library` gives the exact path when it holds the runbook.
    public init?(journal: String, records: [JournalRecord], library: [String: Runbook]) {
        guard case .started(let start)? = records.first?.event, let first = records.first else { return nil }
        self.journal = journal
        runbook = start.runbook
        title = start.title
        mode = start.mode
        operators = Array(Set(records.map(\.operator))).sorted()
        alertTitle = start.alert.title
        alertLabels = start.alert.labels
        startedAt = first.at
        lastAt = records.last?.at ?? first.at
        path = []
        visits = []
        for record in records { if case .ended(let status, _) = record.event { self.status = status } }
        if library[start.runbook] != nil {
            var session = Session(library: library)
            for record in records {
                do { try session.apply(record) } catch { break }
            }
            for visit in session.visits where visit.runbook == start.runbook {
                var entry = Visit(
                    step: visit.step, seconds: (visit.left ?? lastAt).timeIntervalSince(visit.arrived), outcome: nil)
                if case .outcome(let id, _, let suggested, _)? = visit.exit {
                    entry.outcome = id
                    entry.suggested = suggested
                } else if case .skipped(let outcome, _)? = visit.exit {
                    entry.outcome = outcome
                }
                visits.append(entry)
            }
            path = session.path.compactMap { entry in
                let parts = entry.split(separator: "/", maxSplits: 1)
                return parts.count == 2 && parts[0] == start.runbook ? String(parts[1]) : nil
            }
            lastStep = session.frame?.step ?? path.last
        } else {
            // Without the runbook: the steps the records name, in order.
            partial = true
            for record in records {
                switch record.event {
                case .outcomeChosen(let step, let outcome, let suggested, _):
                    visits.append(Visit(step: step, seconds: 0, outcome: outcome, suggested: suggested))
                    if path.last != step { path.append(step) }
                case .commandStarted(let step, _, _, _), .stepSkipped(let step, _, _):
                    if path.last != step { path.append(step) }
                default: break
                }
            }
            lastStep = path.last
        }
    }

    /// "resolved at delete-pod in 14 min", "escalated at escalate-dev in 1 h 02 min", "open at calico".
    public var outcomeWords: String {
        let at = lastStep.map { " at \($0)" } ?? ""
        guard let status else { return "open\(at)" }
        return "\(status.rawValue)\(at) in \(RunDuration(milliseconds: Int64(seconds * 1000)).humanized)"
    }
}
