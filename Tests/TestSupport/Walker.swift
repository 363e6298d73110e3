import Foundation
import RunbookGraph

/// A clock that moves one second per reading from a fixed start.
public final class StepClock: @unchecked Sendable {
    private let lock = NSLock()
    private var now: Date

    public init(start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { now = start }

    public func advance(_ seconds: TimeInterval) {
        lock.lock(); defer { lock.unlock() }
        now += seconds
    }

    public var read: @Sendable () -> Date {
        { [self] in
            lock.lock(); defer { lock.unlock() }
            now += 1
            return now
        }
    }
}

/// Walks a session step by step as an operator would, running no command:
/// results come from the script (the fake runner).
public struct Walker {
    public var recorder: Recorder
    public var session: Session
    public let clock: StepClock

    public init(
        _ runbook: Runbook, library: [Runbook] = [], alert: Alert, overrides: [String: String] = [:],
        mode: SessionStart.Mode = .incident, journal: any JournalSink = MemoryJournal(), operatorName: String = "alice"
    ) throws {
        clock = StepClock()
        recorder = Recorder(journal: journal, operatorName: operatorName, clock: clock.read)
        session = try recorder.start(runbook, library: library, alert: alert, overrides: overrides, mode: mode)
    }

    public var step: String? { session.frame?.step }

    /// Runs the current step's command with a canned result.
    public mutating func run(output: String, exit: Int32 = 0, seconds: Double = 1, timedOut: Bool = false) throws {
        guard let step = self.step else { throw NotAtAStep() }
        let command = session.suggestedCommand ?? ""
        try record(.commandStarted(step: step, command: command, suggested: command, host: session.commandHost))
        clock.advance(seconds)
        try record(
            .commandFinished(
                step: step,
                result: RecordedResult(
                    exitCode: timedOut ? nil : exit, signal: timedOut ? 15 : nil, durationMs: Int64(seconds * 1000),
                    timedOut: timedOut, output: output)))
        // As the UI does once the output is read: the values the step captures are kept.
        if let reading = session.captureReading { try recorder.keepCaptured(reading.values, in: &session) }
    }

    @discardableResult
    public mutating func record(_ event: SessionEvent) throws -> JournalRecord {
        try recorder.record(event, in: &session)
    }
    public mutating func set(_ name: String, _ value: String) throws {
        try recorder.setVariable(name, value, in: &session)
    }
    public mutating func choose(_ outcome: String) throws { try recorder.choose(outcome, in: &session) }
    public mutating func skip(along outcome: String, reason: String) throws {
        try recorder.skip(along: outcome, reason: reason, in: &session)
    }
    public mutating func follow() throws { try recorder.confirmLinkFollowed(in: &session) }
    public mutating func finish() throws { try recorder.finishStep(in: &session) }
    public mutating func goBack() throws { try recorder.goBack(in: &session) }
    public mutating func addNote(_ text: String) throws { try recorder.addNote(text, in: &session) }
}

public struct NotAtAStep: Error {}
