/// The document as a tree of headed sections, each with its own blocks.
struct Section {
    enum Role: Equatable { case action, describe, examples, escalation, references }

    var level: Int
    var heading: String
    /// `{#id}` given on the heading, else the GitHub-style slug of its text.
    var anchor: String
    var line: Int
    /// The anchor is the heading's slug, made when the tree is classified.
    private(set) var slugged = false
    var blocks: [MarkdownDocument.Block] = []
    var children: [Section] = []
    /// What the section is for, by its heading (set when the tree is built).
    private(set) var role: Role = .action
    /// The heading read as a condition ("If the master does not exist"), once: the
    /// reader asks of each heading many times (set when the tree is built).
    private(set) var headingCondition: ConditionSentence?
    /// A code block anywhere under the heading; a command anywhere under it (a block, or a
    /// code span that reads as one). Worked out once, from the leaves up, when the tree is built.
    private(set) var hasCodeBlock = false
    private(set) var hasCode = false
    /// Blocks under the heading, children included (what reading the section costs).
    private(set) var blockCount = 0
    /// What the reader asks of the heading of every sibling it looks along: its words,
    /// the title's words and last word, whether it gives an order, what makes it one of
    /// a set of cases (`ImportReader+Alternatives`).
    private(set) var headingWords: Set<String> = []
    private(set) var titleWords: Set<String> = []
    private(set) var lastTitleWord = ""
    private(set) var startsWithOrder = false
    private(set) var alternativeKey: String?

    /// Heading text without `{#id}`, numbering kept.
    var title: String { Text.title(heading) }

    /// Everything under the heading, children included.
    var allBlocks: [MarkdownDocument.Block] { blocks + children.flatMap(\.allBlocks) }

    static func tree(_ doc: MarkdownDocument) -> Section {
        var stack = [Section(level: 0, heading: "", anchor: "", line: 1)]
        func closeTop() {
            let done = stack.removeLast()
            stack[stack.count - 1].children.append(done)
        }
        for block in doc.blocks {
            if case .heading(let level, let text, let line) = block {
                while stack.count > 1, stack.last!.level >= level { closeTop() }
                if let (heading, anchor) = splitAnchor(text) {
                    stack.append(Section(level: level, heading: heading, anchor: anchor, line: line))
                } else {
                    var section = Section(level: level, heading: text, anchor: "", line: line)
                    section.slugged = true
                    stack.append(section)
                }
            } else {
                stack[stack.count - 1].blocks.append(block)
            }
        }
        while stack.count > 1 { closeTop() }
        stack[0].classify(parallel: doc.blocks.count >= 2_000)
        return stack[0]
    }

    /// Works out what the section is and holds, from the leaves up; a long
    /// document's subtrees on every core (a block's "has a command" reads it).
    private mutating func classify(parallel: Bool) {
        if parallel, children.count >= 2 {
            let children = self.children
            self.children = ParallelSlots.slices(of: children.count) { range in
                range.map {
                    var child = children[$0]
                    child.classify(parallel: false)
                    return child
                }
            }.flatMap { $0 }
        } else {
            // One child: its own children are where the work spreads.
            for i in children.indices { children[i].classify(parallel: parallel) }
        }
        hasCodeBlock =
            blocks.contains { if case .code = $0 { true } else { false } } || children.contains { $0.hasCodeBlock }
        hasCode = children.contains { $0.hasCode } || blocks.contains(where: \.hasCommand)
        blockCount = blocks.count + children.reduce(0) { $0 + $1.blockCount }
        // The heading and its title made plain once: every fact below reads them.
        let plainHeading = MarkdownInline.plain(heading)
        if slugged { anchor = Self.githubSlug(plain: plainHeading) }
        role = Self.role(plainHeading: plainHeading, hasCodeBlock: hasCodeBlock)
        headingCondition = ConditionSentence.parse(plainHeading)
        let plainTitle = MarkdownInline.plain(title)
        headingWords = ImportReader.words(plain: plainHeading)
        titleWords = ImportReader.words(plain: plainTitle)
        lastTitleWord = ImportReader.lastWord(plain: plainTitle)
        startsWithOrder = ImportReader.startsWithOrder(plain: plainTitle)
        alternativeKey = ImportReader.alternativeKey(plainTitle: plainTitle, hasCode: hasCode)
    }

    /// `Run describe {#step-1}` -> ("Run describe", "step-1"); nil when the heading
    /// gives no anchor (its slug is made with the other heading facts, on every core).
    static func splitAnchor(_ text: String) -> (String, String)? {
        guard text.hasSuffix("}"), let open = text.ranges(of: "{#").last else { return nil }
        let anchor = String(text[open.upperBound..<text.index(before: text.endIndex)])
        return (text[..<open.lowerBound].trimmingSpaces, anchor)
    }

    /// GitHub's heading anchors: lower case, punctuation dropped, spaces to `-`.
    static func githubSlug(plain: String) -> String {
        if plain.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            for b in plain.utf8 {
                if ASCII.isAlphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") {
                    out.append(ASCII.lowered(b))
                } else if b == UInt8(ascii: " ") {
                    out.append(UInt8(ascii: "-"))
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var out = ""
        for c in plain.lowercased() {
            if c.isLetter || c.isNumber || c == "-" || c == "_" { out.append(c) } else if c == " " { out.append("-") }
        }
        return out
    }

    static func role(plainHeading: String, hasCodeBlock: Bool) -> Role {
        let t = plainHeading.lowercased()
        func has(_ words: [String]) -> Bool { words.contains { t.containsBytes($0) } }
        if has([
            "example alert", "example page", "sample alert", "example pd", "example title", "alert example",
            "example pagerduty"
        ]) {
            return .examples
        }
        if has(["escalat", "who to contact", "contacts", "point of contact"]) { return .escalation }
        if has([
            "related", "reference", "see also", "further information", "further reading", "useful links", "links",
            "resources",
            "previous incident", "recent change", "definitions", "dashboards", "further steps"
        ]) {
            return .references
        }
        let describeWords = [
            "overview", "meaning", "description", "summary", "purpose", "about", "impact", "what does this alert mean",
            "background", "introduction", "possible causes", "false positive", "severit", "alert details",
            "table of contents"
        ]
        if has(describeWords), !hasCodeBlock {
            return .describe
        }
        return .action
    }
}
