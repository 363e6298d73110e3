/// Sibling headings that are cases rather than steps: "Backlog on the ingest
/// queue" / "Backlog on the export workers", "Option A" / "Option B", one
/// section per alert on a page that covers several. They become one "Which
/// case applies?" decision, and each case's steps are its branch alone.
extension ImportReader {
    static let caseWords: Set<String> = [
        "option", "case", "scenario", "symptom", "alternative", "cause", "variant", "situation"
    ]

    /// Last words of headings that are ways of doing one thing: "Command-line method",
    /// "AWS Console method", "Terraform command".
    static let meansWords: Set<String> = ["method", "approach", "way", "workaround", "procedure"]
    static let toolWords: Set<String> = ["command", "commands", "cli", "console", "ui", "script", "api"]

    /// The run of alternative sibling sections starting at `i` (two or more), or nil.
    func alternatives(_ children: [Section], from i: Int) -> [Int]? {
        guard children[i].role == .action, !isConditionHeading(children[i]) else { return nil }
        var candidates: [[Int]] = []
        if let key = children[i].alternativeKey {
            candidates.append(run(children, from: i) { $0.alternativeKey == key })
        }
        // Ways of doing the same thing: at least two named "... method", the rest by their tool.
        let means = run(children, from: i) { Self.meansWords.union(Self.toolWords).contains($0.lastTitleWord) }
        if means.filter({ Self.meansWords.contains(children[$0].lastTitleWord) }).count >= 2 {
            candidates.append(means)
        }
        // Sections that each name the page's subject ("Low available disk space on root",
        // "No disk space in general", "Disk space used by logfiles" on "Low available disk space").
        var shared = documentTitleWords
        let subject = run(children, from: i) { section in
            let next = shared.intersection(section.titleWords)
            guard !next.isEmpty, !section.startsWithOrder else { return false }
            shared = next
            return true
        }
        if subject.count >= 3, subject.filter({ children[$0].hasCode }).count * 2 >= subject.count {
            candidates.append(subject)
        }
        let longest = candidates.max { $0.count < $1.count } ?? []
        return longest.count >= 2 ? longest : nil
    }

    /// Consecutive action siblings from `i` for which `belongs` holds.
    private func run(_ children: [Section], from i: Int, _ belongs: (Section) -> Bool) -> [Int] {
        var group: [Int] = []
        var j = i
        while j < children.count, children[j].role == .action, !isConditionHeading(children[j]), belongs(children[j]) {
            group.append(j)
            j += 1
        }
        return group
    }

    /// The last word of a heading's plain title, lower-cased.
    static func lastWord(plain: String) -> String {
        Text.words(plain).last ?? ""
    }

    /// "Check the disk", "Troubleshooting ...": a heading that gives an order is a step, not a case.
    static func startsWithOrder(plain: String) -> Bool {
        let first = ConditionSentence.firstWord(plain)
        return ConditionSentence.imperatives.contains(first) || orderWords.contains(first)
    }

    /// What makes a heading one of a set of cases: an alert name, a case word,
    /// or a first word (a noun, not an order) that its siblings share.
    static func alternativeKey(plainTitle: String, hasCode: Bool) -> String? {
        let plain = plainTitle.trimmingSpaces
        if DraftAssembler.isAlertName(plain) { return "alert" }
        let words = Text.words(plain)
        guard let first = words.first else { return nil }
        if caseWords.contains(first) { return "case:" + first }
        if first.first?.isNumber == true || first == "step" || ConditionSentence.imperatives.contains(first)
            || orderWords.contains(first)
        {
            return nil
        }
        guard words.count >= 2, hasCode else { return nil }
        return "noun:" + first
    }

    static let orderWords: Set<String> = [
        "verify", "investigate", "diagnose", "mitigate", "mitigation", "resolve", "resolution", "fix", "identify",
        "find", "look",
        "get", "collect", "gather", "review", "confirm", "ensure", "validate", "test", "monitor", "access", "log",
        "login", "connect",
        "how", "what", "why", "when", "where", "which", "who", "troubleshooting", "debugging", "next", "final", "first",
        "then",
        "prerequisites", "preparation", "setup", "cleanup", "clean", "wait", "make", "set", "use", "see", "note",
        "notes", "the", "a"
    ]

    /// One decision over the sections; returns the index of the section after them.
    mutating func readAlternatives(_ children: [Section], _ group: [Int]) -> Int {
        let alerts = children[group[0]].alternativeKey == "alert"
        let title = alerts ? "Which alert fired?" : "Which case applies?"
        var step = DraftStep(id: flow.makeID(title), title: title, line: children[group[0]].line)
        step.isDecision = true
        step.text =
            takePending() + [group.map { "- " + MarkdownInline.plain(children[$0].title) }.joined(separator: "\n")]
        let d = emitStep(step)
        lastOpen = nil
        var furthest = group[0]
        var exits = readBranches(children, group.map { $0..<($0 + 1) }, furthest: &furthest) { reader, k in
            let section = children[group[k]]
            let label = Text.capped(Text.title(section.title), 60)
            let name = MarkdownInline.plain(section.title).trimmingSpaces
            let g = reader.newGuard(line: section.line, sentence: section.title, question: "\(label)?")
            let way = reader.flow.addOutcome(
                to: d, label: label, when: alerts ? .label("alertname", name) : nil, next: nil, affirms: g)
            return (way, g)
        }
        if let none = flow.addOutcome(to: d, label: "None of these", next: nil, id: "none") { exits.append(none) }
        flow.open = exits
        lastOpen = nil
        return max(group.last! + 1, furthest)
    }
}
