import Foundation
import RunbookGraph

/// How the UI looks on this terminal.
struct DisplayOptions: Sendable, Equatable {
    var ascii = false
    var color = true
}

struct WalkState {
    /// The walk as the journal holds it. Changed in place, only through the
    /// environment's recorder: an event costs the same however long the walk.
    var session: Session
    var journalPath: String?
    var output = OutputWindow()
    var commands = CommandRegistry()
    /// Lines scrolled up from the bottom of the output (0: follow).
    var scroll = 0
    /// Columns the output is scrolled to the right (long log lines).
    var hscroll = 0
    var search: String?
    /// The output line of the match shown (n and N go on from it).
    var searchHit: Int?
    var exportedPath: String?
    /// The walk ended and its background commands were told to stop.
    var stoppingJobs = false
    /// Practice mode: the recorded incident being walked.
    var scenario: Scenario?
    /// What happened but could not be journaled (a full disk), oldest first,
    /// and why. Until they are recorded the walk goes no further and the
    /// screen says so: it never shows as done what the journal does not hold.
    var unrecorded: [SessionEvent] = []
    var journalProblem: String?
    /// The engine's suggestion for the step, worked out off the UI thread once
    /// per change of what it depends on (`Session.suggestionKey`), never per frame.
    var suggestion = SuggestionState()
    /// Practice: the suggestion is worked out but not shown (it would give the answers away).
    var hideSuggestions = false
    /// Captures already asked for (step and result): a capture that failed is asked once.
    var askedCaptures: Set<String> = []
    /// The end of the walk offered to expire its silences (asked once).
    var offeredSilenceExpiry = false

    init(session: Session, journalPath: String?) {
        self.session = session
        self.journalPath = journalPath
    }

    /// The suggestion as the operator sees it.
    var shownSuggestion: OutcomeSuggestion? { hideSuggestions ? nil : suggestion.value }
    /// The command whose output the pane shows.
    var run: CommandRun? { commands.shown }
    var jobs: [CommandRun] { commands.jobs }

    var isRunning: Bool { run.map { $0.isRunning && !$0.background } == true && !isUnrecorded }
    var isUnrecorded: Bool { !unrecorded.isEmpty }
}

struct SuggestionState: Equatable {
    /// The `suggestionKey` it was (or is being) worked out for.
    var key: String?
    var value: OutcomeSuggestion?
    var pending = false
    /// The patterns took longer than the budget: no suggestion.
    var tooSlow = false

    static let tooSlowNote =
        "no suggestion: a pattern took longer than \(Int(BudgetedWork.defaultBudget * 1000)) ms on this output"
}

struct PickerState {
    var filter = ""
    var selected = 0
    var alert: Alert?
    var overrides: [String: String] = [:]
    /// The Alerts view (Alertmanager's firing alerts) rather than the library.
    var showsAlerts = false
}

/// What Alertmanager last said, and when to ask again.
struct InboxState {
    /// The last list read; kept on screen while a later read fails.
    var list: AlertInbox?
    var updatedAt: Date?
    /// Why the last read failed (cleared by the next that succeeds).
    var problem: String?
    /// Reads failed in a row: the wait before the next doubles with each, up to the refresh interval.
    var failures = 0
    var fetching = false
    var nextFetch = Date.distantPast
}

/// A text or choice question in a box over the screen.
extension Prompt {
    /// Applies a line edit to the text at the cursor.
    mutating func edit(_ change: (inout LineEdit) -> Void) {
        var line = LineEdit(text, cursor: cursor)
        change(&line)
        text = line.string
        cursor = line.cursor == line.text.count ? nil : line.cursor
    }
}

struct Prompt: Equatable {
    enum Purpose: Equatable {
        case variable(String)
        case note
        case skipReason(outcome: String)
        case skipOutcome
        case editCommand
        case search
        case pasteAlert
        case pickVariable
        /// Which of the step's links to open.
        case openLink
        /// `q` while command `run` runs: stop it and quit, keep it as a job, or cancel.
        case quitWhileRunning(run: Int)
        /// For how long to silence the walked alert (a choice; "typed" asks `silenceDuration`).
        case silenceFor
        case silenceDuration
        /// Expire the walk's silence `id`, or keep it.
        case silenceExpiry(id: String)
    }

    var purpose: Purpose
    var title: String
    var detail: String?
    var text = ""
    /// Where typing goes, in letters from the start; nil: at the end.
    var cursor: Int?
    /// Typed text shown as bullets (a secret variable's value).
    var secret = false
    var choices: [(label: String, value: String)] = []
    var selected = 0
    var error: String?
    var multiline = false

    static func == (a: Prompt, b: Prompt) -> Bool {
        a.purpose == b.purpose && a.title == b.title && a.text == b.text && a.cursor == b.cursor
            && a.selected == b.selected && a.error == b.error
    }
}

enum Overlay {
    /// The keys of the mode it was opened from, from row `top` (a small terminal scrolls it).
    case help(InputMode, top: Int = 0)
    case prompt(Prompt)
    case confirm(CommandPlan)
    /// `selected` is a row of the graph outline, as drawn.
    case graph(selected: Int)
    case jobs(selected: Int)
    /// Text to read, closed with Esc: a practice hint, the alert, a long step text; from row `top`.
    case notice(title: String, text: String, top: Int = 0)
}

enum Screen {
    case picker
    case walk
}

struct AppState {
    var width: Int
    var height: Int
    var screen: Screen
    var picker = PickerState()
    var inbox = InboxState()
    /// Earlier walks, read off the UI thread after the first frame (nil until then).
    var memory: WalkMemory?
    var walk: WalkState?
    var overlay: Overlay?
    /// A one-line message under the header, cleared by the next key.
    var status: String?
    var display = DisplayOptions()
    var now: Date
    var spinner = 0
    var quitting = false
    var nextRunID = 1

    /// Half of a split screen still walks (a compact layout); smaller says so.
    static let minimumWidth = 60
    static let minimumHeight = 16

    var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Where the next key goes (its key map).
    var inputMode: InputMode {
        switch overlay {
        case .help?: return .help
        case .prompt(let prompt)?: return prompt.choices.isEmpty ? .prompt : .choice
        case .confirm?: return .confirm
        case .graph?: return .graph
        case .jobs?: return .jobs
        case .notice?: return .notice
        case nil: break
        }
        guard screen == .walk, let walk else { return .picker }
        if walk.isUnrecorded { return .unrecorded }
        if walk.session.isEnded { return .ended }
        return walk.session.phase == .atLink ? .link : .walk
    }

    /// The text field of the mode holds text (the picker's filter, a prompt's text).
    var hasText: Bool {
        if case .prompt(let prompt)? = overlay { return !prompt.text.isEmpty }
        return !picker.filter.isEmpty
    }
}
