import Foundation

/// How a practice walk went against the scenario: the paths side by side,
/// each wrong turn with its explanation, hints, commands, time, and a score.
///
/// Score (out of 100, never below 0), documented in docs/PRACTICE.md:
/// - 20 off for each step of the expected path where the trainee took another way on;
/// - 15 off when the walk did not end as expected (or did not end);
/// - 5 off for each hint shown;
/// - 2 off for each command run beyond the commands the expected path needs.
public struct Debrief: Sendable, Codable, Equatable {
    public struct Divergence: Sendable, Codable, Equatable {
        public var step: String
        public var expectedNext: String
        public var took: String
        public var explanation: String?
    }

    public var scenario: String
    public var trainee: String
    public var takenPath: [String]
    public var expectedPath: [String]
    public var divergences: [Divergence]
    public var hintsUsed: Int
    public var commandsRun: Int
    public var commandsNeeded: Int
    public var ending: String?
    public var expectedEnding: String?
    public var durationMs: Int64?
    /// Time-boxes that ran out (the prompt to escalate was shown).
    public var timeboxPrompts: Int = 0
    /// How often the trainee snoozed that prompt instead of escalating.
    public var snoozes: Int = 0
    /// How long after the first prompt the trainee escalated (practice time:
    /// the clock plus what the recorded commands took); nil when never.
    public var escalatedAfterMs: Int64?
    public var score: Int = 0

    public static let perWrongTurn = 20
    public static let forWrongEnding = 15
    public static let perHint = 5
    public static let perExtraCommand = 2
    /// Each snooze of a prompt to escalate: at 3 a.m. the clock is the one thing nobody watches.
    public static let perSnooze = 5
    /// Prompted to escalate and never did.
    public static let forNoEscalation = 15

    public init(session: Session, scenario: Scenario) {
        self.scenario = scenario.id
        trainee = session.records.last?.operator ?? ""
        let runbook = scenario.runbook
        let visits = session.visits.filter { $0.runbook == runbook }
        takenPath = visits.map(\.step)
        expectedPath = scenario.expectedPath
        var wrong: [Divergence] = []
        for visit in visits {
            guard let i = scenario.expectedPath.firstIndex(of: visit.step), i + 1 < scenario.expectedPath.count,
                !wrong.contains(where: { $0.step == visit.step })
            else { continue }
            let outcomeID: String?
            switch visit.exit {
            case .outcome(let id, _, _, _)?: outcomeID = id
            case .skipped(let id, _)?: outcomeID = id
            default: outcomeID = nil
            }
            guard let outcomeID,
                let outcome = session.library[runbook]?.step(visit.step)?.outcomes.first(where: { $0.id == outcomeID })
            else { continue }
            let next = outcome.next.stepID ?? "(handed off)"
            let expected = scenario.expectedPath[i + 1]
            if next != expected {
                wrong.append(
                    Divergence(
                        step: visit.step, expectedNext: expected, took: next,
                        explanation: scenario.explanations[visit.step]))
            }
        }
        divergences = wrong
        hintsUsed = session.hintsShown.count
        commandsRun = session.records.filter { if case .commandStarted = $0.event { true } else { false } }.count
        let library = session.library[runbook]
        commandsNeeded = scenario.expectedPath.filter { library?.step($0)?.run != nil }.count
        if case .ended(let status, _) = session.phase { ending = status.rawValue }
        expectedEnding = scenario.expectedEnding?.rawValue
        if let start = session.startedAt, let end = session.endedAt {
            durationMs = Int64(end.timeIntervalSince(start) * 1000)
        }
        scoreEscalation(session)
        var score = 100
        score -= Self.perWrongTurn * divergences.count
        score -= Self.perSnooze * snoozes
        let escalatedAtEnd = ending == Ending.Status.escalated.rawValue
        if timeboxPrompts > 0, escalatedAfterMs == nil, !escalatedAtEnd { score -= Self.forNoEscalation }
        if let expectedEnding, ending != expectedEnding { score -= Self.forWrongEnding }
        score -= Self.perHint * hintsUsed
        score -= Self.perExtraCommand * max(0, commandsRun - commandsNeeded)
        self.score = max(0, score)
    }

    /// Time-box prompts, snoozes, and how long after the first prompt the trainee escalated.
    mutating func scoreEscalation(_ session: Session) {
        var firstPrompt: Date?
        for entry in session.timeboxLog {
            switch entry.event {
            case .timeboxPassed:
                timeboxPrompts += 1
                firstPrompt = firstPrompt ?? entry.at
            case .timeboxSnoozed: snoozes += 1
            case .timeboxEscalated:
                if escalatedAfterMs == nil, let firstPrompt {
                    escalatedAfterMs = session.elapsed(since: firstPrompt, now: entry.at).milliseconds
                }
            default: break
            }
        }
    }

    /// For the debrief screen and the transcript.
    public func markdown() -> String {
        var out = ["## Debrief: \(score)/100", ""]
        out.append("| Expected path | Path taken |")
        out.append("|---|---|")
        for i in 0..<max(expectedPath.count, takenPath.count) {
            out.append(
                "| \(i < expectedPath.count ? expectedPath[i] : "") | \(i < takenPath.count ? takenPath[i] : "") |")
        }
        out.append("")
        if divergences.isEmpty {
            out.append("No wrong turns.")
        } else {
            for d in divergences {
                out.append(
                    "- At `\(d.step)` you went to `\(d.took)`; the expected way was `\(d.expectedNext)`."
                        + (d.explanation.map { " Why: \($0)" } ?? ""))
            }
        }
        out.append("")
        out.append(
            "Ending: \(ending ?? "not ended") (expected \(expectedEnding ?? "any")) · hints: \(hintsUsed) · commands run: \(commandsRun) of \(commandsNeeded) needed"
                + (durationMs.map { " · time: \(RunDuration(milliseconds: $0).humanized)" } ?? ""))
        if timeboxPrompts > 0 {
            let escalated = escalatedAfterMs.map {
                "escalated \(RunDuration(milliseconds: $0).humanized) after the first prompt"
            }
            out.append(
                "Time-box: ran out \(timeboxPrompts) time(s) · snoozed \(snoozes) time(s) · "
                    + (escalated ?? (ending == "escalated" ? "escalated at the end" : "never escalated")))
        }
        return out.joined(separator: "\n")
    }
}
