/// Sibling headings that are cases rather than steps: "Backlog on the ingest
/// queue" / "Backlog on the export workers", "Option A" / "Option B", one
/// section per alert on a page that covers several. They become one "Which
/// case applies?" decision, and each case's steps are its branch alone.
extension ImportReader {
    static let caseWords: Set<String> = [
        "option", "case", "scenario", "symptom", "alternative", "cause", "variant", "situation"
    ]

    /// The run of alternative sibling sections starting at `i` (two or more), or nil.
    func alternatives(_ children: [Section], from i: Int) -> [Int]? {
        guard children[i].role == .action, !isConditionHeading(children[i]) else { return nil }
        let key = alternativeKey(children[i])
        guard let key else { return nil }
        var group = [i]
        var j = i + 1
        while j < children.count, children[j].role == .action, !isConditionHeading(children[j]),
            alternativeKey(children[j]) == key
        {
            group.append(j)
            j += 1
        }
        return group.count >= 2 ? group : nil
    }

    /// What makes a heading one of a set of cases: an alert name, a case word,
    /// or a first word (a noun, not an order) that its siblings share.
    func alternativeKey(_ section: Section) -> String? {
        let plain = MarkdownInline.plain(section.title).trimmingSpaces
        if DraftAssembler.isAlertName(plain) { return "alert" }
        let words = plain.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        guard let first = words.first.map(String.init) else { return nil }
        if Self.caseWords.contains(first) { return "case:" + first }
        if first.first?.isNumber == true || first == "step" || ConditionSentence.imperatives.contains(first)
            || Self.orderWords.contains(first)
        {
            return nil
        }
        guard words.count >= 2, sectionHasCode(section) else { return nil }
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

    func sectionHasCode(_ section: Section) -> Bool {
        section.allBlocks.contains { if case .code = $0 { true } else { false } }
            || section.allBlocks.contains { block in
                if case .paragraph(let t, _) = block {
                    return MarkdownInline.codeSpans(t).contains { CodeReading.isInlineCommand($0, context: t) }
                }
                if case .listItem(_, _, let t, _) = block {
                    return MarkdownInline.codeSpans(t).contains { CodeReading.isInlineCommand($0, context: t) }
                }
                return false
            }
    }

    /// One decision over the sections; returns the index of the section after them.
    mutating func readAlternatives(_ children: [Section], _ group: [Int]) -> Int {
        let alerts = alternativeKey(children[group[0]]) == "alert"
        let title = alerts ? "Which alert fired?" : "Which case applies?"
        var step = DraftStep(id: flow.makeID(title), title: title, line: children[group[0]].line)
        step.isDecision = true
        step.text =
            takePending() + [group.map { "- " + MarkdownInline.plain(children[$0].title) }.joined(separator: "\n")]
        let d = emitStep(step)
        lastOpen = nil
        var exits: [FlowBuilder.Dangler] = []
        var furthest = group[0]
        for index in group {
            let label = Text.capped(Text.title(children[index].title), 60)
            let name = MarkdownInline.plain(children[index].title).trimmingSpaces
            let g = newGuard(line: children[index].line, sentence: children[index].title, question: "\(label)?")
            let way = flow.addOutcome(
                to: d, label: label, when: alerts ? .label("alertname", name) : nil, next: nil, affirms: g)
            governing.append(g)
            exits += readBranch(children, from: index, to: index + 1, way: way, furthest: &furthest)
            governing.removeLast()
        }
        if let none = flow.addOutcome(to: d, label: "None of these", next: nil, id: "none") { exits.append(none) }
        flow.open = exits
        lastOpen = nil
        return max(group.last! + 1, furthest)
    }
}
