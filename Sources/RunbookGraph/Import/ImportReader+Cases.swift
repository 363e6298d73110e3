/// List items that are cases: "- If a stale lock holds it ...", "- Otherwise,
/// if ...", "**Yes**: ..." / "**No**: ...". A run of them is one decision with
/// an outcome per item, and everything inside an item (its other sentences,
/// its code, its sub-lists) is that outcome's branch and nothing else's.
extension ImportReader {
    /// A block and the blocks indented under it (a list item's code and sub-lists).
    struct Unit {
        var block: MarkdownDocument.Block
        var children: [Unit] = []
    }

    /// Groups blocks by indentation: a block indented past a list item's
    /// marker belongs to that item.
    func units(_ blocks: ArraySlice<MarkdownDocument.Block>) -> [Unit] {
        var out: [Unit] = []
        var i = blocks.startIndex
        while i < blocks.endIndex {
            let block = blocks[i]
            i += 1
            guard case .listItem = block else {
                out.append(Unit(block: block))
                continue
            }
            let marker = indents[block.line] ?? 0
            var j = i
            while j < blocks.endIndex, (indents[blocks[j].line] ?? 0) > marker { j += 1 }
            out.append(Unit(block: block, children: units(blocks[i..<j])))
            i = j
        }
        return out
    }

    /// A list item read as a case: its condition, and what it says to do.
    struct CaseItem {
        var label: String
        var condition: ConditionSentence?
        /// "Otherwise" with no condition of its own.
        var otherwise = false
        var answer: Bool?
        /// The item's sentences after the condition (its action first).
        var action: [String]
        var line: Int
        var sentence: String
        var children: [Unit]
        /// The item as written, `<a id=…>` anchors included.
        var raw = ""
    }

    /// The item as a case, or nil when it does not open with a condition or an answer.
    func caseItem(_ unit: Unit) -> CaseItem? {
        guard case .listItem(_, _, let raw, let line) = unit.block else { return nil }
        guard var item = caseItem(raw: raw, line: line, children: unit.children) else { return nil }
        item.raw = raw
        return item
    }

    private func caseItem(raw: String, line: Int, children: [Unit]) -> CaseItem? {
        let text = Self.clean(Self.withoutInlineAnchors(raw))
        var sentences = MarkdownInline.sentences(text)
        guard let first = sentences.first else { return nil }
        sentences.removeFirst()
        if let answer = Self.answer(first) {
            let action = [answer.rest].filter { !$0.isEmpty } + sentences
            return CaseItem(
                label: answer.yes ? "Yes" : "No", answer: answer.yes, action: action, line: line, sentence: first,
                children: children)
        }
        guard var condition = ConditionSentence.parse(first), condition.kind != .failingThat else { return nil }
        var otherwise = false
        if condition.kind == .otherwise {
            // "Otherwise, if the release may be rolled back, restore it": one more case.
            if let inner = ConditionSentence.parse(condition.action), inner.kind == .ifThen {
                condition = inner
                condition.sentence = first
            } else {
                otherwise = true
            }
        }
        let action = [condition.action].filter { !$0.isEmpty } + sentences
        let label = otherwise ? "Otherwise" : Text.capped(Text.title(condition.condition), 60)
        return CaseItem(
            label: label, condition: otherwise ? nil : condition, otherwise: otherwise, action: action, line: line,
            sentence: first, children: children)
    }

    /// "**Yes**: it was a flake", "No - go on": an answer to the question before.
    static func answer(_ sentence: String) -> (yes: Bool, rest: String)? {
        let plain = sentence.trimmingSpaces
        // The longest form is seven characters: only the opening is lower-cased, once.
        let opening = plain.prefix(8).lowercased()
        for (word, yes) in [("yes", true), ("no", false)] {
            for form in ["**\(word)**", "*\(word)*", "__\(word)__", "_\(word)_", word] {
                guard opening.hasPrefix(form) else { continue }
                var rest = plain.dropFirst(form.count)
                let bold = form.hasPrefix("*") || form.hasPrefix("_")
                guard let next = rest.first, next == ":" || next == "," || next == " " || next == "-" || next == "."
                else {
                    if rest.isEmpty, bold { return (yes, "") }
                    continue
                }
                // A bare "No" must be followed by ":" to be an answer ("No pods are running" is a sentence).
                if !bold, next == " " { continue }
                while let c = rest.first, ":,-. ".contains(c) || c == "*" { rest = rest.dropFirst() }
                return (yes, String(rest))
            }
        }
        return nil
    }

    /// `<a id="x">text</a>` -> `text`, and `x` remembered as an anchor of the item.
    static func withoutInlineAnchors(_ text: String) -> String {
        guard text.containsBytes("<a ") else { return text }
        var out = text
        while let open = out.firstRange(of: "<a "), let close = out[open.upperBound...].firstIndex(of: ">") {
            out.removeSubrange(open.lowerBound...close)
            if let end = out.firstRange(of: "</a>") { out.removeSubrange(end) }
        }
        return out
    }

    /// `id` or `name` of the inline anchors in `text`.
    static func inlineAnchors(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstRange(of: "<a "), let close = rest[open.upperBound...].firstIndex(of: ">") {
            let tag = rest[open.upperBound..<close]
            for attribute in ["id=", "name="] {
                if let a = tag.firstRange(of: attribute) {
                    let value = tag[a.upperBound...].drop { $0 == "\"" || $0 == "'" }.prefix {
                        $0 != "\"" && $0 != "'" && $0 != " "
                    }
                    if !value.isEmpty { out.append(String(value)) }
                }
            }
            rest = rest[close...]
        }
        return out
    }

    /// The run of case items starting at `start`: two or more, or one with
    /// content of its own; nil when the unit there is no case.
    func caseRun(_ units: [Unit], from start: Int) -> [CaseItem]? {
        var items: [CaseItem] = []
        var j = start
        while j < units.count, let item = caseItem(units[j]) {
            // Answers and conditions are not mixed in one decision.
            if let first = items.first, (first.answer == nil) != (item.answer == nil) { break }
            if item.otherwise, items.isEmpty { break }
            // "If needed, check …", "If so, …": about the item before, not another case of the same question.
            if !items.isEmpty, item.condition?.anaphoric == true { break }
            items.append(item)
            j += 1
            if item.otherwise { break }
        }
        guard !items.isEmpty else { return nil }
        if items.count == 1, items[0].answer != nil { return nil }
        // Cases that only describe what the system does ("If the record is not valid, Sentry asks ...") are prose.
        let describes = items.allSatisfy { item in
            item.children.isEmpty && item.answer == nil && !item.action.isEmpty
                && classifyBranch(item.action.joined(separator: " ")).action == .proceed
        }
        // ... unless the one case permits what the next item orders ("then it can be deleted",
        // then "Delete the index ..."): that order is the case's, never done when the case fails.
        if describes, items.count > 1 || Self.permitted(items[0], next: units.dropFirst(start + 1).first) == nil {
            return nil
        }
        return items
    }

    /// The next unit, when `item` permits what it orders: "If X, it can be deleted." then
    /// "Delete the index ...". Nil for anything else.
    static func permitted(_ item: CaseItem, next: Unit?) -> Unit? {
        guard item.children.isEmpty, let next, next.children.isEmpty,
            let verb = BranchAction.permission(item.action.joined(separator: " "))
        else { return nil }
        let order: String
        switch next.block {
        case .listItem(_, _, let t, _), .paragraph(let t, _): order = t
        default: return nil
        }
        let first = ConditionSentence.firstWord(ConditionSentence.stripEnumerator(order.trimmingSpaces))
        guard first.count >= 3, ConditionSentence.imperatives.contains(first), verb.hasPrefix(first.dropLast()) else {
            return nil
        }
        return next
    }

    /// "If needed, check the DaemonSet": "Do you need to check the DaemonSet?" — the
    /// step is optional, and the question is about it, not the sentence before.
    static func optionalStepQuestion(_ condition: ConditionSentence, action: String?) -> String? {
        guard condition.anaphoric, ["needed", "necessary", "required"].contains(condition.condition.lowercased()),
            var order = action.map({ MarkdownInline.plain($0).trimmingSpaces }), !order.isEmpty
        else { return nil }
        while let last = order.last, ":.,;".contains(last) { order.removeLast() }
        return "Do you need to " + Text.phrase(order.prefix(1).lowercased() + order.dropFirst()) + "?"
    }

    /// One decision over the items; returns the index of the unit after them.
    mutating func readCases(_ items: [CaseItem], intro: String) {
        let answers = items[0].answer != nil
        let yesNo = answers || (items.count == 2 && items[1].otherwise) || items.count == 1
        var title: String
        if answers {
            title = ConditionSentence.question(
                from: MarkdownInline.sentences(Self.clean(intro)).last ?? "Does this apply?")
        } else if yesNo, let condition = items[0].condition {
            if let optional = Self.optionalStepQuestion(condition, action: items[0].action.first) {
                title = optional
            } else {
                title =
                    condition.anaphoric
                    ? ConditionSentence.question(fromPrevious: lastSentence, anaphor: condition.condition)
                    : condition.question
            }
        } else {
            title = "Which case applies?"
        }
        if title.count < 4 { title = "Does this apply?" }
        var step = DraftStep(id: flow.makeID(title), title: title, line: items[0].line)
        step.isDecision = true
        step.text = takePending() + [items.map { "- " + $0.sentence }.joined(separator: "\n")]
        if let condition = items[0].condition, condition.anaphoric,
            Self.optionalStepQuestion(condition, action: items[0].action.first) == nil
        {
            step.review.append(
                "The question is read from the sentence before \"\(items[0].sentence)\"; check it asks what the source means (line \(items[0].line))."
            )
        }
        let d = emitStep(step)
        lastOpen = nil
        var exits: [FlowBuilder.Dangler] = []
        for item in items {
            let label = yesNo && !answers ? (item.otherwise ? "No" : "Yes") : item.label
            let g = newGuard(
                line: item.line, sentence: item.sentence,
                question: item.condition?.question
                    ?? (answers ? "\(title) \(item.label)" : "None of the cases before applies?"))
            exits += readCaseBranch(item, decision: d, label: label, guardID: g)

            // `<a id=x>` in the item: a jump to x enters this case's branch.
            if case .step(let id)? = flow[d].outcomes.last?.next, !id.isEmpty {
                for anchor in Self.inlineAnchors(item.raw) where anchors[anchor] == nil {
                    anchors[anchor] = id
                    // "proceed to [if the master doesn't exist](#…)": the jump answers that case "yes".
                    anchorGuards[anchor] = g
                }
            }
        }
        let closed = items.last!.otherwise || answers
        if !closed,
            let none = flow.addOutcome(
                to: d, label: yesNo ? "No" : "None of these", next: nil, id: yesNo ? "no" : "none")
        {
            exits.append(none)
        }
        flow.open = exits
        lastOpen = nil
        lastDecision = nil
    }

    /// One item's branch: the outcome and the steps inside it; returns its ways on.
    mutating func readCaseBranch(
        _ item: CaseItem, decision d: Int, label: String, guardID g: Int
    ) -> [FlowBuilder.Dangler] {
        let text = item.action.joined(separator: " ")
        let branch = classifyBranch(text)
        let hasCode = Self.containsCode(item.children)
        // Text waiting for the step after the decision waits on; the branch starts with none.
        let savedPending = pending
        pending = []
        governing.append(g)
        defer {
            governing.removeLast()
            pending = savedPending
        }
        // Nothing to run inside: the outcome leads where the words say.
        if branch.commands.isEmpty, !hasCode {
            let exits = addBranch(to: d, label: label, when: nil, branch, line: item.line, affirms: g)
            if case .steps = branch.action, let last = exits.last, case .next(let index) = last {
                flow.open = exits
                lastOpen = index
                readUnits(item.children, intro: text)
                closeBranchText()
                return flow.open
            }
            if !item.children.isEmpty {
                // Sub-items under an answer that ends or escalates stay text on the decision.
                flow[d].text += item.children.compactMap(Self.text(of:))
            }
            return exits
        }
        guard let way = flow.addOutcome(to: d, label: label, next: nil, affirms: g) else { return [] }
        flow.open = [way]
        lastOpen = nil
        let ending = Self.ending(of: text)
        if !text.isEmpty { readProse(text, line: item.line, item: nil, intro: "") }
        readUnits(item.children, intro: text)
        closeBranchText()
        if let ending {
            flow.resolve(flow.open, to: ending)
            flow.open = []
        }
        return flow.open
    }

    /// Text left over at the end of a branch belongs to its last step, or to a step of its own.
    mutating func closeBranchText() {
        guard !pending.isEmpty else { return }
        if let open = lastOpen {
            flow[open].text += takePending()
        } else {
            let first = pending.first ?? ""
            let step = DraftStep(
                id: flow.makeID(Text.title(first)), title: Text.title(first), text: takePending(), line: sectionLine)
            lastOpen = emitStep(step)
        }
    }

    /// "... and resolve the incident", "stop here": where the branch ends after its steps.
    static func ending(of text: String) -> String? {
        let lower = text.lowercased()
        if BranchAction.resolvedCues.contains(where: { lower.containsBytes($0) }) { return FlowBuilder.resolvedID }
        return nil
    }

    /// A paragraph that asks its own question or introduces a list of its own (a nested
    /// "If Y, run ..." still belongs to the case before it).
    static func startsSomethingElse(_ block: MarkdownDocument.Block) -> Bool {
        guard case .paragraph(let text, _) = block else { return false }
        let t = text.trimmingSpaces
        return t.hasSuffix("?") || (t.hasSuffix(":") && !t.containsBytes("`") && ConditionSentence.parse(t) == nil)
    }

    static func containsCode(_ units: [Unit]) -> Bool {
        units.contains { unit in
            if case .code = unit.block { return true }
            if case .listItem(_, _, let t, _) = unit.block, t.containsBytes("`") { return true }
            if case .paragraph(let t, _) = unit.block, t.containsBytes("`") { return true }
            return containsCode(unit.children)
        }
    }

    static func text(of unit: Unit) -> String? {
        switch unit.block {
        case .paragraph(let t, _): return clean(t)
        case .listItem(let depth, _, let t, _): return String(repeating: "  ", count: depth) + "- " + clean(t)
        default: return nil
        }
    }

    /// Reads blocks in order; runs of case items become decisions.
    mutating func readUnits(_ units: [Unit], intro: String = "") {
        var units = units
        var intro = intro
        var i = 0
        while i < units.count {
            if var items = caseRun(units, from: i) {
                let last = i + items.count - 1
                if let opener = items.last, opener.children.isEmpty, opener.action.isEmpty,
                    opener.sentence.trimmingSpaces.hasSuffix(":")
                {
                    // "* If the `pg_xlog` directory is the problem:" with what follows not indented under it:
                    // the blocks up to the next list item are its body, and a reviewer is asked to confirm.
                    var j = last + 1
                    while j < units.count, !units[j].block.isListItem, !Self.startsSomethingElse(units[j].block) {
                        j += 1
                    }
                    if j > last + 1 {
                        items[items.count - 1].children = Array(units[(last + 1)..<j])
                        pendingReview.append(
                            "The source's \"\(Text.capped(opener.sentence, 80))\" (line \(opener.line)) is followed by text not indented under it; the importer reads everything up to the next list item as that case. Check it."
                        )
                        units.removeSubrange((last + 1)..<j)
                    }
                }
                if items.count == 1, let order = Self.permitted(items[0], next: units.dropFirst(last + 1).first) {
                    items[0].children = [order]
                    units.remove(at: last + 1)
                    pendingReview.append(
                        "The source's \"\(Text.capped(items[0].sentence, 80))\" (line \(items[0].line)) permits what the next item orders; the importer reads that item as done only in this case. Check it."
                    )
                }
                readCases(items, intro: intro)
                i += items.count
                intro = ""
                continue
            }
            let unit = units[i]
            readBlock(unit.block, intro: &intro)
            if !unit.children.isEmpty {
                var childIntro = intro
                if case .listItem(_, _, let t, _) = unit.block { childIntro = t }
                readUnits(unit.children, intro: childIntro)
            }
            i += 1
        }
    }
}
