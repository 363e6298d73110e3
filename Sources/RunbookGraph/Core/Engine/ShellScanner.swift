/// One left-to-right pass over a command that follows what a POSIX shell (and
/// bash) is inside at each byte: quotes, `$(…)`, backticks, `${…}`, `$((…))`,
/// comments and here-documents. Where it cannot be sure, a placeholder is
/// reported as a hazard, never as a safe context: a wrong guess must only ever
/// refuse a runbook, not run a value as code.
struct ShellScanner {
    private enum Frame: Equatable {
        case top, single, double, dollarSingle, backticks, comment
        case commandSub(depth: Int), arithmetic(depth: Int), parameter(depth: Int)

        /// Frames whose text is shell code (words, quotes, operators).
        var isCode: Bool {
            switch self {
            case .top, .backticks, .commandSub: return true
            default: return false
            }
        }
    }

    private let bytes: [UInt8]
    private let references: [Template.Reference]
    private var next = 0
    private var stack: [Frame] = [.top]
    private var out: [ShellTemplate.Placeholder] = []
    /// A here-document opened inside a nested frame: its end cannot be followed.
    private var lostInHeredoc = false
    // The simple command being read at the top level.
    private var words: [ShellWord] = []
    private var word: ShellWord?
    private var redirectTarget = false
    private var heredocDelimiterNext: Bool?  // strip leading tabs (`<<-`)
    private var pendingHeredocs: [(word: ShellWord, stripTabs: Bool)] = []

    init(text: String, references: [Template.Reference]) {
        bytes = Array(text.utf8)
        self.references = references
    }

    mutating func scan() -> [ShellTemplate.Placeholder] {
        var i = 0
        while i < bytes.count {
            if next < references.count, references[next].range.lowerBound == i {
                i = placeholder(at: i, escaped: false)
                continue
            }
            i = step(at: i)
        }
        endCommand()
        if stack.contains(where: { [.single, .double, .dollarSingle].contains($0) }) || stack.count > 2
            || (stack.count == 2 && stack[1] != .comment)
        {
            for k in out.indices where out[k].hazard == nil {
                out[k].hazard = ShellHazard(
                    kind: .unclosedQuote, place: "after a quote or bracket that is never closed",
                    why: "the shell would read the rest of the command differently from what is shown")
            }
        }
        // Placeholders inside a here-document whose delimiter never came.
        while next < references.count { record(references[next], hazard: Self.heredocHazard); next += 1 }
        return out
    }

    // MARK: - Bytes

    private var frame: Frame { stack[stack.count - 1] }

    private func isReference(_ i: Int) -> Bool {
        next < references.count && references[next].range.lowerBound == i
    }

    private func byte(_ i: Int) -> UInt8? { i < bytes.count ? bytes[i] : nil }

    /// Handles the byte(s) at `i`; returns where to go on.
    private mutating func step(at i: Int) -> Int {
        let b = bytes[i]
        switch frame {
        case .single:
            if b == q1 { stack.removeLast() } else { addToWord(b, quoted: true) }
            return i + 1
        case .dollarSingle:
            if b == backslash { return escape(at: i) }
            if b == q1 { stack.removeLast() } else { addToWord(b, quoted: true) }
            return i + 1
        case .double:
            if b == backslash {
                if let n = byte(i + 1), "$`\"\\\n".utf8.contains(n) || isReference(i + 1) { return escape(at: i) }
                addToWord(b, quoted: true)
                return i + 1
            }
            if b == q2 { stack.removeLast(); return i + 1 }
            if let opened = expansion(at: i) { return opened }
            addToWord(b, quoted: true)
            return i + 1
        case .comment:
            if b == newline { stack.removeLast(); return i }  // the newline is read again as code
            return i + 1
        case .arithmetic(let depth):
            if b == q1 || b == q2 { stack.append(b == q1 ? .single : .double); return i + 1 }
            if let opened = expansion(at: i) { return opened }
            if b == open { stack[stack.count - 1] = .arithmetic(depth: depth + 1) }
            if b == close {
                if depth == 0 {
                    stack.removeLast()
                    return byte(i + 1) == close ? i + 2 : i + 1
                }
                stack[stack.count - 1] = .arithmetic(depth: depth - 1)
            }
            return i + 1
        case .parameter(let depth):
            if b == backslash { return escape(at: i) }
            if b == q1 || b == q2 { stack.append(b == q1 ? .single : .double); return i + 1 }
            if let opened = expansion(at: i) { return opened }
            if b == UInt8(ascii: "{") { stack[stack.count - 1] = .parameter(depth: depth + 1) }
            if b == UInt8(ascii: "}") {
                if depth == 0 { stack.removeLast() } else { stack[stack.count - 1] = .parameter(depth: depth - 1) }
            }
            return i + 1
        case .top, .backticks, .commandSub:
            return code(at: i)
        }
    }

    /// A byte of shell code.
    private mutating func code(at i: Int) -> Int {
        let b = bytes[i]
        let top = stack.count == 1
        switch b {
        case backslash:
            return escape(at: i)
        case q1:
            stack.append(.single)
            startWord()
            return i + 1
        case q2:
            stack.append(.double)
            startWord()
            return i + 1
        case backtick:
            if case .backticks = frame { stack.removeLast() } else { stack.append(.backticks); startWord() }
            return i + 1
        case UInt8(ascii: "$"):
            if byte(i + 1) == q1 { stack.append(.dollarSingle); startWord(); return i + 2 }
            if byte(i + 1) == q2 { stack.append(.double); startWord(); return i + 2 }
            if let opened = expansion(at: i) { startWord(); return opened }
            addToWord(b, quoted: false)
            return i + 1
        case UInt8(ascii: "#") where atWordStart(i):
            stack.append(.comment)
            return i + 1
        case UInt8(ascii: " "), UInt8(ascii: "\t"):
            if top { endWord() }
            return i + 1
        case newline, UInt8(ascii: ";"), UInt8(ascii: "&"), UInt8(ascii: "|"):
            if top {
                endCommand()
                if b == newline { return heredocBodies(after: i) }
            }
            return i + 1
        case open:
            if case .commandSub(let depth) = frame {
                stack[stack.count - 1] = .commandSub(depth: depth + 1); return i + 1
            }
            if byte(i + 1) == open, atWordStart(i) {
                stack.append(.arithmetic(depth: 0))  // `(( … ))`
                return i + 2
            }
            if top { endCommand() }
            return i + 1
        case close:
            if case .commandSub(let depth) = frame {
                if depth == 0 { stack.removeLast() } else { stack[stack.count - 1] = .commandSub(depth: depth - 1) }
                return i + 1
            }
            if top { endCommand() }
            return i + 1
        case UInt8(ascii: "<"), UInt8(ascii: ">"):
            if byte(i + 1) == open {  // process substitution `<(…)`
                stack.append(.commandSub(depth: 0))
                startWord()
                return i + 2
            }
            return redirection(at: i)
        default:
            addToWord(b, quoted: false)
            return i + 1
        }
    }

    /// `$(`, `$((`, `${`, or a backtick (in double quotes and expressions); nil when none starts at `i`.
    private mutating func expansion(at i: Int) -> Int? {
        let b = bytes[i]
        if b == backtick {
            stack.append(.backticks)
            return i + 1
        }
        guard b == UInt8(ascii: "$"), let n = byte(i + 1) else { return nil }
        if isReference(i + 1) {
            // `${{name}}`: the shell would read `${` as a parameter expansion.
            stack.append(.parameter(depth: 0))
            return i + 1
        }
        if n == open {
            if byte(i + 2) == open { stack.append(.arithmetic(depth: 0)); return i + 3 }
            stack.append(.commandSub(depth: 0))
            return i + 2
        }
        if n == UInt8(ascii: "{") { stack.append(.parameter(depth: 0)); return i + 2 }
        return nil
    }

    /// A backslash: the next byte is taken literally; a placeholder there is a hazard.
    private mutating func escape(at i: Int) -> Int {
        if isReference(i + 1) { return placeholder(at: i + 1, escaped: true) }
        if let n = byte(i + 1) {
            if n != newline { addToWord(n, quoted: true) }
            return i + 2
        }
        return i + 1
    }

    private func atWordStart(_ i: Int) -> Bool {
        guard i > 0 else { return true }
        return " \t\n;&|()".utf8.contains(bytes[i - 1])
    }

    // MARK: - Placeholders

    private mutating func placeholder(at i: Int, escaped: Bool) -> Int {
        let ref = references[next]
        next += 1
        var context = ShellTemplate.Context.unquoted
        for f in stack.reversed() {
            if f == .single { context = .singleQuoted; break }
            if f == .double { context = .doubleQuoted; break }
            if f == .dollarSingle { context = .dollarSingleQuoted; break }
        }
        var hazard: ShellHazard?
        if escaped {
            hazard = ShellHazard(
                kind: .escaped, place: "right after a backslash",
                why: "the backslash would join the value's first character")
        }
        for f in stack where hazard == nil {
            hazard = Self.hazard(of: f)
        }
        if hazard == nil, lostInHeredoc { hazard = Self.heredocHazard }
        out.append(ShellTemplate.Placeholder(reference: ref, context: context, hazard: hazard))
        if stack.count == 1 || (stack.count == 2 && [.single, .double, .dollarSingle].contains(stack[1])) {
            startWord()
            word?.placeholders.append(out.count - 1)
            word?.text.append(0)
        }
        return ref.range.upperBound
    }

    private static func hazard(of frame: Frame) -> ShellHazard? {
        switch frame {
        case .backticks:
            return ShellHazard(
                kind: .backticks, place: "inside `…`", why: "quoting inside backticks is read once more by the shell")
        case .commandSub:
            return ShellHazard(
                kind: .commandSubstitution, place: "inside $(…) or <(…)",
                why: "a nested command is parsed again, so its quoting cannot be followed safely here")
        case .arithmetic:
            return ShellHazard(
                kind: .arithmetic, place: "inside $((…)) or ((…))",
                why: "arithmetic evaluates names and subscripts as code, and no quoting applies")
        case .parameter:
            return ShellHazard(
                kind: .parameterExpansion, place: "inside ${…}",
                why: "the shell expands the text of a parameter expansion again")
        case .comment:
            return ShellHazard(
                kind: .comment, place: "in a shell comment", why: "a newline in the value would end the comment")
        default:
            return nil
        }
    }

    static let heredocHazard = ShellHazard(
        kind: .heredoc, place: "in a here-document",
        why: "quotes are not special there, and a line equal to the delimiter would end it")

    private mutating func record(_ ref: Template.Reference, hazard: ShellHazard) {
        out.append(ShellTemplate.Placeholder(reference: ref, context: .unquoted, hazard: hazard))
    }

    // MARK: - Words and simple commands (top level only)

    private mutating func startWord() {
        guard stack.count <= 2, word == nil else { return }
        word = ShellWord()
    }

    private mutating func addToWord(_ b: UInt8, quoted: Bool) {
        guard stack.count == 1 || (stack.count == 2 && [.single, .double, .dollarSingle].contains(stack[1])) else {
            return
        }
        startWord()
        word?.text.append(b)
        if quoted { word?.quoted = true }
    }

    private mutating func endWord() {
        guard var w = word else { return }
        word = nil
        if let stripTabs = heredocDelimiterNext {
            heredocDelimiterNext = nil
            w.isRedirectTarget = true
            pendingHeredocs.append((w, stripTabs))
            return
        }
        if redirectTarget {
            redirectTarget = false
            w.isRedirectTarget = true
        }
        words.append(w)
    }

    private mutating func endCommand() {
        endWord()
        // The rules only ever mark placeholders of the command's words: without one there is nothing to find.
        guard words.contains(where: { !$0.placeholders.isEmpty }) else {
            words.removeAll(keepingCapacity: true)
            return
        }
        let command = words.filter { !$0.isRedirectTarget }
        words = []
        for (index, hazard) in ShellCommandRules.hazards(in: command) where out[index].hazard == nil {
            out[index].hazard = hazard
        }
    }

    /// `<`, `>`, `>>`, `2>&1`, `<<`, `<<-`, `<<<`, `&>`: the next word is a target, not an argument.
    private mutating func redirection(at i: Int) -> Int {
        let top = stack.count == 1
        if top, let w = word, !w.text.isEmpty, w.placeholders.isEmpty, w.text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            word = nil  // an IO number such as the 2 of 2>
        } else if top {
            endWord()
        }
        var j = i + 1
        if bytes[i] == UInt8(ascii: "<"), byte(j) == UInt8(ascii: "<"), byte(j + 1) != UInt8(ascii: "<") {
            j += 1
            let strip = byte(j) == UInt8(ascii: "-")
            if strip { j += 1 }
            if top { heredocDelimiterNext = strip } else { lostInHeredoc = true }
            return j
        }
        while let n = byte(j), "<>&|".utf8.contains(n) { j += 1 }
        if top { redirectTarget = true }
        return j
    }

    /// After a newline: the bodies of the here-documents opened on the line before.
    private mutating func heredocBodies(after newlineAt: Int) -> Int {
        var i = newlineAt + 1
        for (delimiterWord, stripTabs) in pendingHeredocs {
            let delimiter = Array(delimiterWord.text.filter { $0 != 0 })
            while i < bytes.count {
                var lineEnd = i
                while lineEnd < bytes.count, bytes[lineEnd] != newline { lineEnd += 1 }
                var start = i
                if stripTabs { while start < lineEnd, bytes[start] == UInt8(ascii: "\t") { start += 1 } }
                let isEnd = bytes[start..<lineEnd].elementsEqual(delimiter)
                while next < references.count, references[next].range.lowerBound < (isEnd ? i : lineEnd + 1) {
                    record(references[next], hazard: Self.heredocHazard)
                    next += 1
                }
                i = min(bytes.count, lineEnd + 1)
                if isEnd { break }
            }
        }
        pendingHeredocs = []
        return i
    }
}

/// A word of a simple command as the shell will see it after quote removal;
/// each placeholder stands in it as a 0 byte.
struct ShellWord {
    var text: [UInt8] = []
    var quoted = false
    /// Indices of the placeholders in this word.
    var placeholders: [Int] = []
    var isRedirectTarget = false

    var string: String { String(decoding: text, as: UTF8.self) }
    /// The program a word names: `/usr/bin/ssh` -> `ssh`.
    var program: String {
        let s = string
        if let slash = s.lastIndex(of: "/") { return String(s[s.index(after: slash)...]) }
        return s
    }
    var isOption: Bool { text.count > 1 && (text[0] == UInt8(ascii: "-") || text[0] == UInt8(ascii: "+")) }
}

private let q1 = UInt8(ascii: "'")
private let q2 = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let backtick = UInt8(ascii: "`")
private let newline = UInt8(ascii: "\n")
private let open = UInt8(ascii: "(")
private let close = UInt8(ascii: ")")
