/// The decisions prose makes: "If X, do Y", "Else:", "Otherwise, ...",
/// "Failing that, ...", "If found, STOP HERE", and condition headings
/// such as "a. If the pod does not exist".
struct ConditionSentence: Equatable {
    enum Kind: Equatable { case ifThen, otherwise, failingThat }

    var kind: Kind
    /// What must hold, as written (code spans kept): "the carrier is a tugboat".
    var condition: String
    /// What to do then, as written; may be empty when the sentence ends in ":".
    var action: String
    /// "If this is the case", "If so": the condition is the sentence before.
    var anaphoric: Bool
    /// The sentence as written.
    var sentence = ""

    static let ifPrefixes = [
        "if ", "in case ", "in the case that ", "in the case when ", "in the case where ", "in the event that ",
        "when ", "whenever ", "once ", "only if ", "only when "
    ]
    static let otherwisePrefixes = ["else", "otherwise", "in all other cases", "if not", "if none of the above"]
    static let thatCasePrefixes = [
        "in that case", "in such a case", "in such cases", "in this case", "in that situation"
    ]
    /// The first letters of every opening `parseParts` looks for.
    static let openingLetters = Set(
        (["failing that"] + otherwisePrefixes + thatCasePrefixes + ifPrefixes).compactMap(\.utf8.first))
    static let anaphors: Set<String> = [
        "this is the case", "that is the case", "so", "yes", "found", "this happens", "that happens", "it does",
        "it is",
        "this is so", "that is so", "true", "the answer is yes", "you do", "there are", "there is", "it has",
        "that case", "this case", "needed", "necessary", "required"
    ]

    /// Reads one sentence; nil when it is not a condition.
    static func parse(_ sentence: String) -> ConditionSentence? {
        var c = parseParts(sentence)
        c?.sentence = sentence
        return c
    }

    private static func parseParts(_ sentence: String) -> ConditionSentence? {
        let text = stripEmphasis(stripEnumerator(sentence.trimmingSpaces))
        // Most sentences open with a letter no condition's opening words start with:
        // only a trailing condition ("Start it if ...") is left to look for.
        if let first = text.utf8.first, first < 0x80, !openingLetters.contains(ASCII.lowered(first)) {
            return trailing(text)
        }
        let lower = text.prefix(40).lowercased()
        if lower.hasPrefix("failing that") {
            return ConditionSentence(
                kind: .failingThat, condition: "That did not work",
                action: afterComma(String(text.dropFirst("failing that".count))), anaphoric: false)
        }
        for prefix in otherwisePrefixes where lower.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            guard rest.isEmpty || rest.first == "," || rest.first == ":" || rest.first == " " || rest.first == "."
            else { continue }
            return ConditionSentence(
                kind: .otherwise, condition: "Otherwise", action: afterComma(String(rest)), anaphoric: false)
        }
        for prefix in thatCasePrefixes where lower.hasPrefix(prefix) {
            let rest = text.dropFirst(prefix.count)
            guard rest.first == "," || rest.first == " " else { continue }
            return ConditionSentence(
                kind: .ifThen, condition: "that case", action: afterComma(String(rest)), anaphoric: true)
        }
        guard let prefix = ifPrefixes.first(where: { lower.hasPrefix($0) }) else { return trailing(text) }
        let body = String(text.dropFirst(prefix.count))
        var condition = body
        var action = ""
        if let split = splitPoint(body) {
            condition = String(body[..<split.lowerBound])
            action = String(body[split.upperBound...])
        }
        condition = condition.trimmingSpaces
        while let last = condition.last, ":,.;".contains(last) { condition.removeLast() }
        action = action.trimmingSpaces
        if action.lowercased().hasPrefix("then ") { action = String(action.dropFirst(5)) }
        guard !condition.isEmpty else { return nil }
        let anaphoric = anaphors.contains(condition.lowercased())
        return ConditionSentence(kind: .ifThen, condition: condition, action: action, anaphoric: anaphoric)
    }

    /// Orders that may carry their condition after them.
    static let imperatives: Set<String> = [
        "start", "restart", "run", "rerun", "delete", "escalate", "contact", "page", "scale", "roll", "rollback",
        "stop", "kill",
        "drain", "cordon", "reboot", "increase", "resize", "purge", "remove", "apply", "fail", "failover", "create",
        "notify",
        "retry", "repeat", "clear", "reset", "update", "upgrade", "revert", "recreate", "redeploy", "deploy", "bounce",
        "open",
        "raise", "file", "call", "check", "delete", "evict", "uncordon", "force", "rotate", "renew", "restore",
        "unlock", "cancel", "expand", "extend", "grow", "free", "modify", "edit", "change", "replace", "move",
        "copy", "truncate", "flush", "disable", "enable", "add", "patch", "terminate", "recycle", "migrate",
        "reinstall", "install", "downgrade", "mount", "unmount", "shutdown", "reconnect", "log", "login", "switch",
        "wait", "follow", "investigate", "inform", "acknowledge", "record", "share", "verify", "ensure", "use",
        "return", "go", "try", "rebuild", "recheck"
    ]

    /// "Stop all the jobs.", "**Expand the disk**": the sentence gives an order.
    static func startsWithImperative(_ sentence: String) -> Bool {
        imperatives.contains(firstWord(stripEnumerator(sentence.trimmingSpaces)))
    }

    /// The first word, lowercased, after any emphasis or link markers.
    static func firstWord(_ text: String) -> String {
        // By byte while the text is ASCII (asked of every sentence); by Character past it.
        let bytes = text.utf8
        var i = bytes.startIndex
        while i < bytes.endIndex, bytes[i] < 0x80, !ASCII.isLetter(bytes[i]) { i = bytes.index(after: i) }
        var j = i
        while j < bytes.endIndex, ASCII.isLetter(bytes[j]) { j = bytes.index(after: j) }
        if i == bytes.endIndex || (i < j && (j == bytes.endIndex || bytes[j] < 0x80)) {
            return String(decoding: bytes[i..<j].map { $0 | 0x20 }, as: UTF8.self)
        }
        return text.drop { !$0.isLetter }.prefix { $0.isLetter }.lowercased()
    }
    /// Words before "if" that make it "whether" ("check if", "see if").
    static let whetherWords: Set<String> = [
        "see", "check", "whether", "know", "ask", "sure", "out", "decide", "as", "even", "determine",
        "verify", "tell", "test", "confirm", "find", "wonder", "only"
    ]

    /// "Start the service if it is down." -> if "it is down", "Start the service".
    static func trailing(_ text: String) -> ConditionSentence? {
        let first = firstWord(text)
        // "Check X if Y" asks whether Y; it is not an order under a condition.
        guard imperatives.contains(first), !whetherWords.contains(first),
            let split = topLevel(text, [" if ", " when ", " once "])
        else { return nil }
        let before = text[..<split.lowerBound]
        let wordBefore = before.split(separator: " ").last.map { $0.lowercased() } ?? ""
        guard !whetherWords.contains(wordBefore) else { return nil }
        var condition = String(text[split.upperBound...]).trimmingSpaces
        while let last = condition.last, ":,.;!".contains(last) { condition.removeLast() }
        guard condition.count >= 3, !condition.containsBytes(". "), !condition.lowercased().hasSuffix(" or not")
        else { return nil }
        // "Use appropriate sizes when provisioning VMs": "when" and a gerund say when to do it,
        // as a habit; nothing there to ask ("Restart it when it hangs" has a subject and verb;
        // "if running out of memory" is a condition with its subject left out).
        let opening = firstWord(condition)
        if text[split] == " when ", opening.count > 4, opening.hasSuffix("ing"),
            !["nothing", "something", "anything", "everything"].contains(opening)
        {
            return nil
        }
        return ConditionSentence(
            kind: .ifThen, condition: condition, action: String(before).trimmingSpaces, anaphoric: false)
    }

    /// "a. ", "b) ", "1. ", "Option A: " at the start.
    static func stripEnumerator(_ text: String) -> String {
        // By byte while the text opens in ASCII (asked of every sentence).
        let bytes = text.utf8
        if bytes.count >= 4, let b0 = bytes.first, b0 < 0x80 {
            let b1 = bytes[bytes.index(after: bytes.startIndex)]
            let b2 = bytes[bytes.index(bytes.startIndex, offsetBy: 2)]
            // (The fourth too: a combining mark after the blank would join it.)
            if b1 < 0x80, b2 < 0x80, bytes[bytes.index(bytes.startIndex, offsetBy: 3)] < 0x80 {
                let enumerated =
                    ASCII.isAlphanumeric(b0) && (b1 == UInt8(ascii: ".") || b1 == UInt8(ascii: ")"))
                    && b2 == UInt8(ascii: " ")
                return enumerated ? String(text.dropFirst(3)) : text
            }
        }
        let chars = Array(text.prefix(4))
        if chars.count > 3, chars[0].isLetter || chars[0].isNumber, chars[1] == "." || chars[1] == ")", chars[2] == " "
        {
            return String(text.dropFirst(3))
        }
        return text
    }

    /// Where the condition ends: ", then ", else the first ", ", ": " or " then "
    /// outside code, links and parentheses (or a final "," or ":").
    static func splitPoint(_ body: String) -> Range<String.Index>? {
        if let then = topLevel(body, [", then "]) { return then }
        // "If the machine needs more space you can add a disk": the reader is told what to do
        // (and when that comes before a comma, the comma is inside what to do).
        let you = topLevel(body, [" you can ", " you should ", " you need to ", " you must ", " you may "]).map {
            $0.lowerBound..<body.index(after: $0.lowerBound)
        }
        if let split = topLevel(body, [", ", ": ", ":\n", " then "]) {
            if let you, you.lowerBound < split.lowerBound { return you }
            return split
        }
        if body.hasSuffix(":") || body.hasSuffix(",") { return body.index(before: body.endIndex)..<body.endIndex }
        return you
    }

    /// "**If the logs …**", "_If the pods …_": the sentence without the emphasis around it.
    static func stripEmphasis(_ text: String) -> String {
        var t = Substring(text)
        for marker in ["**", "__", "*", "_"] where t.hasPrefix(marker) && !t.dropFirst(marker.count).hasPrefix(" ") {
            t = t.dropFirst(marker.count)
            var end = t
            while let last = end.last, last == "." || last == " " { end = end.dropLast() }
            if end.hasSuffix(marker) { t = end.dropLast(marker.count) }
            break
        }
        return String(t)
    }

    /// The first of `needles` outside code spans, links and parentheses (on UTF-8 bytes).
    static func topLevel(_ body: String, _ needles: [String]) -> Range<String.Index>? {
        let bytes = Array(body.utf8)
        let patterns = needles.map { Array($0.utf8) }
        var depth = 0
        var inCode = false
        for i in bytes.indices {
            let c = bytes[i]
            if c == 0x60 { inCode.toggle() }
            guard !inCode else { continue }
            if c == 0x28 || c == 0x5B { depth += 1 }
            if (c == 0x29 || c == 0x5D) && depth > 0 { depth -= 1 }
            guard depth == 0 else { continue }
            for p in patterns where p[0] == c && i + p.count <= bytes.count && bytes[i..<(i + p.count)].elementsEqual(p)
            {
                let from = body.utf8.index(body.utf8.startIndex, offsetBy: i)
                return from..<body.utf8.index(from, offsetBy: p.count)
            }
        }
        return nil
    }

    static func afterComma(_ text: String) -> String {
        var t = Substring(text)
        while let first = t.first, ",:. ".contains(first) { t = t.dropFirst() }
        return String(t)
    }

    /// "is not", "doesn't", "no", "never", "without": the text states a negation.
    static func negates(_ text: String) -> Bool {
        let t = " " + text.lowercased() + " "
        return [" not ", "n't ", " no ", " never ", " without "].contains { t.containsBytes($0) }
    }

    /// "the endpoint is working" and "the endpoint is not working": the same
    /// words but for one negation, which only one of them has.
    static func isOpposite(_ a: String, _ b: String) -> Bool {
        guard negates(a) != negates(b) else { return false }
        // The negation, and the "do" it brings ("the logs don't show" / "the logs show").
        let negations: Set<Substring> = ["not", "no", "never", "without", "do", "does", "did"]
        func words(_ text: String) -> [Substring] {
            let expanded = MarkdownInline.plain(text).lowercased().replacingAll("’", with: "'")
                .replacingAll("can't", with: "can not").replacingAll("won't", with: "will not")
                .replacingAll("n't", with: " not").replacingAll("cannot", with: "can not")
            return expanded.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "-" && $0 != "/" })
                .filter { !negations.contains($0) }
        }
        let (wa, wb) = (words(a), words(b))
        return !wa.isEmpty && wa == wb
    }

    /// The first two words after "If": conditions about the same thing are
    /// one decision ("If the endpoint is working" / "If the endpoint is not working").
    var subject: String {
        let words = MarkdownInline.plain(condition).lowercased().split(separator: " ").prefix(2)
        return words.joined(separator: " ")
    }

    /// "the carrier is a tugboat" -> "The carrier is a tugboat?"
    var question: String {
        Self.question(from: condition)
    }

    /// `asking`: the verb put first where the clause allows ("Is the carrier a tugboat?");
    /// else the statement with a question mark, as an answer's label quotes it.
    static func question(from text: String, asking: Bool = true) -> String {
        var t = MarkdownInline.plain(text).trimmingSpaces
        while let last = t.last, ":,.;?".contains(last) { t.removeLast() }
        t = Text.phrase(t)
        if asking { t = asked(t) ?? t }
        guard let first = t.first else { return "Does this apply?" }
        return first.uppercased() + t.dropFirst() + "?"
    }

    /// A statement asked as a question, its verb first: "the disk is over 90% full" ->
    /// "is the disk over 90% full", "there are errors" -> "are there errors", "you see X"
    /// -> "do you see X", "the pod has restarted" -> "has the pod restarted". Nil unless
    /// the clause opens with a short plain subject and then its auxiliary: a question
    /// made of anything else reads worse than the statement with a question mark.
    static func asked(_ clause: String) -> String? {
        // The first two words settle most clauses: read them before splitting the whole.
        let head = clause.split(separator: " ", maxSplits: 2)
        guard head.count == 3 else { return nil }
        let (one, two) = (head[0].lowercased(), head[1].lowercased())
        guard !questionOpeners.contains(one),
            subjectOpeners.contains(one) || auxiliaries.contains(two) || verbBases[two] != nil
        else { return nil }
        let words = clause.split(separator: " ").map(String.init)
        let lower = words.map { $0.lowercased() }
        if ["you", "we", "they"].contains(one), !auxiliaries.contains(two) {
            // "you see X", "you have X": do you ...; not "you cant", "you already ...", "you never ...".
            guard two.allSatisfy({ $0.isLetter && $0.isASCII }), !two.hasSuffix("nt"), !two.hasSuffix("ed"),
                !two.hasSuffix("ly"), !["not", "never", "no"].contains(two)
            else { return nil }
            return "do " + ([one] + words[1...]).joined(separator: " ")
        }
        // The verb: an auxiliary (with a word after it), or a common verb with its -s
        // ("the issue persists": "does ... persist").
        guard
            let k = (1..<min(words.count, 5)).first(where: {
                ($0 < words.count - 1 && auxiliaries.contains(lower[$0])) || verbBases[lower[$0]] != nil
            })
        else { return nil }
        let verb = verbBases[lower[k]]
        // "the issue still persists": the adverb stays before the verb.
        let end = verb != nil && k > 1 && adverbs.contains(lower[k - 1]) ? k - 1 : k
        let opensSubject = subjectOpeners.contains(lower[0])
        // A negative question ("is it not running?") leaves unclear what "yes" answers: kept a statement.
        let following = k + 1 < lower.count ? lower[k + 1] : ""
        guard !["not", "never"].contains(following), lower[k] != "cannot",
            opensSubject ? end > 1 || !determiners.contains(lower[0]) : end == 1 && !notSubjects.contains(lower[0]),
            !lower[..<end].contains(where: { clauseWords.contains($0) || BranchAction.statementVerbs.contains($0) }),
            words[..<end].joined().filter({ $0 == "`" }).count % 2 == 0, following != "that"
        else { return nil }
        // "the data is ephemeral and expansion is not available": two clauses, one verb cannot lead both;
        // after a plain verb, any auxiliary says it was a noun ("the node reports are empty").
        let after = lower[(k + 1)...]
        let secondVerb = { (word: String) in auxiliaries.contains(word) || verbBases[word] != nil }
        if verb != nil && after.contains(where: secondVerb) { return nil }
        if let joint = after.firstIndex(where: { ["and", "or", "but"].contains($0) }),
            after[joint...].contains(where: secondVerb)
        {
            return nil
        }
        let subject = ([opensSubject ? lower[0] : words[0]] + words[1..<end]).joined(separator: " ")
        let rest = words[(k + 1)...].joined(separator: " ")
        if let verb {
            return (["does", subject] + (end < k ? [lower[end]] : []) + [verb] + (rest.isEmpty ? [] : [rest]))
                .joined(separator: " ")
        }
        guard lower[k] == "has" || lower[k] == "have" else { return "\(lower[k]) \(subject) \(rest)" }
        // An auxiliary before a participle ("has restarted"); else the verb: "does the node have X".
        if following == "been" || following.hasSuffix("ed") || following.hasSuffix("en") {
            return "\(lower[k]) \(subject) \(rest)"
        }
        return "\(lower[k] == "has" ? "does" : "do") \(subject) have \(rest)"
    }

    /// Verbs a condition often states with its -s, and their base form (a closed list:
    /// a word read as a verb that is a noun would make a wrong question).
    static let verbBases: [String: String] = [
        "persists": "persist", "exists": "exist", "requires": "require", "supports": "support", "uses": "use",
        "serves": "serve", "runs": "run", "works": "work", "contains": "contain", "includes": "include",
        "continues": "continue", "remains": "remain", "appears": "appear", "seems": "seem", "needs": "need",
        "keeps": "keep", "stays": "stay", "restarts": "restart", "crashes": "crash", "hangs": "hang",
        "matches": "match", "belongs": "belong", "depends": "depend", "happens": "happen", "occurs": "occur",
        "exceeds": "exceed", "succeeds": "succeed", "completes": "complete", "lacks": "lack", "fires": "fire",
        "resolves": "resolve", "recovers": "recover", "responds": "respond", "loads": "load", "starts": "start"
    ]
    static let adverbs: Set<String> = ["only", "still", "also", "always", "already", "usually", "often", "now"]

    static let auxiliaries: Set<String> = [
        "is", "are", "was", "were", "can", "cannot", "will", "should", "could", "must", "does", "do", "did", "has",
        "have"
    ]
    static let questionOpeners: Set<String> = auxiliaries.union([
        "which", "what", "who", "where", "when", "why", "how", "would", "may", "might"
    ])
    /// Words a plain subject of more than one word opens with.
    static let subjectOpeners: Set<String> = [
        "the", "a", "an", "this", "these", "those", "any", "all", "some", "each", "every", "your", "our", "its",
        "their", "my", "both", "either", "neither", "one", "there", "it", "you", "we", "they", "he", "she"
    ]
    /// Openers that need a noun after them: alone, no subject ("your are using" is a slip).
    static let determiners: Set<String> = ["the", "a", "an", "your", "our", "its", "their", "my", "every", "each"]
    static let notSubjects: Set<String> = [
        "no", "none", "nothing", "nobody", "in", "on", "for", "with", "at", "by", "from", "to", "and", "or", "but",
        "so", "then", "also", "only", "just", "not"
    ]
    /// Words that open a clause of their own inside what would be the subject.
    static let clauseWords: Set<String> = [
        "that", "which", "who", "whom", "whose", "where", "when", "whether", "if", "because", "while", "after",
        "before", "since", "until", "no", "none", "nothing", "never"
    ]

    /// For "If so" after "To identify whether there is a failure, search the alert for X.":
    /// "There is a failure?".
    static func question(fromPrevious sentence: String, anaphor: String = "", asking: Bool = true) -> String {
        if anaphor.lowercased() == "found" { return "Found it?" }
        var t = MarkdownInline.plain(sentence).trimmingSpaces
        let lower = t.lowercased()
        for prefix in [
            "to identify whether ", "to identify if ", "to check whether ", "to check if ", "to determine whether ",
            "to determine if ", "to find out whether ", "to find out if ", "to see whether ", "to see if ",
            "check whether ", "check if ", "verify whether ", "verify if ", "see if "
        ] where lower.hasPrefix(prefix) {
            t = String(t.dropFirst(prefix.count))
            if let comma = t.firstIndex(of: ",") { t = String(t[..<comma]) }
            return question(from: t, asking: asking)
        }
        // "Check the cluster ID against the bot, to see if the status is `deleted`": the part after "to see if".
        // (Searched by byte in ASCII text: a Character search of a long sentence is slow.)
        let ascii = lower.utf8.allSatisfy { $0 < 0x80 }
        for marker in [
            " to see if ", " to see whether ", " to check if ", " to check whether ", " to find out if ",
            " to determine if ", " to determine whether "
        ] {
            if let r = ascii ? lower.byteRange(of: marker) : lower.firstRange(of: marker) {
                let offset = lower.distance(from: lower.startIndex, to: r.upperBound)
                return question(from: String(t.dropFirst(offset)), asking: asking)
            }
        }
        return question(from: t, asking: asking)
    }
}

/// What a branch of a decision does.
enum BranchAction: Equatable {
    case resolved
    /// To whom, when the text names them.
    case escalate(to: String?)
    case link(MarkdownInline.Link, returns: Bool)
    case jump(anchor: String)
    case steps(text: String)
    case proceed

    static let escalationCues = [
        "escalate", "contact the", "contact your", "engage", "open a support case", "raise a ticket", "raise an issue",
        "page the", "will need to investigate", "work with the squad", "work with them", "pass to", "hand over to",
        "notify the",
        "hand it to", "hand it over", "assign it to"
    ]
    static let resolvedCues = [
        "stop here", "you are done", "you're done", "no further action", "has been resolved", "is resolved",
        "issue is fixed", "nothing else to do",
        "resolve the incident", "resolve the alert", "close the incident", "resolve the page"
    ]
    static let proceedCues = [
        "follow the remainder", "continue with", "carry on", "proceed with", "continue to the next", "go on with",
        "continue below", "move on"
    ]
    static let statementStarts = [
        "it is ", "it's ", "this is ", "that is ", "there is ", "there are ", "this means", "that means", "it means",
        "it may ",
        "it might ", "it could ", "this may ", "this might ", "this could ", "likely ", "most likely", "probably ",
        "you will ",
        "it will ", "this will ", "the cause ", "the reason ", "because ", "which means", "meaning "
    ]
    /// A sentence starting with these is about something, not an order to the reader.
    static let statementSubjects: Set<String> = [
        "the", "this", "it", "its", "there", "that", "these", "those", "they", "all", "no", "nothing"
    ]
    static let statementVerbs: Set<String> = [
        "will", "would", "may", "might", "can", "could", "should", "must", "is", "are", "was", "were",
        "asks", "returns", "sends", "gets", "fails", "shows", "has", "have", "does", "redirects", "responds"
    ]
    static let referenceCues = [
        "more info", "more information", "more details", "for details", "further details", "details on how",
        "how to do this", "can be found", "for reference", "see also", "documented in", "described in"
    ]
    static let returnCues = [
        " first", "then come back", "then return", "and return", "come back", "before continuing", "then continue",
        "and then continue"
    ]

    /// "Escalate to the storage squad, …", "page the platform-security rotation": whom to.
    static func escalationTarget(_ text: String) -> String? {
        let lower = text.lowercased()
        // "... and the armada-ops team will need to investigate": the team named before it.
        if let needs = [" will need to investigate", " needs to investigate", " need to investigate"].lazy
            .compactMap({ lower.byteRange(of: $0) }).first
        {
            let before = lower[..<needs.lowerBound]
            let start =
                [" and ", ", ", "then "].compactMap { before.range(of: $0, options: .backwards)?.upperBound }
                .max() ?? before.startIndex
            var phrase = String(text[start..<needs.lowerBound]).trimmingSpaces
            if phrase.lowercased().hasPrefix("the ") { phrase = String(phrase.dropFirst(4)) }
            let words = phrase.split(separator: " ")
            if (1...5).contains(words.count), let last = words.last?.lowercased(),
                ["team", "squad", "sre", "sres", "on-call", "oncall", "owners", "engineers", "operators"].contains(last)
            {
                return Text.capped(MarkdownInline.plain(phrase), 60)
            }
        }
        guard
            let range = [
                "escalate to the ", "escalate to ", "page the ", "contact the ", "notify the ", "reach out to the ",
                "reach out to ", "hand over to the "
            ]
            .lazy.compactMap({ lower.firstRange(of: $0) }).first
        else { return nil }
        let offset = lower.distance(from: lower.startIndex, to: range.upperBound)
        let phrase = text.dropFirst(offset).prefix { $0 != "," && $0 != "." && $0 != "\n" && $0 != "(" && $0 != ";" }
        let target = Text.capped(MarkdownInline.plain(String(phrase)).trimmingSpaces, 60)
        return target.isEmpty ? nil : target
    }

    /// "it's time to check the response from CSE" -> "check the response from CSE".
    static func timeTo(_ action: String) -> String? {
        let lower = action.lowercased()
        guard let prefix = ["it's time to ", "it is time to ", "it’s time to "].first(where: { lower.hasPrefix($0) })
        else { return nil }
        return String(action.dropFirst(prefix.count))
    }

    /// Classifies the action text of a branch.
    static func classify(_ action: String, links: [MarkdownInline.Link], hasCommand: Bool) -> BranchAction {
        let lower = action.lowercased()
        let cues = Cues(action, lower: lower)
        if cues.any(Cues.resolved) { return .resolved }
        // "More info on how to do this step can be found [here](…)": a reference, not a hand-off.
        let reference = cues.any(Cues.reference)
        if !reference, let link = links.first(where: { LinkReading.isRunbookLink($0, context: lower) }) {
            return .link(link, returns: cues.any(Cues.return))
        }
        if let anchor = links.first(where: { $0.target.hasPrefix("#") }) {
            return .jump(anchor: String(anchor.target.dropFirst()))
        }
        if !hasCommand, cues.any(Cues.escalation) {
            return .escalate(to: escalationTarget(action))
        }
        if action.trimmingSpaces.isEmpty || (cues.any(Cues.proceed) && !hasCommand) {
            return .proceed
        }
        // "If X, it is probably Y" / "the alert may resolve": what it means, not something to do,
        // unless a sentence after it gives the order ("It could mean the build expired. Return to …").
        let firstWord = lower.prefix { $0.isLetter }
        // "it's time to revise the network": an order, worded as a statement.
        if let order = timeTo(action) { return .steps(text: order) }
        if !hasCommand,
            statementStarts.contains(where: { lower.hasPrefix($0) }) || statementSubjects.contains(String(firstWord))
        {
            let later = MarkdownInline.sentences(action).dropFirst()
            return later.contains(where: ConditionSentence.startsWithImperative) ? .steps(text: action) : .proceed
        }
        // "Sentry will ask the user to log in": a subject and what it does, not an order to the reader.
        let words = lower.split(separator: " ").prefix(3).map { String($0.filter(\.isLetter)) }
        if !hasCommand, words.count >= 2, firstWord != "you",
            !ConditionSentence.imperatives.contains(String(firstWord)),
            words.dropFirst().contains(where: { statementVerbs.contains($0) })
        {
            return .proceed
        }
        return .steps(text: action)
    }
}

extension BranchAction {
    /// "it can be deleted", "they may now be removed", "the pod can safely be restarted":
    /// the branch permits an action rather than ordering it; the participle ("deleted").
    static func permission(_ action: String) -> String? {
        let words = action.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
        guard let modal = words.firstIndex(where: { ["can", "may", "could", "should"].contains($0) }),
            modal >= 1, modal <= 3, ["it", "they", "this", "these", "that", "those", "the"].contains(words[0])
        else { return nil }
        var k = modal + 1
        while k < words.count, ["now", "safely", "then", "also", "simply", "just"].contains(words[k]) { k += 1 }
        guard k + 1 < words.count, words[k] == "be", words[k + 1].hasSuffix("ed") || words[k + 1].hasSuffix("en")
        else { return nil }
        return words[k + 1]
    }

    /// Which cue phrases a branch's text holds: an ASCII text's in one pass over it
    /// (each branch is asked every list in turn), any other's by searching its lower case.
    struct Cues {
        static let index = HintIndex(resolvedCues + referenceCues + returnCues + escalationCues + proceedCues)
        let found: [Bool]?
        let lower: String

        init(_ text: String, lower: String) {
            self.lower = lower
            guard text.utf8.allSatisfy({ $0 < 0x80 }) else {
                found = nil
                return
            }
            var found = [Bool](repeating: false, count: Self.index.hints.count)
            Self.index.mark(in: text, &found)
            self.found = found
        }

        /// A list of cues, with the number of each in `index`.
        struct List: Sendable {
            let cues: [String]
            let numbers: [Int]
            init(_ cues: [String]) {
                self.cues = cues
                numbers = cues.map { Cues.index.number[$0]! }
            }
        }
        static let resolved = List(resolvedCues)
        static let reference = List(referenceCues)
        static let `return` = List(returnCues)
        static let escalation = List(escalationCues)
        static let proceed = List(proceedCues)

        func any(_ list: List) -> Bool {
            guard let found else { return list.cues.contains { lower.containsBytes($0) } }
            return list.numbers.contains { found[$0] }
        }
    }
}

/// Small text helpers shared by the importer.
enum Text {
    /// The runs of letters and digits of `plain`, lower-cased, in order. Most text is
    /// ASCII: its words are found by byte, without asking Unicode of every Character.
    static func words(_ plain: String) -> [String] {
        if plain.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [String] = []
            var start: Int?
            let bytes = Array(plain.utf8)
            for i in 0...bytes.count {
                if i < bytes.count, ASCII.isAlphanumeric(bytes[i]) {
                    if start == nil { start = i }
                } else if let s = start {
                    out.append(String(decoding: bytes[s..<i].map(ASCII.lowered), as: UTF8.self))
                    start = nil
                }
            }
            return out
        }
        return plain.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// `text.count > n`, without counting the Characters of a long text to the end.
    static func longer(_ text: String, than n: Int) -> Bool {
        text.index(text.startIndex, offsetBy: n + 1, limitedBy: text.endIndex) != nil
    }

    /// At most `n` characters, cut at a word with "…".
    static func capped(_ text: String, _ n: Int) -> String {
        guard text.utf8.count > n, longer(text, than: n) else { return text }
        let cut = text.prefix(n)
        var head = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        // Never end inside a code span.
        if head.filter({ $0 == "`" }).count % 2 == 1, let tick = head.lastIndex(of: "`") { head = head[..<tick] }
        return head.trimmingSpaces + "…"
    }

    /// "`a` b" at the start: `a` b -> the first letter upper-cased, if it is a letter.
    static func sentenceCase(_ text: String) -> String {
        guard let first = text.first, first.isLowercase else { return text }
        return first.uppercased() + text.dropFirst()
    }

    /// A step title from a sentence: plain text, no trailing ":" or ".", and a
    /// short phrase: a long sentence is cut at its first clause ("Check the
    /// cluster ID against the bot, to see if ..." -> "Check the cluster ID
    /// against the bot"). The whole sentence stays in the step's text.
    static func title(_ sentence: String) -> String {
        var t = MarkdownInline.plain(sentence).trimmingSpaces
        if t.containsBytes("\n") { t = t.replacingAll("\n", with: " ") }
        while let last = t.last, ":,.; ".contains(last) { t.removeLast() }
        return sentenceCase(phrase(t))
    }

    static let clauseBreaks = [
        ", ", "; ", " (", " - ", " – ", " — ", " so that ", " because ", " which ", " in order to ", " to make sure ",
        " to see if ", " to check "
    ]

    /// At most about 60 characters, cut where a clause ends, else at a word (no "…": it is a title, not a quote).
    static func phrase(_ text: String) -> String {
        guard text.utf8.count > 60, longer(text, than: 60) else { return text }
        // A cut is looked for in the first 70 characters, so only they (and the longest
        // break after them) are searched, however long the sentence.
        let window = String(text.prefix(70 + 14))
        let cuts = clauseBreaks.compactMap { window.byteRange(of: $0) }.map(\.lowerBound)
            .filter { window.distance(from: window.startIndex, to: $0) >= 16 }
        if let cut = cuts.min(), window.distance(from: window.startIndex, to: cut) <= 70 {
            var head = String(window[..<cut])
            if head.filter({ $0 == "`" }).count % 2 == 1, let tick = head.lastIndex(of: "`") {
                head = String(head[..<tick])
            }
            return head.trimmingSpaces
        }
        var head = text.prefix(60)
        if let space = head.lastIndex(of: " ") { head = head[..<space] }
        if head.filter({ $0 == "`" }).count % 2 == 1, let tick = head.lastIndex(of: "`") { head = head[..<tick] }
        // Not ending on a word that leads on ("... the metrics endpoint to").
        while true {
            while let last = head.last, ":,.;- ".contains(last) { head.removeLast() }
            guard let space = head.lastIndex(of: " "),
                danglingWords.contains(head[head.index(after: space)...].lowercased())
            else { break }
            head = head[..<space]
        }
        return String(head)
    }

    static let danglingWords: Set<String> = [
        "and", "or", "to", "the", "a", "an", "of", "for", "with", "in", "on", "at", "by", "from",
        "then", "that", "if", "is", "are", "be", "into", "using", "via", "as", "when", "but"
    ]
}
