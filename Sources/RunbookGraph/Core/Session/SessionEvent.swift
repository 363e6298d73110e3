import Foundation

/// How the walk began: everything needed to rebuild it elsewhere.
public struct SessionStart: Sendable, Equatable, Codable {
    public enum Mode: String, Sendable, Codable {
        case incident, practice
        /// `--dry-run`: commands are shown, never run.
        case dryRun = "dry-run"
    }

    public var runbook: String
    public var title: String
    /// The runbook file as given when the walk started.
    public var path: String
    /// Content hash of the runbook file, to notice a resume against another version.
    public var hash: String
    public var mode: Mode
    public var alert: Alert
    /// Journal format version.
    public var format: Int
    /// In practice mode: the scenario file walked.
    public var scenario: String?

    public init(
        runbook: String, title: String, path: String, hash: String, mode: Mode = .incident,
        alert: Alert, format: Int = SessionStart.currentFormat
    ) {
        self.runbook = runbook
        self.title = title
        self.path = path
        self.hash = hash
        self.mode = mode
        self.alert = alert
        self.format = format
    }

    public static let currentFormat = 1
}

/// Everything that can happen in a walk. Each is journaled before it takes effect.
public enum SessionEvent: Sendable, Equatable {
    case started(SessionStart)
    case variableSet(name: String, value: String, source: ValueSource)
    case commandStarted(step: String, command: String, suggested: String, host: String?)
    /// The command of `step` runs as process group `group` (recorded once it
    /// is spawned, so a walk resumed after a crash can find and stop it).
    case commandProcess(step: String, group: Int32)
    case commandFinished(step: String, result: RecordedResult)
    case outcomeChosen(step: String, outcome: String, suggested: String?, reason: String?)
    case stepSkipped(step: String, outcome: String, reason: String)
    case wentBack(from: String, to: String)
    case noteAdded(step: String?, text: String)
    /// Practice mode: the trainee asked for the hint of a step.
    case hintShown(step: String)
    /// Entered a linked runbook the library has.
    case linkEntered(runbook: String)
    /// The operator followed a link to a document outside the library and confirmed.
    case linkFollowed(url: String)
    /// A linked runbook ended and the walk came back to `to`.
    case linkReturned(runbook: String, to: String)
    case ended(status: Ending.Status, to: String?)
    /// A time-box ran out and the prompt to escalate was shown.
    case timeboxPassed(scope: TimeboxScope, limit: RunDuration)
    /// The operator escalated from the prompt, to whom the time-box names.
    case timeboxEscalated(scope: TimeboxScope, to: String?)
    /// The operator hid the prompt for `duration`.
    case timeboxSnoozed(scope: TimeboxScope, duration: RunDuration)
    /// A silence for the walked alert was created in Alertmanager.
    case silenceCreated(WalkSilence)
    /// The silence `id` was expired in Alertmanager.
    case silenceExpired(id: String)

    public var name: String {
        switch self {
        case .started: "started"
        case .variableSet: "variable-set"
        case .commandStarted: "command-started"
        case .commandProcess: "command-process"
        case .commandFinished: "command-finished"
        case .outcomeChosen: "outcome-chosen"
        case .stepSkipped: "step-skipped"
        case .wentBack: "went-back"
        case .noteAdded: "note-added"
        case .hintShown: "hint-shown"
        case .linkEntered: "link-entered"
        case .linkFollowed: "link-followed"
        case .linkReturned: "link-returned"
        case .ended: "ended"
        case .timeboxPassed: "timebox-passed"
        case .timeboxEscalated: "timebox-escalated"
        case .timeboxSnoozed: "timebox-snoozed"
        case .silenceCreated: "silence-created"
        case .silenceExpired: "silence-expired"
        }
    }
}

/// One line of the journal.
public struct JournalRecord: Sendable, Equatable {
    public var seq: Int
    public var at: Date
    public var `operator`: String
    public var event: SessionEvent

    public init(seq: Int, at: Date, operator: String, event: SessionEvent) {
        self.seq = seq
        self.at = at
        self.operator = `operator`
        self.event = event
    }
}

extension Ending.Status: Codable {}

/// What a time-box is on: the whole walk of a runbook, or one step.
public enum TimeboxScope: Sendable, Hashable {
    case runbook(String)
    case step(String)

    public var words: String {
        switch self {
        case .runbook: "this walk"
        case .step(let id): "step \(id)"
        }
    }
}

/// A silence made from the walk: enough to show it, expire it, and find it
/// again when the walk is resumed.
public struct WalkSilence: Sendable, Equatable {
    public var id: String
    /// The Alertmanager's address, without any user name or password.
    public var alertmanager: String
    public var matchers: [SilenceMatcher]
    public var endsAt: Date
    public var comment: String

    public init(id: String, alertmanager: String, matchers: [SilenceMatcher], endsAt: Date, comment: String) {
        self.id = id
        self.alertmanager = alertmanager
        self.matchers = matchers
        self.endsAt = endsAt
        self.comment = comment
    }

    /// `alertname="X", instance="y"`.
    public var matcherText: String { matchers.map(\.text).joined(separator: ", ") }
}
