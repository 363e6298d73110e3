import Foundation
import RunbookGraph

/// What the app can do beyond its state, injected so tests run without a
/// terminal, processes or files. Update reaches the world only through these
/// clients; everything else it asks for is an `Effect`.
struct AppEnvironment {
    /// The library's cards (runbooks and scenarios) and the files left out of it.
    var catalog: LibraryCatalog
    /// Reads a card's runbook in full, to walk it (a file read: the picker lists cards only).
    var open: (_ card: RunbookCard) throws -> Runbook
    /// Opens a walk: its journal (which `journal` then appends to) and its first records.
    var startWalk: (_ runbook: Runbook, _ alert: Alert, _ overrides: [String: String]) throws -> WalkState
    /// Starts the practice scenario of a card (nil: the picker offers none).
    var startPractice: ((RunbookCard) throws -> WalkState)?
    /// The open walk's journal. Update appends each event here (fsynced) and
    /// keeps it in the state only once the append succeeded.
    var journal: any JournalSink
    /// Values typed in earlier walks, offered again (never used silently).
    var memory = ValueMemory.none
    var operatorName = "operator"
    var now: @Sendable () -> Date
    var config = ExecutionConfig()
    /// Files left out of the library, one line each: the picker counts them and `!` lists them.
    var libraryProblems: [String] { catalog.problems }
    /// The configured Alertmanager's address (nil: none; no Alerts view, no silences).
    var alertmanager: String?
    /// Seconds between reads of Alertmanager's alerts while the picker shows.
    var alertRefresh: TimeInterval = 30
    /// Journal folders whose walks the picker and the walk remember (none: no memory).
    var historyFolders: [String] = []
    /// The journal index that spares parsing them all again (nil: parse them all).
    var historyIndex: String?

    /// Records the walk's events through `journal`.
    var recorder: Recorder { Recorder(journal: journal, operatorName: operatorName, clock: now) }
}

/// Values an operator typed, per runbook: offered again in the next walk.
struct ValueMemory: Sendable {
    var values: @Sendable (_ runbook: String) -> [String: String]
    var remember: @Sendable (_ value: String, _ variable: Variable, _ runbook: String) -> Void

    /// Remembers nothing (benchmarks, tests that do not look at it).
    static let none = ValueMemory(values: { _ in [:] }, remember: { _, _, _ in })

}
