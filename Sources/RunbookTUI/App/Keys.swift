/// A key press, as the backend decodes it.
enum Key: Hashable, Sendable {
    case char(Character)
    case ctrl(Character)
    case enter, escape, backspace, tab, delete
    case up, down, left, right, pageUp, pageDown, home, end
}

/// What a key does in the walk. One table drives both dispatch and the
/// `?` help overlay and footer hints, so they cannot disagree.
enum KeyCommand: Hashable, Sendable {
    case run, rerun, edit, cancel, interactive, choose(Int), back, note, skip, variables, graph, search, copy
    case jobs, hint, help, quit, scrollUp, scrollDown, pageUp, pageDown, top, bottom, scrollLeft, scrollRight
}

struct Binding: Sendable {
    var keys: [Key]
    var label: String
    var command: KeyCommand
    var help: String
    /// Shown in the footer (the rest only in `?`).
    var footer: Bool
}

enum KeyTable {
    static let walk: [Binding] = [
        Binding(keys: [.enter, .char("r")], label: "Enter", command: .run, help: "run the command, or accept the suggested outcome", footer: true),
        Binding(keys: (1...9).map { .char(Character(String($0))) }, label: "1-9", command: .choose(0), help: "choose an outcome", footer: true),
        Binding(keys: [.char("e")], label: "e", command: .edit, help: "edit the command before running it", footer: true),
        Binding(keys: [.char("x"), .ctrl("c")], label: "x/^C", command: .cancel, help: "cancel the running command", footer: true),
        Binding(keys: [.char("R")], label: "R", command: .rerun, help: "run the command again", footer: false),
        Binding(keys: [.char("!")], label: "!", command: .interactive, help: "hand the whole terminal to the command, then return", footer: false),
        Binding(keys: [.char("b")], label: "b", command: .back, help: "go back a step (recorded, not erased)", footer: true),
        Binding(keys: [.char("n")], label: "n", command: .note, help: "add a note to the journal", footer: true),
        Binding(keys: [.char("s")], label: "s", command: .skip, help: "skip this step, with a reason", footer: false),
        Binding(keys: [.char("v")], label: "v", command: .variables, help: "show and change the variables", footer: false),
        Binding(keys: [.char("g")], label: "g", command: .graph, help: "the whole graph; jump back to a visited step", footer: true),
        Binding(keys: [.char("/")], label: "/", command: .search, help: "search the output", footer: false),
        Binding(keys: [.char("y")], label: "y", command: .copy, help: "copy the command to the clipboard (OSC 52)", footer: false),
        Binding(keys: [.char("h")], label: "h", command: .hint, help: "practice: a hint for this step (counted)", footer: true),
        Binding(keys: [.char("J")], label: "J", command: .jobs, help: "background commands; stop one", footer: false),
        Binding(keys: [.char("k"), .up], label: "k/↑", command: .scrollUp, help: "scroll the output up", footer: false),
        Binding(keys: [.char("j"), .down], label: "j/↓", command: .scrollDown, help: "scroll the output down", footer: false),
        Binding(keys: [.pageUp], label: "PgUp", command: .pageUp, help: "scroll the output a page up", footer: false),
        Binding(keys: [.pageDown], label: "PgDn", command: .pageDown, help: "scroll the output a page down", footer: false),
        Binding(keys: [.left], label: "←", command: .scrollLeft, help: "scroll the output left", footer: false),
        Binding(keys: [.right], label: "→", command: .scrollRight, help: "scroll the output right (long lines)", footer: false),
        Binding(keys: [.home], label: "Home", command: .top, help: "first line of the output", footer: false),
        Binding(keys: [.end], label: "End", command: .bottom, help: "follow the output", footer: false),
        Binding(keys: [.char("?")], label: "?", command: .help, help: "this help", footer: true),
        Binding(keys: [.char("q")], label: "q", command: .quit, help: "quit (the journal stays; resume later)", footer: true),
    ]

    static func command(for key: Key) -> KeyCommand? {
        if case .char(let c) = key, let n = c.wholeNumberValue, (1...9).contains(n) { return .choose(n) }
        return walk.first { $0.keys.contains(key) }?.command
    }
}
