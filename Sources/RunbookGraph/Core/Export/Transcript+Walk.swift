import Foundation

extension Transcript {
    /// The transcript of a walk, as both `runbook export` and the UI's `x`
    /// write it: redacted (unless `redact` is false, with `patterns` on top of
    /// the built-in ones), carrying the debrief when it was a practice walk of `scenario`.
    public static func of(
        _ session: Session, scenario: Scenario?, redact: Bool = true,
        patterns: [String] = []
    ) throws -> Transcript {
        var transcript = Transcript(
            session: session, redactor: try redactor(for: session, enabled: redact, patterns: patterns))
        transcript.debrief = scenario.map { Debrief(session: session, scenario: $0) }
        return transcript
    }
}
