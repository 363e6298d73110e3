/// Editing one line of text as readline does: a cursor that moves by letter
/// and by word, and the usual kills. A value: the prompt holds its text and
/// cursor, and every key gives a new one.
struct LineEdit: Equatable {
    var text: [Character]
    var cursor: Int

    init(_ text: String, cursor: Int? = nil) {
        self.text = Array(text)
        self.cursor = min(max(0, cursor ?? self.text.count), self.text.count)
    }

    var string: String { String(text) }

    mutating func insert(_ s: String) {
        text.insert(contentsOf: s, at: cursor)
        cursor += s.count
    }

    mutating func backspace() {
        guard cursor > 0 else { return }
        text.remove(at: cursor - 1)
        cursor -= 1
    }

    mutating func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: cursor)
    }

    mutating func left() { cursor = max(0, cursor - 1) }
    mutating func right() { cursor = min(text.count, cursor + 1) }
    mutating func home() { cursor = 0 }
    mutating func end() { cursor = text.count }

    static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// Alt-B: to the start of this word, or of the one before.
    mutating func wordLeft() {
        while cursor > 0, !Self.isWord(text[cursor - 1]) { cursor -= 1 }
        while cursor > 0, Self.isWord(text[cursor - 1]) { cursor -= 1 }
    }

    /// Alt-F: to the end of this word, or of the next.
    mutating func wordRight() {
        while cursor < text.count, !Self.isWord(text[cursor]) { cursor += 1 }
        while cursor < text.count, Self.isWord(text[cursor]) { cursor += 1 }
    }

    /// Ctrl-W: the word before the cursor, with the spaces after it (as the shell does, up to a space).
    mutating func killWordBack() {
        var start = cursor
        while start > 0, text[start - 1] == " " { start -= 1 }
        while start > 0, text[start - 1] != " " { start -= 1 }
        text.removeSubrange(start..<cursor)
        cursor = start
    }

    /// Ctrl-K: from the cursor to the end.
    mutating func killToEnd() { text.removeSubrange(cursor...) }

    /// Ctrl-U: from the start to the cursor.
    mutating func killToStart() {
        text.removeSubrange(..<cursor)
        cursor = 0
    }
}
