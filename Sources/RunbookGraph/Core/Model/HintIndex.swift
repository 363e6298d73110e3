/// Which of many short words (lower-case ASCII, two bytes or more) occur in
/// texts, ignoring ASCII case, in one pass over each text: the words are
/// filed under their first two bytes, so a byte costs a table lookup, not a
/// search per word.
struct HintIndex: Sendable {
    let hints: [[UInt8]]
    /// Each word's index in `hints`.
    let number: [String: Int]
    /// For each first two bytes (lower-cased), whether some word starts with them.
    private let starts: [Bool]
    private let byStart: [UInt16: [Int]]

    init(_ words: [String]) {
        var number: [String: Int] = [:]
        var hints: [[UInt8]] = []
        for word in words where number[word] == nil {
            precondition(word.utf8.count >= 2, "a hint has two bytes or more")
            number[word] = hints.count
            hints.append(Array(word.utf8))
        }
        var starts = [Bool](repeating: false, count: 65_536)
        var byStart: [UInt16: [Int]] = [:]
        for (i, hint) in hints.enumerated() {
            let key = UInt16(hint[0]) << 8 | UInt16(hint[1])
            starts[Int(key)] = true
            byStart[key, default: []].append(i)
        }
        self.hints = hints
        self.number = number
        self.starts = starts
        self.byStart = byStart
    }

    /// Sets `found[i]` for each word `i` that occurs in `text`.
    func mark(in text: String, _ found: inout [Bool]) {
        var text = text
        text.withUTF8 { bytes in
            guard bytes.count >= 2 else { return }
            var key = UInt16(ASCII.lowered(bytes[0]))
            for i in 1..<bytes.count {
                key = key << 8 | UInt16(ASCII.lowered(bytes[i]))
                guard starts[Int(key)] else { continue }
                for h in byStart[key]! where !found[h] && matches(hints[h], in: bytes, at: i - 1) { found[h] = true }
            }
        }
    }

    private func matches(_ hint: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + hint.count <= bytes.count else { return false }
        for k in 2..<hint.count where ASCII.lowered(bytes[start + k]) != hint[k] { return false }
        return true
    }
}
