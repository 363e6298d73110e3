/// Reads the action sections of a document, in order, into the flow.
struct ImportReader {
    var flow = FlowBuilder()
    var placeholders = Placeholders()
    var references: [String: String] = [:]
    /// The page's own address, for resolving relative links.
    var base: String?
    /// Runbooks the library has, by the id a link's file name gives.
    var known: [String: String] = [:]
    /// First step of each section, by anchor (for `#anchor` jumps).
    var anchors: [String: String] = [:]
    var firstStep: Int?

    // Per-section state.
    var pending: [String] = []
    var pendingReview: [String] = []
    var lastOpen: Int?
    var heading = ""
    /// Its words (`words(heading)`), from the section tree.
    var headingWords: Set<String> = []
    var sectionAnchor = ""
    var stepsInSection = 0
    var escalateAfter = false
    var awaitingCommand: Int?
    /// The last sentence of plain prose (what "If so" asks about).
    var lastSentence: String {
        get { ahead?.read(.lastSentence); return carried.lastSentence }
        set { ahead?.wrote(.lastSentence); carried.lastSentence = newValue }
    }
    /// The page's title (front matter, else its first heading): sections naming its subject are cases.
    var documentTitle = "" {
        didSet { documentTitleWords = Set(Self.words(documentTitle).filter { $0.count >= 4 }) }
    }
    /// Its words of four letters or more (asked of every sibling section).
    private(set) var documentTitleWords: Set<String> = []
    /// Ways past the rest of the section ("No" of a condition that opens it).
    var sectionSkip: [FlowBuilder.Dangler] = []
    /// Commands met in this section, to tell a piece of one from a new one.
    var sectionCommands: [String] = []

    /// The decision the unit before made, while nothing has come after it.
    struct OpenDecision {
        var index: Int
        var subject: String
        var firstCondition: String
        var emitted: Int
    }
    var lastDecision: OpenDecision? {
        get {
            // It matters only while nothing came after it: once this part has emitted, it cannot.
            if let ahead, emitted == ahead.start.emitted { ahead.read(.lastDecision) }
            return carried.lastDecision
        }
        set { ahead?.wrote(.lastDecision); carried.lastDecision = newValue }
    }
    /// Steps emitted so far (to tell whether anything came after a decision).
    var emitted = 0
    /// The first step of each section read, by its heading's line.
    var sectionFirstStep: [Int: String] = [:]
    var sectionLine = 0
    /// How many case lists enclose the section being read.
    var caseDepth = 0
    /// The column of each block, by line (from the document).
    var indents: [Int: Int] = [:]
    /// The source's conditions met so far, and the ones the reading is inside of.
    var guards: [GuardCondition] = []
    var governing: [Int] = []
    /// The condition an "If X:" before a code block puts that block's command under.
    var awaitingGuard: Int?
    /// Conditions that open the section being read and gate the rest of it.
    var sectionGuards: [Int] = []
    /// The case an inline anchor stands in: a jump to it answers that case.
    var anchorGuards: [String: Int] = [:]
    /// An opening condition waiting for the check that answers it.
    var deferred: DeferredCondition?
    var sectionHasCommands = false
    /// The sentence of the condition that opened the section being read, if any.
    var openingCondition: String?
    var previousSectionCondition: SectionCondition? {
        get { ahead?.read(.previousSectionCondition); return carried.previousSectionCondition }
        set { ahead?.wrote(.previousSectionCondition); carried.previousSectionCondition = newValue }
    }
    /// The database client the document connects with (`psql -h db -U app`), for SQL after it.
    var sqlClient: String? {
        get { ahead?.read(.sqlClient); return carried.sqlClient }
        set { ahead?.wrote(.sqlClient); carried.sqlClient = newValue }
    }
    /// End steps for teams a branch escalates to by name, by lower-cased name.
    var escalationEnds: [String: String] = [:]

    /// State a section may read that an earlier section, even a distant one, left.
    struct Carried {
        var lastSentence = ""
        var lastDecision: OpenDecision?
        var previousSectionCondition: SectionCondition?
        var sqlClient: String?
    }
    var carried = Carried()
    /// How a long run of sibling sections is read (on every core, or in order).
    var split = ReadingSplit.auto
    /// Set while this reader reads a part of the document ahead (`ImportReader+ReadAhead`).
    var ahead: ReadAhead?
    /// Parts read ahead that joined the flow, and those read again in order.
    var partsJoined = 0
    var partsReadAgain = 0

    // MARK: Sections

    mutating func read(children: [Section]) {
        if ahead == nil, let parts = split.parts(children, items: { itemEnd(children, $0) }) {
            readInParts(children, parts)
            return
        }
        var i = 0
        while i < children.count { i = readItem(children, i) }
    }

    /// How the sibling at `i` is read: alone, or with the siblings that belong with it.
    enum Item {
        case skipped, describe
        case alternatives([Int])
        case conditions([Int])
        case region
    }

    func item(_ children: [Section], _ i: Int) -> Item {
        let section = children[i]
        switch section.role {
        case .examples, .escalation, .references: return .skipped
        case .describe: return .describe
        case .action:
            if let group = alternatives(children, from: i) { return .alternatives(group) }
            guard isConditionHeading(section) else { return .region }
            var group = [i]
            var j = i + 1
            while j < children.count, isConditionHeading(children[j]), sameDecision(section, children[j]) {
                group.append(j)
                j += 1
            }
            return .conditions(group)
        }
    }

    /// Reads the sibling at `i` (with the siblings that belong with it); returns the index of the next.
    mutating func readItem(_ children: [Section], _ i: Int) -> Int {
        switch item(children, i) {
        case .skipped: return i + 1
        case .describe:
            read(children: children[i].children)
            return i + 1
        case .alternatives(let group): return readAlternatives(children, group)
        case .conditions(let group): return readConditionGroup(children, group)
        case .region: return readRegion(children, i)
        }
    }

    /// Where the item at `i` likely ends, without reading it (a branch that takes up
    /// later siblings can end it further on): where a run may be split in parts.
    func itemEnd(_ children: [Section], _ i: Int) -> Int {
        switch item(children, i) {
        case .skipped, .describe: return i + 1
        case .alternatives(let group), .conditions(let group): return group.last! + 1
        case .region: return cases(children, i).map { $0.last + 1 } ?? i + 1
        }
    }

    /// The cases a section ends in that later siblings take up, if any.
    func cases(_ children: [Section], _ i: Int) -> CaseList? {
        // Case lists nest (a branch's section may end in cases of its own); not without bound.
        guard children[i].children.isEmpty, caseDepth < 16 else { return nil }
        return caseList(children[i], siblings: children, from: i + 1)
    }

    func isConditionHeading(_ section: Section) -> Bool {
        section.role == .action && section.headingCondition != nil
    }

    func sameDecision(_ a: Section, _ b: Section) -> Bool {
        guard let ca = a.headingCondition, let cb = b.headingCondition
        else { return false }
        let enumerated =
            ConditionSentence.stripEnumerator(a.heading) != a.heading
            && ConditionSentence.stripEnumerator(b.heading) != b.heading
        return cb.kind == .otherwise || enumerated || ca.subject == cb.subject
    }

    /// "a. If X does not exist" / "b. If X exists": one decision, a branch per heading.
    mutating func readConditionGroup(_ children: [Section], _ group: [Int]) -> Int {
        let conditions = group.map { children[$0].headingCondition! }
        let title = group.count == 1 ? conditions[0].question : "Which case applies?"
        var step = DraftStep(id: flow.makeID(title), title: title, line: children[group[0]].line)
        step.isDecision = true
        step.text = takePending()
        let d = emitStep(step)
        var furthest = group[0]
        var exits = readBranches(children, group.map { $0..<($0 + 1) }, furthest: &furthest) { reader, k in
            let section = children[group[k]]
            let label = group.count == 1 ? "Yes" : Text.title(conditions[k].condition)
            let g = reader.newGuard(line: section.line, sentence: section.title, question: conditions[k].question)
            return (reader.flow.addOutcome(to: d, label: label, next: nil, affirms: g), g)
        }
        let next = max(group.last! + 1, furthest)
        if group.count == 1 || !(conditions.contains { $0.kind == .otherwise } || Self.complementary(conditions)) {
            if let none = flow.addOutcome(to: d, label: group.count == 1 ? "No" : "None of these", next: nil) {
                exits.append(none)
            }
        }
        flow.open = exits
        lastOpen = nil
        return next
    }

    /// "X does not exist" / "X exists": two conditions of which one always holds.
    static func complementary(_ conditions: [ConditionSentence]) -> Bool {
        guard conditions.count == 2 else { return false }
        return ConditionSentence.negates(conditions[0].condition) != ConditionSentence.negates(conditions[1].condition)
    }

    /// A section, and when it ends in a list of cases that later sibling
    /// headings take up ("Possible errors include: ..."), a decision over them.
    /// Returns the index of the next sibling to read.
    mutating func readRegion(_ children: [Section], _ i: Int) -> Int {
        let section = children[i]
        let cases = cases(children, i)
        var blocks = section.blocks
        if let cases { blocks.removeLast(cases.blockCount + (cases.hasIntro ? 1 : 0)) }
        readSection(section, blocks: blocks)
        read(children: section.children)
        guard let cases else { return i + 1 }
        var step = DraftStep(id: flow.makeID("which-case"), title: cases.question, line: cases.line)
        step.isDecision = true
        step.text = takePending() + [cases.text]
        let d = emitStep(step)
        var furthest = i + 1
        caseDepth += 1
        let ranges = cases.branches.indices.map { k in
            cases.branches[k].sibling..<(k + 1 < cases.branches.count ? cases.branches[k + 1].sibling : cases.last + 1)
        }
        var exits = readBranches(children, ranges, furthest: &furthest) { reader, k in
            let branch = cases.branches[k]
            let g = reader.newGuard(
                line: children[branch.sibling].line, sentence: branch.label, question: "\(branch.label)?")
            return (reader.flow.addOutcome(to: d, label: branch.label, next: nil, affirms: g), g)
        }
        caseDepth -= 1
        if let none = flow.addOutcome(to: d, label: "None of these", next: nil) { exits.append(none) }
        flow.open = exits
        lastOpen = nil
        return max(cases.last + 1, furthest)
    }

    /// Reads the sibling sections `from..<to` as one branch entered by `way`;
    /// returns the ways out. A section already read (a nested case list took it
    /// up) is not read again: the branch leads to its first step.
    mutating func readBranch(
        _ children: [Section], from: Int, to end: Int, way: FlowBuilder.Dangler?,
        furthest: inout Int
    ) -> [FlowBuilder.Dangler] {
        if from < furthest {
            guard let way else { return [] }
            if let id = sectionFirstStep[children[from].line] {
                flow.resolve([way], to: id)
                return []
            }
            return [way]
        }
        flow.open = way.map { [$0] } ?? []
        var j = from
        repeat { j = readRegion(children, j) } while j < end
        furthest = max(furthest, j)
        return flow.open
    }

    struct CaseList {
        struct Branch { var label: String; var sibling: Int }
        var question: String
        var text: String
        var branches: [Branch]
        var last: Int
        var blockCount: Int
        var hasIntro: Bool
        var line: Int
    }

    /// A trailing bulleted list whose items later sibling headings name.
    func caseList(_ section: Section, siblings: [Section], from start: Int) -> CaseList? {
        var items: [(text: String, line: Int)] = []
        for block in section.blocks.reversed() {
            guard case .listItem(0, false, let text, let line) = block else { break }
            items.insert((text, line), at: 0)
        }
        guard items.count >= 2 else { return nil }
        var branches: [CaseList.Branch] = []
        var last = -1
        var j = start
        // The headings that take the cases up follow soon; looking further is quadratic on long documents.
        // Each item's key and words, once (not once per sibling heading).
        let keyed = items.map { item in
            let key = Self.key(item.text)
            return (key: key, words: Self.words(item.text), keyWords: Self.words(key))
        }
        while j < siblings.count, j < start + 12, siblings[j].role == .action,
            !isConditionHeading(siblings[j]) || j == start
        {
            let headingWords = siblings[j].headingWords
            for (key, itemWords, keyWords) in keyed {
                let matches =
                    (!headingWords.isEmpty && headingWords.isSubset(of: itemWords))
                    || (keyWords.count >= 2 && keyWords.isSubset(of: headingWords))
                guard matches else { continue }
                last = j
                if !branches.contains(where: { $0.label == Text.title(key) }),
                    !branches.contains(where: { $0.sibling == j })
                {
                    branches.append(.init(label: Text.title(key), sibling: j))
                }
            }
            j += 1
        }
        guard branches.count >= 2 else { return nil }
        let intro: String? = {
            let before = section.blocks.dropLast(items.count).last
            if case .paragraph(let text, _)? = before { return text }
            return nil
        }()
        let lower = (intro ?? "").lowercased()
        let question =
            ["error", "message", "status", "output", "log"].contains { lower.containsBytes($0) }
            ? "Which of these do you see?" : "Which case applies?"
        var text = items.map { "- " + $0.text.split(separator: "\n").joined(separator: " ") }.joined(separator: "\n")
        if let intro { text = intro + "\n\n" + text }
        return CaseList(
            question: question, text: text, branches: branches.sorted { $0.sibling < $1.sibling }, last: last,
            blockCount: items.count, hasIntro: intro != nil, line: items[0].line)
    }

    /// Leading code span or bold text of a list item, else its text up to " - " or ":".
    static func key(_ item: String) -> String {
        if item.hasPrefix("`"), let span = MarkdownInline.codeSpans(item).first { return span }
        if item.hasPrefix("**"), let end = item.dropFirst(2).firstRange(of: "**") {
            return String(item[item.index(item.startIndex, offsetBy: 2)..<end.lowerBound])
        }
        let plain = MarkdownInline.plain(item)
        for separator in [" - ", ": "] {
            if let r = plain.firstRange(of: separator) { return String(plain[..<r.lowerBound]) }
        }
        return Text.capped(plain, 60)
    }

    static let stopWords: Set<String> = [
        "the", "a", "an", "and", "or", "of", "for", "to", "in", "on", "is", "are", "actions", "action",
        "steps", "step", "check", "checks", "how", "what", "with", "if", "when", "this", "that", "it"
    ]

    static func words(_ text: String) -> Set<String> {
        words(plain: MarkdownInline.plain(text))
    }

    /// The words of text already made plain, stop words left out.
    static func words(plain: String) -> Set<String> {
        Set(Text.words(plain).filter { !stopWords.contains($0) })
    }

    mutating func readSection(_ section: Section, blocks: [MarkdownDocument.Block]) {
        heading = section.heading.isEmpty ? "" : section.title
        headingWords = heading.isEmpty ? [] : section.titleWords
        sectionAnchor = section.anchor
        sectionLine = section.line
        stepsInSection = 0
        sectionCommands = []
        lastOpen = nil
        escalateAfter = false
        awaitingCommand = nil
        awaitingGuard = nil
        ahead?.sectionStarted = true
        if !heading.isEmpty { pending.append("**\(MarkdownInline.plain(heading))**") }
        let text = blocks.compactMap { block -> String? in
            if case .paragraph(let t, _) = block { return t }
            return nil
        }.joined(separator: " ")
        if heading.uppercased().containsBytes("TODO") || text.trimmingSpaces.uppercased() == "TODO"
            || text.trimmingSpaces.uppercased() == "TBD"
        {
            pendingReview.append("The source leaves this section as TODO (line \(section.line)).")
        }
        sectionHasCommands = blocks.contains(where: \.hasCommand)
        readUnits(units(blocks[...]))
        endSection(section)
    }

    /// One block in reading order; `intro` is the text just before it.
    mutating func readBlock(_ block: MarkdownDocument.Block, intro: inout String) {
        switch block {
        case .paragraph(let text, _)
        where ["table of contents", "contents", "toc", "on this page"].contains(
            MarkdownInline.plain(text).trimmingSpaces.lowercased()):
            return  // the title of a table of contents the site generates
        case .paragraph(let text, let line):
            readProse(text, line: line, item: nil, intro: intro)
            intro = text
        case .listItem(let depth, let ordered, let text, let line):
            readProse(text, line: line, item: (depth, ordered), intro: intro)
            intro = text
        case .code(let language, let text, let line):
            readCode(text, language: language, line: line, intro: intro)
            intro = ""
        case .skipped(let text, let line):
            let lower = text.lowercased()
            if ["<table", "<details", "<pre", "<code", "<ul", "<ol", "<dl"].contains(where: { lower.hasPrefix($0) }) {
                pendingReview.append(
                    "HTML at line \(line) was left out; check whether it says something the operator needs.")
            }
        case .heading:
            break
        }
    }

    mutating func endSection(_ section: Section) {
        let onlyHeading = pending.count == 1 && pending[0] == "**\(MarkdownInline.plain(heading))**" && !heading.isEmpty
        if onlyHeading && pendingReview.isEmpty {
            pending = []
        }
        if !pending.isEmpty || !pendingReview.isEmpty {
            if let open = lastOpen, stepsInSection > 0 {
                flow[open].text += takePending()
                flow[open].review += pendingReview
                pendingReview = []
                if escalateAfter { escalate(open) }
            } else {
                let title =
                    stepsInSection == 0
                    ? (heading.isEmpty ? "Read the overview" : heading)
                    : heading.isEmpty ? "Notes" : "\(heading): notes"
                if stepsInSection == 0, pending.first == "**\(MarkdownInline.plain(heading))**" {
                    pending.removeFirst()
                }
                let step = DraftStep(id: flow.makeID(title), title: title, text: takePending(), line: section.line)
                let index = emitStep(step)
                if escalateAfter { escalate(index) }
            }
        }
        escalateAfter = false
        lastOpen = nil
        // An opening condition nothing ran after only described: it stays text.
        deferred = nil
        if let sentence = openingCondition, let condition = ConditionSentence.parse(sentence) {
            previousSectionCondition = SectionCondition(
                words: Self.words(condition.condition), negated: ConditionSentence.negates(condition.condition),
                yesExits: flow.open)
        } else {
            previousSectionCondition = nil
        }
        openingCondition = nil
        // Only when there is one: touching the open ways needlessly would stop a part read ahead from joining.
        if !sectionSkip.isEmpty { flow.open += sectionSkip }
        sectionSkip = []
        sectionGuards = []
    }

    mutating func escalate(_ index: Int) {
        guard flow[index].outcomes.isEmpty, flow[index].next == nil else { return }
        flow[index].next = .step(FlowBuilder.escalateID)
        flow.open.removeAll { $0 == .next(index) }
    }
}
