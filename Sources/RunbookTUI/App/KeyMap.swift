import Foundation
/// A key press, as the backend decodes it.
enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    /// Alt (or Esc then the letter): Alt-B, Alt-F.
    case alt(Character)
    case enter, escape, backspace, tab, delete
    case up, down, left, right, pageUp, pageDown, home, end
}

/// Where keys go: one mode at a time, each with its own key map.
enum InputMode: String, CaseIterable, Sendable {
    case picker, walk, link, ended, unrecorded, help, confirm, graph, jobs, prompt, choice, notice
}

/// What a key does. The key maps drive dispatch, the footer and the `?` help
/// from one table per mode, so the three cannot disagree.
enum KeyCommand: Hashable, Sendable {
    // The walk.
    case run, rerun, edit, cancel, interactive, choose(Int), back, note, skip, variables, graph, search, searchNext,
        searchPrevious
    case copy, jobs, hint, help, quit, alert, suspend, openLink, readText, problems, scrollUp, scrollDown, pageUp,
        pageDown, top, bottom, scrollLeft, scrollRight, escalate, snooze, silence
    // Lists and dialogs.
    case up, down, select, close, clearFilter, pasteAlert, switchView, followed, export, retryRecord, yes, no, stopJob
    // Prompts.
    case submit, newline, deleteBack, clearText, pick(Int)
    case cursorLeft, cursorRight, lineStart, lineEnd, wordLeft, wordRight, killWord, killToEnd, deleteForward
}

struct Binding: Sendable {
    var keys: [Key]
    var label: String
    var command: KeyCommand
    var help: String
    /// Shown in the footer (the rest only in `?`).
    var footer: Bool
    /// Only while no text has been typed (in the picker, `q` and `?` are letters of the filter otherwise).
    var onlyWithoutText = false
    /// The footer's word for it (else the help text up to its first comma or parenthesis).
    var short: String?
    /// Listed on the help row of the binding before it (`n` and `N`), so a map fits 80x24.
    var sharesRow = false

    var hint: String {
        if let short { return short }
        let cut = help.prefix { $0 != "," && $0 != "(" && $0 != ";" && $0 != ":" }
        return cut.trimmingCharacters(in: .whitespaces)
    }
}

enum KeyMap {
    /// The bindings of `mode`, in the order help lists them.
    static func bindings(_ mode: InputMode) -> [Binding] {
        switch mode {
        case .picker: picker
        case .walk: walk
        case .link: link
        case .ended: ended
        case .unrecorded: unrecorded
        case .help: helpOverlay
        case .confirm: confirm
        case .graph: graph
        case .jobs: jobs
        case .prompt: prompt
        case .choice: choice
        case .notice: notice
        }
    }

    /// The command `key` gives in `mode`; `hasText`: the mode's text field is not empty.
    static func command(for key: Key, in mode: InputMode, hasText: Bool = false) -> KeyCommand? {
        if mode == .walk, case .char(let c) = key, let n = c.wholeNumberValue, (1...9).contains(n) { return .choose(n) }
        if mode == .choice, case .char(let c) = key, let n = c.wholeNumberValue, (1...9).contains(n) { return .pick(n) }
        return bindings(mode).first { $0.keys.contains(key) && !($0.onlyWithoutText && hasText) }?.command
    }

    /// Modes where letters that are not bound are typed into a text field.
    static func takesText(_ mode: InputMode) -> Bool { mode == .picker || mode == .prompt }

    /// The footer's hints for `mode`: its bindings marked for the footer.
    static func footer(_ mode: InputMode) -> [(String, String)] {
        bindings(mode).filter(\.footer).map { ($0.label, $0.hint) }
    }

    static let helpBinding = Binding(
        keys: [.char("?")], label: "?", command: .help, help: "this help", footer: true, short: "help")

    static let walk: [Binding] = [
        Binding(
            keys: [.enter, .char("r")], label: "Enter", command: .run,
            help: "run the command, or accept the suggested outcome", footer: true, short: "run"),
        Binding(
            keys: (1...9).map { .char(Character(String($0))) }, label: "1-9", command: .choose(0),
            help: "choose an outcome", footer: true, short: "choose"),
        Binding(
            keys: [.char("e")], label: "e", command: .edit, help: "edit the command before running it", footer: true,
            short: "edit"),
        Binding(
            keys: [.char("x"), .ctrl("c")], label: "x/^C", command: .cancel, help: "cancel the running command",
            footer: true, short: "cancel"),
        Binding(keys: [.char("R")], label: "R", command: .rerun, help: "run the command again", footer: false),
        Binding(
            keys: [.char("!")], label: "!", command: .interactive, help: "run it with the whole terminal",
            footer: false, sharesRow: true),
        Binding(
            keys: [.char("b")], label: "b", command: .back, help: "go back a step (recorded, not erased)", footer: true,
            short: "back"),
        Binding(
            keys: [.char("c")], label: "c", command: .note, help: "add a comment (a note) to the journal", footer: true,
            short: "comment"),
        Binding(keys: [.char("s")], label: "s", command: .skip, help: "skip this step, with a reason", footer: false),
        Binding(
            keys: [.char("v")], label: "v", command: .variables,
            help: "the variables, where each value came from; change one", footer: false),
        Binding(
            keys: [.char("a")], label: "a", command: .alert, help: "the alert: labels, annotations, the text pasted",
            footer: false),
        Binding(keys: [.char("t")], label: "t", command: .readText, help: "the step's whole text", footer: false),
        Binding(
            keys: [.char("g")], label: "g", command: .graph, help: "the whole graph; jump back to a visited step",
            footer: true, short: "graph"),
        Binding(
            keys: [.char("/")], label: "/", command: .search, help: "search the output (empty: the last search again)",
            footer: false),
        Binding(keys: [.char("n")], label: "n", command: .searchNext, help: "next match of the search", footer: false),
        Binding(
            keys: [.char("N")], label: "N", command: .searchPrevious, help: "previous match", footer: false,
            sharesRow: true),
        Binding(keys: [.char("y")], label: "y", command: .copy, help: "copy the command", footer: false),
        Binding(
            keys: [.char("o")], label: "o", command: .openLink, help: "open a link in the browser", footer: false,
            sharesRow: true),
        Binding(
            keys: [.char("H")], label: "H", command: .hint, help: "practice: a hint for this step (counted)",
            footer: true, short: "hint"),
        Binding(keys: [.char("J")], label: "J", command: .jobs, help: "background commands; stop one", footer: false),
        Binding(
            keys: [.char("E")], label: "E", command: .escalate,
            help: "escalate: a time-box ran out", footer: false),
        Binding(
            keys: [.char("z")], label: "z", command: .snooze, help: "snooze its prompt", footer: false,
            sharesRow: true),
        silenceBinding,
        Binding(keys: [.char("k"), .up], label: "k/↑", command: .scrollUp, help: "scroll the output up", footer: false),
        Binding(
            keys: [.char("j"), .down], label: "j/↓", command: .scrollDown, help: "scroll the output down", footer: false
        ),
        Binding(keys: [.pageUp], label: "PgUp", command: .pageUp, help: "scroll the output a page up", footer: false),
        Binding(
            keys: [.pageDown], label: "PgDn", command: .pageDown, help: "scroll the output a page down", footer: false),
        Binding(keys: [.left], label: "←", command: .scrollLeft, help: "scroll the output left", footer: false),
        Binding(
            keys: [.right], label: "→", command: .scrollRight, help: "scroll the output right (long lines)",
            footer: false),
        Binding(keys: [.home], label: "Home", command: .top, help: "first line of the output", footer: false),
        Binding(keys: [.end], label: "End", command: .bottom, help: "follow the output", footer: false),
        helpBinding,
        suspendBinding,
        Binding(
            keys: [.char("q")], label: "q", command: .quit, help: "quit (the journal stays; resume later)",
            footer: true, short: "quit")
    ]

    static let silenceBinding = Binding(
        keys: [.char("S")], label: "S", command: .silence,
        help: "silence the alert in Alertmanager, or expire its silence", footer: false)

    static let suspendBinding = Binding(
        keys: [.ctrl("z")], label: "^Z", command: .suspend, help: "suspend; fg comes back",
        footer: false, sharesRow: true)

    static let picker: [Binding] = [
        Binding(keys: [.up], label: "↑", command: .up, help: "select the runbook above", footer: false),
        Binding(keys: [.down], label: "↓", command: .down, help: "select the runbook below", footer: false),
        Binding(
            keys: [.enter], label: "Enter", command: .select, help: "open the selected runbook", footer: true,
            short: "open"),
        Binding(
            keys: [.tab], label: "Tab", command: .pasteAlert, help: "paste an alert: the runbooks that match it",
            footer: true, short: "paste an alert"),
        Binding(
            keys: [.right, .left], label: "←→", command: .switchView,
            help: "Alertmanager's firing alerts, or the runbooks (with --alertmanager)", footer: true, short: "alerts"),
        Binding(
            keys: [.backspace], label: "⌫", command: .deleteBack, help: "delete the last letter of the filter",
            footer: false),
        Binding(
            keys: [.escape], label: "Esc", command: .clearFilter,
            help: "clear the filter and the alert (quit when both are empty)", footer: true, short: "clear"),
        Binding(
            keys: [.char("?")], label: "?", command: .help, help: "this help (when the filter is empty)", footer: true,
            onlyWithoutText: true, short: "help"),
        Binding(
            keys: [.char("q"), .ctrl("c")], label: "q", command: .quit,
            help: "quit (when the filter is empty; else q is typed)", footer: true, onlyWithoutText: true, short: "quit"
        ),
        Binding(
            keys: [.char("!")], label: "!", command: .problems, help: "the files left out of the library, and why",
            footer: false, onlyWithoutText: true),
        Binding(
            keys: [.ctrl("z")], label: "^Z", command: .suspend, help: "suspend to the shell; fg brings it back",
            footer: false)
    ]

    static let link: [Binding] = [
        Binding(
            keys: [.enter], label: "Enter", command: .followed, help: "I followed the link: go on", footer: true,
            short: "followed it, go on"),
        Binding(
            keys: [.char("o")], label: "o", command: .openLink,
            help: "open the link in the browser ($BROWSER, xdg-open or open)", footer: true, short: "open"),
        Binding(
            keys: [.char("y")], label: "y", command: .copy, help: "copy the link to the clipboard", footer: true,
            short: "copy"),
        Binding(keys: [.char("b")], label: "b", command: .back, help: "go back a step", footer: true),
        Binding(
            keys: [.char("c")], label: "c", command: .note, help: "add a comment (a note) to the journal", footer: true,
            short: "comment"),
        helpBinding,
        Binding(
            keys: [.char("q")], label: "q", command: .quit, help: "quit (the journal stays; resume later)",
            footer: true, short: "quit")
    ]

    static let ended: [Binding] = [
        Binding(
            keys: [.char("x")], label: "x", command: .export,
            help: "export the transcript (Markdown, next to the journal)", footer: true,
            short: "export the transcript (Markdown)"),
        Binding(
            keys: [.char("c")], label: "c", command: .note, help: "add a comment (a note) to the journal", footer: true,
            short: "comment"),
        silenceBinding,
        helpBinding,
        Binding(keys: [.char("q"), .enter, .escape], label: "q", command: .quit, help: "quit", footer: true)
    ]

    static let unrecorded: [Binding] = [
        Binding(
            keys: [.char("r"), .enter], label: "r", command: .retryRecord,
            help: "record what happened again (after freeing space)", footer: true, short: "record it again"),
        Binding(
            keys: [.char("q")], label: "q", command: .quit, help: "quit (what is not recorded is said on the way out)",
            footer: true)
    ]

    static let helpOverlay: [Binding] = [
        Binding(
            keys: [.escape, .enter, .char("q"), .char("?")], label: "Esc", command: .close, help: "close this help",
            footer: true),
        Binding(
            keys: [.down, .char("j")], label: "↓ j", command: .down, help: "scroll the help down (a small terminal)",
            footer: false),
        Binding(keys: [.up, .char("k")], label: "↑ k", command: .up, help: "scroll the help up", footer: false)
    ]

    static let notice: [Binding] = [
        Binding(keys: [.escape, .enter, .char("q")], label: "Esc", command: .close, help: "close", footer: true),
        Binding(
            keys: [.down, .char("j"), .pageDown, .char(" ")], label: "↓ j", command: .down,
            help: "scroll down (also PgDn, Space)", footer: false),
        Binding(
            keys: [.up, .char("k"), .pageUp], label: "↑ k", command: .up, help: "scroll up (also PgUp)", footer: false),
        helpBinding
    ]

    static let confirm: [Binding] = [
        Binding(keys: [.char("y"), .char("Y")], label: "y", command: .yes, help: "run it", footer: true),
        Binding(keys: [.char("e")], label: "e", command: .edit, help: "edit it first", footer: true),
        Binding(
            keys: [.char("n"), .escape, .ctrl("c"), .char("q")], label: "n/Esc", command: .no, help: "do not run it",
            footer: true)
    ]

    static let graph: [Binding] = [
        Binding(keys: [.up, .char("k")], label: "↑/k", command: .up, help: "the step above", footer: true),
        Binding(keys: [.down, .char("j")], label: "↓/j", command: .down, help: "the step below", footer: true),
        Binding(
            keys: [.enter], label: "Enter", command: .select, help: "jump back to that step (if the walk was there)",
            footer: true),
        Binding(
            keys: [.escape, .char("q"), .char("g")], label: "Esc", command: .close, help: "close the graph",
            footer: true)
    ]

    static let jobs: [Binding] = [
        Binding(keys: [.up, .char("k")], label: "↑/k", command: .up, help: "the job above", footer: true),
        Binding(keys: [.down, .char("j")], label: "↓/j", command: .down, help: "the job below", footer: true),
        Binding(
            keys: [.char("x"), .delete], label: "x", command: .stopJob, help: "stop the selected job", footer: true),
        Binding(
            keys: [.escape, .char("q"), .char("J")], label: "Esc", command: .close, help: "close the list", footer: true
        )
    ]

    static let prompt: [Binding] = [
        Binding(
            keys: [.enter], label: "Enter", command: .submit, help: "done (in a pasted alert: a new line)", footer: true
        ),
        Binding(
            keys: [.ctrl("d")], label: "^D", command: .submit, help: "done, for text of several lines", footer: false),
        Binding(keys: [.left], label: "←", command: .cursorLeft, help: "the cursor a letter left", footer: false),
        Binding(keys: [.right], label: "→", command: .cursorRight, help: "the cursor a letter right", footer: false),
        Binding(
            keys: [.home, .ctrl("a")], label: "Home ^A", command: .lineStart, help: "the cursor to the start",
            footer: false),
        Binding(
            keys: [.end, .ctrl("e")], label: "End ^E", command: .lineEnd, help: "the cursor to the end", footer: false),
        Binding(keys: [.alt("b")], label: "Alt-B", command: .wordLeft, help: "the cursor a word back", footer: false),
        Binding(
            keys: [.alt("f")], label: "Alt-F", command: .wordRight, help: "the cursor a word forward", footer: false),
        Binding(
            keys: [.backspace], label: "⌫", command: .deleteBack, help: "delete the letter before the cursor",
            footer: false),
        Binding(
            keys: [.delete], label: "Del", command: .deleteForward, help: "delete the letter under the cursor",
            footer: false),
        Binding(
            keys: [.ctrl("w")], label: "^W", command: .killWord, help: "delete the word before the cursor",
            footer: false),
        Binding(
            keys: [.ctrl("k")], label: "^K", command: .killToEnd, help: "delete from the cursor to the end",
            footer: false),
        Binding(
            keys: [.ctrl("u")], label: "^U", command: .clearText, help: "delete from the start to the cursor",
            footer: false),
        Binding(keys: [.escape, .ctrl("c")], label: "Esc", command: .close, help: "cancel", footer: true)
    ]

    static let choice: [Binding] = [
        Binding(keys: [.up], label: "↑", command: .up, help: "the choice above", footer: true),
        Binding(keys: [.down], label: "↓", command: .down, help: "the choice below", footer: true),
        Binding(
            keys: (1...9).map { .char(Character(String($0))) }, label: "1-9", command: .pick(0),
            help: "pick that choice", footer: true),
        Binding(keys: [.enter], label: "Enter", command: .submit, help: "pick the selected choice", footer: true),
        Binding(keys: [.escape, .ctrl("c")], label: "Esc", command: .close, help: "cancel", footer: true)
    ]
}
