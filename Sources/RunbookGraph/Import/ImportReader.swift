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
    private var pending: [String] = []
    private var pendingReview: [String] = []
    private var lastOpen: Int?
    private var heading = ""
    private var sectionAnchor = ""
    private var stepsInSection = 0
    private var escalateAfter = false
    private var awaitingCommand: Int?
    private var lastSentence = ""
    /// Ways past the rest of the section ("No" of a condition that opens it).
    private var sectionSkip: [FlowBuilder.Dangler] = []
    /// Commands met in this section, to tell a piece of one from a new one.
    private var sectionCommands: [String] = []

    // MARK: Sections

    mutating func read(children: [Section]) {
        var i = 0
        while i < children.count {
            let section = children[i]
            switch section.role {
            case .examples, .escalation, .references:
                i += 1
            case .describe:
                read(children: section.children)
                i += 1
            case .action:
                if isConditionHeading(section) {
                    var group = [i]
                    var j = i + 1
                    while j < children.count, isConditionHeading(children[j]), sameDecision(children[group[0]], children[j]) {
                        group.append(j)
                        j += 1
                    }
                    i = readConditionGroup(children, group)
                } else {
                    i = readRegion(children, i)
                }
            }
        }
    }

    func isConditionHeading(_ section: Section) -> Bool {
        section.role == .action && ConditionSentence.parse(MarkdownInline.plain(section.heading)) != nil
    }

    func sameDecision(_ a: Section, _ b: Section) -> Bool {
        guard let ca = ConditionSentence.parse(MarkdownInline.plain(a.heading)),
              let cb = ConditionSentence.parse(MarkdownInline.plain(b.heading)) else { return false }
        let enumerated = ConditionSentence.stripEnumerator(a.heading) != a.heading && ConditionSentence.stripEnumerator(b.heading) != b.heading
        return cb.kind == .otherwise || enumerated || ca.subject == cb.subject
    }

    /// "a. If X does not exist" / "b. If X exists": one decision, a branch per heading.
    mutating func readConditionGroup(_ children: [Section], _ group: [Int]) -> Int {
        let conditions = group.map { ConditionSentence.parse(MarkdownInline.plain(children[$0].heading))! }
        let title = group.count == 1 ? conditions[0].question : "Which case applies?"
        var step = DraftStep(id: flow.makeID(title), title: title, line: children[group[0]].line)
        step.isDecision = true
        step.text = takePending()
        let d = emitStep(step)
        var exits: [FlowBuilder.Dangler] = []
        var next = group.last! + 1
        for (k, index) in group.enumerated() {
            let label = group.count == 1 ? "Yes" : Text.title(conditions[k].condition)
            flow.open = flow.addOutcome(to: d, label: label, next: nil).map { [$0] } ?? []
            next = max(next, readRegion(children, index, asBranch: true))
            exits += flow.open
        }
        if group.count == 1 || !(conditions.contains { $0.kind == .otherwise } || Self.complementary(conditions)) {
            if let none = flow.addOutcome(to: d, label: group.count == 1 ? "No" : "None of these", next: nil) { exits.append(none) }
        }
        flow.open = exits
        lastOpen = nil
        return next
    }

    /// "... with the following command", "... run:": the command comes in the next code block.
    static func announcesCommand(_ text: String) -> Bool {
        var lower = text.lowercased().trimmingSpaces
        while let last = lower.last, ".".contains(last) { lower.removeLast() }
        return lower.hasSuffix("command") || lower.hasSuffix("commands") || lower.hasSuffix(":") || lower.hasSuffix("following")
            || ["following command", "this command", "the command below", "commands below", "following commands"].contains { lower.containsBytes($0) }
    }

    /// "X does not exist" / "X exists": two conditions of which one always holds.
    static func complementary(_ conditions: [ConditionSentence]) -> Bool {
        guard conditions.count == 2 else { return false }
        func negated(_ c: ConditionSentence) -> Bool {
            let t = " " + c.condition.lowercased() + " "
            return [" not ", "n't ", " no ", " never "].contains { t.containsBytes($0) }
        }
        return negated(conditions[0]) != negated(conditions[1])
    }

    /// A section, and when it ends in a list of cases that later sibling
    /// headings take up ("Possible errors include: ..."), a decision over them.
    /// Returns the index of the next sibling to read.
    mutating func readRegion(_ children: [Section], _ i: Int, asBranch: Bool = false) -> Int {
        let section = children[i]
        let cases = section.children.isEmpty ? caseList(section, siblings: children, from: i + 1) : nil
        var blocks = section.blocks
        if let cases { blocks.removeLast(cases.blockCount + (cases.hasIntro ? 1 : 0)) }
        readSection(section, blocks: blocks)
        read(children: section.children)
        guard let cases else { return i + 1 }
        var step = DraftStep(id: flow.makeID("which-case"), title: cases.question, line: cases.line)
        step.isDecision = true
        step.text = takePending() + [cases.text]
        let d = emitStep(step)
        var exits: [FlowBuilder.Dangler] = []
        for (k, branch) in cases.branches.enumerated() {
            flow.open = flow.addOutcome(to: d, label: branch.label, next: nil).map { [$0] } ?? []
            let end = k + 1 < cases.branches.count ? cases.branches[k + 1].sibling : cases.last + 1
            var j = branch.sibling
            while j < end { j = readRegion(children, j) }
            exits += flow.open
        }
        if let none = flow.addOutcome(to: d, label: "None of these", next: nil) { exits.append(none) }
        flow.open = exits
        lastOpen = nil
        return cases.last + 1
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
        while j < siblings.count, j < start + 12, siblings[j].role == .action, !isConditionHeading(siblings[j]) || j == start {
            let headingWords = Self.words(siblings[j].heading)
            for item in items {
                let key = Self.key(item.text)
                let itemWords = Self.words(item.text)
                let keyWords = Self.words(key)
                let matches = (!headingWords.isEmpty && headingWords.isSubset(of: itemWords)) || (keyWords.count >= 2 && keyWords.isSubset(of: headingWords))
                guard matches else { continue }
                last = j
                if !branches.contains(where: { $0.label == Text.title(key) }), !branches.contains(where: { $0.sibling == j }) {
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
        let question = ["error", "message", "status", "output", "log"].contains { lower.containsBytes($0) } ? "Which of these do you see?" : "Which case applies?"
        var text = items.map { "- " + $0.text.split(separator: "\n").joined(separator: " ") }.joined(separator: "\n")
        if let intro { text = intro + "\n\n" + text }
        return CaseList(question: question, text: text, branches: branches.sorted { $0.sibling < $1.sibling }, last: last,
                        blockCount: items.count, hasIntro: intro != nil, line: items[0].line)
    }

    /// Leading code span or bold text of a list item, else its text up to " - " or ":".
    static func key(_ item: String) -> String {
        if item.hasPrefix("`"), let span = MarkdownInline.codeSpans(item).first { return span }
        if item.hasPrefix("**"), let end = item.dropFirst(2).firstRange(of: "**") { return String(item[item.index(item.startIndex, offsetBy: 2)..<end.lowerBound]) }
        let plain = MarkdownInline.plain(item)
        for separator in [" - ", ": "] { if let r = plain.firstRange(of: separator) { return String(plain[..<r.lowerBound]) } }
        return Text.capped(plain, 60)
    }

    static let stopWords: Set<String> = ["the", "a", "an", "and", "or", "of", "for", "to", "in", "on", "is", "are", "actions", "action",
                                         "steps", "step", "check", "checks", "how", "what", "with", "if", "when", "this", "that", "it"]

    static func words(_ text: String) -> Set<String> {
        var out: Set<String> = []
        var word = ""
        for c in MarkdownInline.plain(text).lowercased() {
            if c.isLetter || c.isNumber { word.append(c) } else {
                if !word.isEmpty, !stopWords.contains(word) { out.insert(word) }
                word = ""
            }
        }
        if !word.isEmpty, !stopWords.contains(word) { out.insert(word) }
        return out
    }

    mutating func readSection(_ section: Section, blocks: [MarkdownDocument.Block]) {
        heading = section.heading.isEmpty ? "" : section.title
        sectionAnchor = section.anchor
        stepsInSection = 0
        sectionCommands = []
        lastOpen = nil
        escalateAfter = false
        awaitingCommand = nil
        if !heading.isEmpty { pending.append("**\(MarkdownInline.plain(heading))**") }
        let text = blocks.compactMap { block -> String? in
            if case .paragraph(let t, _) = block { return t }
            return nil
        }.joined(separator: " ")
        if heading.uppercased().containsBytes("TODO") || text.trimmingSpaces.uppercased() == "TODO" || text.trimmingSpaces.uppercased() == "TBD" {
            pendingReview.append("The source leaves this section as TODO (line \(section.line)).")
        }
        var intro = ""
        for block in blocks {
            switch block {
            case .paragraph(let text, _) where ["table of contents", "contents", "toc", "on this page"].contains(MarkdownInline.plain(text).trimmingSpaces.lowercased()):
                continue  // the title of a table of contents the site generates
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
                    pendingReview.append("HTML at line \(line) was left out; check whether it says something the operator needs.")
                }
            case .heading:
                break
            }
        }
        endSection(section)
    }

    mutating func endSection(_ section: Section) {
        let onlyHeading = pending.count == 1 && pending[0].hasPrefix("**") && !heading.isEmpty
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
                let title = stepsInSection == 0 ? (heading.isEmpty ? "Read the overview" : heading) : "\(heading): notes"
                if stepsInSection == 0, pending.first == "**\(MarkdownInline.plain(heading))**" { pending.removeFirst() }
                let step = DraftStep(id: flow.makeID(title), title: title, text: takePending(), line: section.line)
                let index = emitStep(step)
                if escalateAfter { escalate(index) }
            }
        }
        escalateAfter = false
        lastOpen = nil
        flow.open += sectionSkip
        sectionSkip = []
    }

    private mutating func escalate(_ index: Int) {
        guard flow[index].outcomes.isEmpty, flow[index].next == nil else { return }
        flow[index].next = .step(FlowBuilder.escalateID)
        flow.open.removeAll { $0 == .next(index) }
    }

    // MARK: Steps

    @discardableResult
    mutating func emitStep(_ step: DraftStep) -> Int {
        var step = step
        step.review += pendingReview
        pendingReview = []
        let index = flow.emit(step)
        emitted += 1
        if firstStep == nil { firstStep = index }
        if stepsInSection == 0, anchors[sectionAnchor] == nil, !sectionAnchor.isEmpty { anchors[sectionAnchor] = step.id }
        stepsInSection += 1
        return index
    }

    mutating func takePending() -> [String] {
        defer { pending = [] }
        return pending
    }

    mutating func appendText(_ text: String) {
        if let open = lastOpen { flow[open].text.append(text) } else { pending.append(text) }
    }

    /// A new step holding `command`, titled by `sentence` (or the heading).
    mutating func emitCommandStep(_ command: DraftCommand, sentence: String, line: Int, text: [String] = []) -> Int {
        var title = Self.titleWithoutCode(sentence)
        if title.isEmpty || title.hasPrefix("`") {
            title = stepsInSection == 0 && !heading.isEmpty ? heading : "Run `\(Text.capped(command.command.split(separator: "\n").first.map(String.init) ?? "", 60))`"
        }
        var step = DraftStep(id: flow.makeID(title), title: title, line: line)
        step.text = takePending() + text
        step.run = command
        let index = emitStep(step)
        lastOpen = index
        return index
    }

    /// "Check the node by issuing: `kubectl describe node x`" -> "Check the node by issuing".
    static func titleWithoutCode(_ sentence: String) -> String {
        guard sentence.containsBytes("`") else {
            let title = Text.title(sentence)
            return title.count < 4 ? "" : title
        }
        var out = ""
        var inCode = false
        var codeText = ""
        for c in sentence.unicodeScalars {
            if c == "`" {
                if inCode, codeText.utf8.count <= 50 || !CodeReading.isInlineCommand(codeText, context: sentence) { out += "`\(codeText)`" }
                inCode.toggle()
                codeText = ""
                continue
            }
            if inCode { codeText.unicodeScalars.append(c) } else { out.unicodeScalars.append(c) }
        }
        let title = Text.title(out.replacingAll("  ", with: " "))
        return title.count < 4 ? "" : title
    }

    mutating func command(_ raw: String, line: Int) -> DraftCommand? {
        if placeholders.absorbExports(raw) {
            appendText("The source sets `\(Text.capped(raw.split(separator: "\n").first.map(String.init) ?? raw, 70))` here; this runbook asks for the value instead.")
            return nil
        }
        var raw = raw
        var review: String?
        // "cmd --url <URL> (e.g. https://x)": the example is prose, not part of the command.
        if raw.hasSuffix(")"), let open = raw.firstRange(of: " (e.g.") ?? raw.firstRange(of: " (for example") ?? raw.firstRange(of: " (i.e.") {
            raw = String(raw[..<open.lowerBound])
            review = "The source's command had an example in parentheses after it, left out here (line \(line))."
        }
        sectionCommands.append(raw)
        let text = placeholders.rewrite(command: raw)
        let traits = CodeReading.traits(of: raw)
        var command = DraftCommand(command: text, interactive: traits.interactive)
        command.background = traits.background
        command.confirm = Self.isDestructive(raw)
        if let review { pendingReview.append(review) }
        return command
    }

    /// Words that change or stop things: such commands ask before they run.
    static let destructiveWords: Set<String> = [
        "delete", "drain", "cordon", "reboot", "kill", "killall", "pkill", "shutdown", "mkfs", "restart", "stop", "truncate",
        "purge", "drop", "force", "force_resync", "rollout", "scale", "evict", "terminate", "destroy", "wipe", "rm", "rmdir",
    ]

    /// Splits on everything but letters, digits and `_` (so `app.restart:x` has `restart`).
    static func isDestructive(_ command: String) -> Bool {
        var word: [UInt8] = []
        func check() -> Bool { !word.isEmpty && word.count <= 12 && destructiveWords.contains(String(decoding: word, as: UTF8.self)) }
        for b in command.utf8 {
            let lower = b >= 0x41 && b <= 0x5A ? b + 32 : b
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == 0x5F { word.append(lower); continue }
            if check() { return true }
            word.removeAll(keepingCapacity: true)
        }
        return check()
    }

    // MARK: Prose

    enum Part {
        case plain([String])
        case decision([(ConditionSentence, [String])])
    }

    static func parts(_ sentences: [String]) -> [Part] {
        var parts: [Part] = []
        var awaitingAction = false
        for sentence in sentences {
            if let condition = ConditionSentence.parse(sentence) {
                let endsWithColon = sentence.trimmingSpaces.hasSuffix(":")
                if case .decision(var branches)? = parts.last,
                   condition.kind == .otherwise || (condition.kind == .ifThen && branches.allSatisfy { $0.0.kind == .ifThen } && branches[0].0.subject == condition.subject) {
                    branches.append((condition, []))
                    parts[parts.count - 1] = .decision(branches)
                } else {
                    parts.append(.decision([(condition, [])]))
                }
                awaitingAction = condition.action.isEmpty || endsWithColon
                continue
            }
            if awaitingAction, case .decision(var branches)? = parts.last {
                branches[branches.count - 1].1.append(sentence)
                parts[parts.count - 1] = .decision(branches)
                // A command alone keeps the branch open for an "Else:" after it.
                continue
            }
            if case .plain(var list)? = parts.last {
                list.append(sentence)
                parts[parts.count - 1] = .plain(list)
            } else {
                parts.append(.plain([sentence]))
            }
        }
        return parts
    }

    mutating func readProse(_ raw: String, line: Int, item: (depth: Int, ordered: Bool)?, intro: String) {
        let text = Self.clean(raw)
        awaitingCommand = nil
        let sentences = MarkdownInline.sentences(text)
        guard !sentences.isEmpty else { return }
        let parts = Self.parts(sentences)
        let introLower = intro.lowercased()
        let listOfPossibilities = item?.ordered == true && ["mean", "include", "cause", "reason", "possib", "could be", "one of", "any of"].contains { introLower.containsBytes($0) }
        for (p, part) in parts.enumerated() {
            switch part {
            case .plain(let list):
                readPlain(list, text: p == 0 && parts.count == 1 ? text : list.joined(separator: " "), line: line,
                          asStep: p == 0 && item != nil && (item!.ordered && !listOfPossibilities), depth: item?.depth)
            case .decision(let branches):
                readDecision(branches, line: line, isFirstInUnit: p == 0)
            }
            if case .plain(let list) = part { lastSentence = list.last ?? lastSentence }
        }
    }

    /// Sentences with no condition: text, or steps when they carry commands
    /// (or are an item of a numbered list).
    mutating func readPlain(_ sentences: [String], text: String, line: Int, asStep: Bool, depth: Int?) {
        var commands: [(String, String)] = []  // (command, sentence that introduces it)
        var previous = ""
        for sentence in sentences {
            defer { previous = sentence }
            // A command alone on its line is introduced by the sentence before it.
            let lone = sentence.hasPrefix("`") && sentence.hasSuffix("`")
            let titled = lone && !previous.isEmpty ? previous : sentence
            for span in MarkdownInline.codeSpans(sentence) where CodeReading.isInlineCommand(span, context: sentence) {
                let command = MarkdownInline.decodeEntities(span)
                // A piece of a command given before ("`find -type d` - find all directories") is explanation.
                if !commands.contains(where: { $0.0.containsBytes(command) }), !sectionCommands.suffix(20).contains(where: { $0 != command && $0.containsBytes(command) }) {
                    commands.append((command, titled))
                }
            }
        }
        if sentences.first?.lowercased().hasPrefix("escalate ") == true { escalateAfter = true }
        let bullet = depth.map { String(repeating: "  ", count: $0) + "- " } ?? ""
        if asStep {
            let title = Self.titleWithoutCode(sentences[0]).isEmpty ? Text.title(sentences[0]) : Self.titleWithoutCode(sentences[0])
            var step = DraftStep(id: flow.makeID(title), title: title, line: line)
            step.text = takePending() + [text]
            var rest = commands[...]
            if let first = rest.first, let c = command(first.0, line: line) {
                step.run = c
                rest = rest.dropFirst()
            }
            lastOpen = emitStep(step)
            for (cmd, sentence) in rest {
                if let c = command(cmd, line: line) { _ = emitCommandStep(c, sentence: sentence, line: line) }
            }
            return
        }
        if commands.isEmpty {
            appendText(bullet + text)
            return
        }
        var first = true
        for (cmd, sentence) in commands {
            guard let c = command(cmd, line: line) else { first = false; continue }
            if let open = lastOpen, flow[open].run == nil {
                flow[open].run = c
                flow[open].text.append(bullet + (first ? text : sentence))
            } else {
                _ = emitCommandStep(c, sentence: sentence, line: line, text: first ? [bullet + text] : [])
            }
            first = false
        }
        if first { appendText(bullet + text) }
    }

    /// The decision the unit before made, while nothing has come after it.
    private struct OpenDecision {
        var index: Int
        var subject: String
        var firstCondition: String
        var emitted: Int
    }
    private var lastDecision: OpenDecision?
    private var emitted = 0

    /// A decision: its own step, the outcomes of the command step just before
    /// it, or more branches of the decision the paragraph before opened
    /// ("If the endpoint is working, ..." / "If the endpoint is not working, ...").
    mutating func readDecision(_ branches: [(ConditionSentence, [String])], line: Int, isFirstInUnit: Bool) {
        let first = branches[0].0
        let previous = lastSentence
        let anaphoric = first.anaphoric
        var single = branches.count == 1 || (branches.count == 2 && branches[1].0.kind == .otherwise)
        // "If X, follow the rest of the runbook" with nowhere else to go is no decision.
        let actions = branches.map { branch in
            let text = ([branch.0.action] + branch.1).filter { !$0.isEmpty }.joined(separator: " ")
            let spans = MarkdownInline.codeSpans(text).filter { CodeReading.isInlineCommand($0, context: text) }
            return BranchAction.classify(text, links: MarkdownInline.links(text, references: references), hasCommand: !spans.isEmpty)
        }
        // "If X:" before a command: the command is what to do if X.
        var actionsAwaitingCommand = false
        if single, branches.count == 1, first.kind == .ifThen, first.action.isEmpty, branches[0].1.isEmpty,
           first.sentence.trimmingSpaces.hasSuffix(":") {
            actionsAwaitingCommand = true
        }
        // A condition opening its section gates it, unless it says to go on anyway ("follow the remainder").
        let saysGoOn = BranchAction.proceedCues.contains { first.action.lowercased().containsBytes($0) }
        // ... and only when the condition is the section's own topic ("alerts firing for multiple
        // carriers" under "... alerts firing for multiple carriers actions").
        let headingWords = Self.words(heading), conditionWords = Self.words(first.condition)
        let shared = headingWords.intersection(conditionWords).count
        let topical = shared >= 2 || (!headingWords.isEmpty && shared == headingWords.count)
        let gate = single && first.kind == .ifThen && stepsInSection == 0 && !saysGoOn && topical && {
            if case .steps = actions[0] { return true }
            return actions[0] == .proceed
        }()
        let source = branches.flatMap { [$0.0.sentence] + $0.1 }.joined(separator: " ")
        // Nothing to choose between (every branch goes on), or an "Otherwise" with no "If" before it: prose.
        let continuesDecision = isFirstInUnit && lastDecision?.emitted == emitted && pending.isEmpty
        if (first.kind != .failingThat && !actionsAwaitingCommand && !gate && actions.allSatisfy({ $0 == .proceed }))
            || (first.kind == .otherwise && !continuesDecision) {
            appendText(source)
            return
        }
        let d: Int
        var exits: [FlowBuilder.Dangler] = []
        var merge = false
        if isFirstInUnit, let prior = lastDecision, prior.emitted == emitted, pending.isEmpty, first.kind != .failingThat,
           first.kind == .otherwise || (prior.subject == first.subject && !anaphoric),
           let noIndex = flow[prior.index].outcomes.firstIndex(where: { $0.id == "no" }) {
            d = prior.index
            flow[d].outcomes.remove(at: noIndex)
            flow.open.removeAll { $0 == .outcome(d, noIndex) }
            sectionSkip.removeAll { $0 == .outcome(d, noIndex) }
            if let yes = flow[d].outcomes.firstIndex(where: { $0.label.hasPrefix("Yes: ") }) {
                flow[d].outcomes[yes].label = Text.title(prior.firstCondition)
            }
            flow[d].title = "Which case applies?"
            exits = flow.open
            single = false
        } else {
            var title: String
            if first.kind == .failingThat { title = "Did the step before fix it?" } else if single {
                title = anaphoric ? ConditionSentence.question(fromPrevious: previous, anaphor: first.condition) : first.question
            } else {
                title = "Which case applies?"
            }
            if title.count < 4 { title = "Does this apply?" }
            merge = lastOpen.map { flow[$0].run != nil && flow[$0].outcomes.isEmpty && flow[$0].next == nil && pending.isEmpty } ?? false
            if merge, let open = lastOpen {
                d = open
                flow.open.removeAll { $0 == .next(open) }
            } else {
                var step = DraftStep(id: flow.makeID(title), title: title, line: line)
                step.text = takePending() + [Self.clean(source)]
                if anaphoric {
                    step.review.append("The question is read from the sentence before \"If \(first.condition)\"; check it asks what the source means (line \(line)).")
                }
                d = emitStep(step)
            }
        }
        flow[d].isDecision = true
        lastOpen = nil
        var hasOtherwise = false
        var singleWhen: DraftCondition?
        for (k, (condition, extra)) in branches.enumerated() {
            let actionText = ([condition.action] + extra).filter { !$0.isEmpty }.joined(separator: " ")
            var label: String
            switch condition.kind {
            case .otherwise: label = "Otherwise"; hasOtherwise = true
            case .failingThat: label = "No, it still fails"
            case .ifThen: label = single ? "Yes" : Text.title(condition.condition)
            }
            if single, branches.count == 1, condition.kind == .ifThen {
                label = "Yes: \(Text.capped(MarkdownInline.plain(anaphoric ? flow[d].title : condition.condition), 60))"
                while label.hasSuffix("?") { label.removeLast() }
            }
            var when = whenCondition(condition, previous: previous, merged: merge)
            if condition.kind == .otherwise, let w = singleWhen { when = .not(w) }
            if k == 0 { singleWhen = when }
            if actionsAwaitingCommand {
                var step = DraftStep(id: flow.makeID(condition.condition), title: Text.title(condition.sentence), line: line)
                step.text = [Self.clean(condition.sentence)]
                let index = flow.add(step)
                flow.addOutcome(to: d, label: label, when: when, next: .step(step.id))
                exits.append(.next(index))
                awaitingCommand = index
                continue
            }
            exits += addBranch(to: d, label: label, when: when, actionText: actionText, line: line)
        }
        if !hasOtherwise {
            let label = single ? (first.kind == .failingThat ? "Yes, it is fixed" : "No") : "None of these"
            let when = singleWhen.map { DraftCondition.not($0) }
            let id = single ? (first.kind == .failingThat ? "fixed" : "no") : "none"
            if let dangler = flow.addOutcome(to: d, label: label, when: single ? when : nil, next: nil, id: id) {
                // A condition opening its section: "No" skips the section.
                if gate { sectionSkip.append(dangler) } else { exits.append(dangler) }
            }
        }
        flow.open = exits
        lastDecision = single && first.kind == .ifThen ? OpenDecision(index: d, subject: first.subject, firstCondition: first.condition, emitted: emitted) : nil
    }

    /// One branch: where its action leads; returns the ways on it leaves open.
    mutating func addBranch(to d: Int, label: String, when: DraftCondition?, actionText: String, line: Int) -> [FlowBuilder.Dangler] {
        let links = MarkdownInline.links(actionText, references: references)
        let commandSpans = MarkdownInline.codeSpans(actionText).filter { CodeReading.isInlineCommand($0, context: actionText) }
        switch BranchAction.classify(actionText, links: links, hasCommand: !commandSpans.isEmpty) {
        case .resolved:
            flow.addOutcome(to: d, label: label, when: when, next: .step(FlowBuilder.resolvedID))
        case .escalate:
            flow.addOutcome(to: d, label: label, when: when, next: .step(FlowBuilder.escalateID))
        case .link(let link, let returns):
            if let dangler = flow.addOutcome(to: d, label: label, when: when, next: linkTarget(link, then: returns ? "" : nil)) { return [dangler] }
        case .jump(let anchor):
            flow.addOutcome(to: d, label: label, when: when, next: .step("#" + anchor))
        case .proceed:
            if let dangler = flow.addOutcome(to: d, label: label, when: when, next: nil) { return [dangler] }
        case .steps(let text):
            var step = DraftStep(id: "", title: Self.titleWithoutCode(text), text: [Self.clean(text)], line: line)
            var chain: [Int] = []
            for span in commandSpans {
                guard let c = command(MarkdownInline.decodeEntities(span), line: line) else { continue }
                if step.run == nil { step.run = c } else {
                    chain.append(flow.add(DraftStep(id: flow.makeID("run \(span)"), title: "Run `\(Text.capped(c.command, 60))`", run: c, line: line)))
                }
            }
            if step.title.isEmpty {
                // Only a command: its title says so, and the text need not repeat it.
                step.title = step.run.map { "Run `\(Text.capped($0.command, 60))`" } ?? Text.title(text)
                if step.run != nil { step.text = [] }
            }
            step.id = flow.makeID(step.title)
            let index = flow.add(step)
            flow.addOutcome(to: d, label: label, when: when, next: .step(step.id))
            var last = index
            for next in chain {
                flow[last].next = .step(flow[next].id)
                last = next
            }
            if step.run == nil, Self.announcesCommand(text) { awaitingCommand = index }
            return [.next(last)]
        }
        return []
    }

    /// `when:` for a branch: an alert keyword ("search the alert for `x`"),
    /// or, on a command's own step, a code span the output should show.
    func whenCondition(_ condition: ConditionSentence, previous: String, merged: Bool) -> DraftCondition? {
        guard condition.kind == .ifThen else { return nil }
        let source = condition.anaphoric ? previous : condition.condition
        let lower = source.lowercased()
        let spans = MarkdownInline.codeSpans(source)
        guard let span = spans.first, span.count >= 2 else { return nil }
        if lower.containsBytes("alert") && (lower.containsBytes("keyword") || lower.containsBytes("search") || lower.containsBytes("contain") || lower.containsBytes("mention")) {
            return .alertContains(span)
        }
        guard merged, !condition.anaphoric else { return nil }
        let test = DraftCondition.outputMatches(Self.whitespaceTolerantRegex(span))
        let negated = [" not ", "n't ", " no ", " never ", " without "].contains { " \(lower) ".containsBytes($0) }
        return negated ? .not(test) : test
    }

    /// `1/1    Running` -> `1/1\s+Running` (metacharacters escaped).
    static func whitespaceTolerantRegex(_ text: String) -> String {
        var out = ""
        var inSpace = false
        for c in text {
            if c == " " || c == "\t" {
                if !inSpace { out += "\\s+" }
                inSpace = true
                continue
            }
            inSpace = false
            if "\\^$.|?*+()[]{}".contains(c) { out.append("\\") }
            out.append(c)
        }
        return out
    }

    func linkTarget(_ link: MarkdownInline.Link, then: String?) -> DraftTarget {
        let id = LinkReading.runbookID(link.target)
        let url = LinkReading.resolve(link.target, base: base)
        let title = link.text.hasPrefix("http://") || link.text.hasPrefix("https://") || link.text.isEmpty ? nil : Text.title(link.text)
        return .link(runbook: known[id] ?? id, url: url, title: title, then: then)
    }

    // MARK: Code

    mutating func readCode(_ code: String, language: String, line: Int, intro: String) {
        let pieces = CodeReading.read(code, language: language, intro: intro)
        let introSentence = MarkdownInline.sentences(Self.clean(intro)).last ?? ""
        var commandsSeen = 0
        for piece in pieces {
            switch piece {
            case .command(let raw):
                commandsSeen += 1
                guard let c = command(raw, line: line) else { continue }
                if let index = awaitingCommand, flow[index].run == nil {
                    flow[index].run = c
                    awaitingCommand = nil
                    continue
                }
                let mixed = language.isEmpty && raw.byteLines.contains { line in
                    let t = line.trimmingSpaces
                    return !t.isEmpty && !t.hasPrefix("#") && !CodeReading.isCommandLine(t) && !t.hasPrefix("|") && !t.hasPrefix("&&")
                } && !raw.containsBytes("\\\n")
                if let open = lastOpen, flow[open].run == nil {
                    flow[open].run = c
                    if mixed { flow[open].review.append("Some lines of this block do not look like shell commands; check it runs as written (line \(line)).") }
                } else {
                    let index = emitCommandStep(c, sentence: commandsSeen == 1 ? introSentence : "", line: line)
                    if mixed { flow[index].review.append("Some lines of this block do not look like shell commands; check it runs as written (line \(line)).") }
                }
            case .output(let text):
                let lines = text.byteLines
                var shown = lines.prefix(20).map { $0.trimmingSpaces.isEmpty ? "" : "    " + $0 }
                if lines.count > 20 { shown.append("    … (\(lines.count - 20) more lines in the source)") }
                let block = (language.isEmpty ? "Example:" : "Example (\(language)):") + "\n" + shown.joined(separator: "\n")
                if let open = lastOpen, flow[open].run != nil { flow[open].text.append(block) } else { appendText(block) }
            }
        }
        awaitingCommand = nil
    }

    /// Markdown the step text can show: entities decoded, images as links,
    /// kramdown attribute spans removed.
    static func clean(_ text: String) -> String {
        var s = MarkdownInline.decodeEntities(text)
        s = s.replacingAll("![", with: "[image: ")
        while s.containsBytes("{:"), let open = s.firstRange(of: "{:"), let close = s[open.upperBound...].firstIndex(of: "}") {
            s.removeSubrange(open.lowerBound...close)
        }
        return s
    }
}
