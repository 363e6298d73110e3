/// Puts the whole runbook together: the document's title, description,
/// match rules and variables around the flow the reader builds, then the
/// closing decision and the end steps.
struct DraftAssembler {
    let doc: MarkdownDocument
    let path: String
    let known: [String: String]
    var split = ReadingSplit.auto

    func assemble() -> DraftRunbook {
        let front = doc.frontMatter.map { FrontMatter($0, toml: doc.frontMatterIsTOML) } ?? FrontMatter()
        let root = Section.tree(doc)
        // One H1 on top: its text is the title, its own blocks the preamble.
        var top = root.children
        var preamble = root.blocks
        var h1: Section?
        if top.count == 1, top[0].level == 1 {
            h1 = top[0]
            preamble += top[0].blocks
            top = top[0].children
        }
        let all = Self.flatten(top)
        let examples = ExampleAlerts(blocks: all.filter { $0.role == .examples }.flatMap(\.allBlocks))
        let escalation = all.first { $0.role == .escalation }

        var reader = ImportReader()
        reader.split = split
        reader.indents = doc.indents
        reader.references = doc.references
        reader.known = known
        reader.base = examples.runbookURL ?? front.link
        reader.placeholders.exampleValues = examples.exampleValues
        reader.placeholders.alertLabels = Set(examples.labels.keys).union(
            examples.titles.first.map { Set(AlertParser.derivedFromTitle($0).keys) } ?? [])
        reader.placeholders.exampleLabels = reader.placeholders.alertLabels
        let h1Title = h1.map(\.title) ?? root.children.first.map(\.title)
        reader.documentTitle = front.title ?? h1Title ?? ""
        let match = matchRules(
            front: front, examples: examples, title: h1Title, paragraphs: preamble + all.flatMap(\.blocks),
            sections: all)
        // Only labels the document's own example alert shows are read from the alert: an alert
        // "might carry" `pod` or `namespace`, but a guess there would fill in a command wrongly.

        // The preamble: description prose stays out of the steps unless it has commands or decisions.
        let preambleHasWork = preamble.contains { block in
            switch block {
            case .paragraph(let t, _), .listItem(_, _, let t, _):
                if MarkdownInline.sentences(t).contains(where: { ConditionSentence.parse($0) != nil }) { return true }
            default: break
            }
            return block.hasCommand
        }
        if preambleHasWork {
            reader.readSection(Section(level: 1, heading: "", anchor: "", line: 1), blocks: preamble)
        }
        reader.read(children: top)

        var draft = DraftRunbook(id: Self.runbookID(path), title: "")
        draft.title = Text.capped(MarkdownInline.plain(front.title ?? h1Title ?? draft.id).trimmingSpaces, 120)
        if draft.title.isEmpty { draft.title = draft.id }
        draft.description = description(front: front, preamble: preambleHasWork ? [] : preamble, sections: all)
        draft.source =
            examples.runbookURL ?? front.link.map { LinkReading.resolve($0, base: nil) }
            ?? MarkdownImporter.fileName(path)
        draft.match = match
        draft.service = front.service.flatMap { $0.trimmingSpaces.isEmpty ? nil : $0.trimmingSpaces }
        draft.tags = front.tags.map(\.trimmingSpaces).filter { !$0.isEmpty && $0.utf8.count <= 60 }.prefix(20).map {
            $0
        }

        finish(&reader, escalation: escalation, referenceSections: all.filter { $0.role == .references }, front: front)
        draft.steps = reader.flow.stepsInSourceOrder(start: reader.firstStep ?? 0)
        draft.start = draft.steps.first?.id ?? FlowBuilder.resolvedID
        // `{{name}}` written in prose is a placeholder too: every reference needs a variable.
        let steps = draft.steps
        let names = Self.perStep(steps.count) { range in
            range.flatMap { Self.templateNames(steps[$0]) }
        }
        for name in Self.templateNames(in: [draft.title, draft.description ?? ""]) + names.flatMap({ $0 })
        where reader.placeholders.variable(name) == nil {
            reader.placeholders.define(name, placeholder: "`{{\(name)}}`")
        }
        draft.variables = reader.placeholders.variables
        (draft.partsJoined, draft.partsReadAgain) = (reader.partsJoined, reader.partsReadAgain)
        ListingCaptures.apply(&draft)
        let placeholders = reader.placeholders
        let captured = draft.steps
        draft.steps = Self.perStep(captured.count) { range in
            range.map { i in
                var step = captured[i]
                step.text = step.text.map { placeholders.rewrite(text: $0) }
                step.title = placeholders.rewrite(text: step.title)
                if step.title.trimmingSpaces.isEmpty { step.title = "Step \(i + 1)" }
                return step
            }
        }.flatMap { $0 }
        return draft
    }

    /// `work` over the steps' indices: a long page's on every core, in order.
    static func perStep<T>(_ count: Int, _ work: @Sendable (Range<Int>) -> T) -> [T] {
        count >= 512 ? ParallelSlots.slices(of: count, work) : [work(0..<count)]
    }

    /// The `{{names}}` a step's words refer to, in order.
    static func templateNames(_ step: DraftStep) -> [String] {
        var texts =
            [step.title, step.to ?? ""] + step.text + step.outcomes.map(\.label)
            + step.links.flatMap { [$0.title, $0.url] }
        for next in step.outcomes.map(\.next) + [step.next].compactMap({ $0 }) {
            if case .link(_, let url, let title, _) = next { texts += [url ?? "", title ?? ""] }
        }
        return templateNames(in: texts)
    }

    static func templateNames(in texts: [String]) -> [String] {
        texts.flatMap { Template.references(in: $0).map(\.name) }
    }

    /// Sections in reading order, nested ones included.
    static func flatten(_ sections: [Section]) -> [Section] {
        sections.flatMap { [$0] + flatten($0.children) }
    }

    /// Closes the flow: "Is the problem resolved?", the resolved and
    /// escalation end steps, `#anchor` jumps and each step's reference links.
    func finish(_ reader: inout ImportReader, escalation: Section?, referenceSections: [Section], front: FrontMatter) {
        if reader.flow.count == 0 {
            var step = DraftStep(id: reader.flow.makeID("read-the-runbook"), title: "Read the runbook", line: 1)
            step.text = ["The source has no steps or commands to turn into a walk; read it and decide."]
            step.review = ["No steps, commands or decisions were found in the source; write the steps by hand."]
            reader.firstStep = reader.flow.emit(step)
        }
        if !reader.flow.open.isEmpty {
            // Added by the importer, not found in the source: not counted as a decision.
            let done = DraftStep(id: reader.flow.makeID("is-it-resolved"), title: "Is the problem resolved?", line: 1)
            let d = reader.flow.emit(done)
            reader.flow.addOutcome(
                to: d, label: "Yes, the alert has cleared", next: .step(FlowBuilder.resolvedID), id: "resolved")
            reader.flow.addOutcome(to: d, label: "No, escalate", next: .step(FlowBuilder.escalateID), id: "escalate")
        }
        // A decision whose every outcome leads to one place is no decision: one way on.
        for i in 0..<reader.flow.count where reader.flow[i].outcomes.count >= 2 {
            let targets = reader.flow[i].outcomes.map(\.next)
            if case .step(let id) = targets[0], !id.hasPrefix("#"), targets.allSatisfy({ $0 == targets[0] }),
                reader.flow[i].outcomes.allSatisfy({ $0.when == nil })
            {
                reader.flow[i].outcomes = []
                reader.flow[i].next = .step(id)
                reader.flow[i].isDecision = false
                // Its question no longer asks anything: the section's heading, else its sentence, names it.
                let text = reader.flow[i].text
                if let heading = text.first(where: { $0.hasPrefix("**") && $0.hasSuffix("**") }) ?? text.first {
                    reader.flow[i].title = Text.title(heading)
                }
                reader.flow[i].review.removeAll { $0.hasPrefix("The question is read from") }
            }
        }
        // Jumps to `#anchor`s.
        for i in 0..<reader.flow.count {
            for o in reader.flow[i].outcomes.indices {
                guard case .step(let id) = reader.flow[i].outcomes[o].next, id.hasPrefix("#") else { continue }
                let anchor = String(id.dropFirst())
                if let target = reader.anchors[anchor] {
                    reader.flow[i].outcomes[o].next = .step(target)
                    if let g = reader.anchorGuards[anchor] { reader.flow[i].outcomes[o].affirms.append(g) }
                } else {
                    reader.flow[i].outcomes[o].next = .step(FlowBuilder.escalateID)
                    reader.flow[i].review.append(
                        "The source points at #\(anchor), which is not a heading of this document; this outcome now escalates (line \(reader.flow[i].line))."
                    )
                }
            }
        }
        reader.firstStep = SafetyGates.apply(&reader.flow, guards: reader.guards, start: reader.firstStep ?? 0)
        let targets = Set(
            (0..<reader.flow.count).flatMap { i -> [String] in
                let step = reader.flow[i]
                var ids = step.outcomes.compactMap { o -> String? in if case .step(let id) = o.next { id } else { nil }
                }
                if case .step(let id)? = step.next { ids.append(id) }
                return ids
            })
        if targets.contains(FlowBuilder.resolvedID) {
            var end = DraftStep(id: FlowBuilder.resolvedID, title: "Resolved", line: 1)
            end.text = ["The alert has cleared. Record what fixed it."]
            end.end = .resolved
            reader.flow.add(end)
        }
        if targets.contains(FlowBuilder.escalateID) {
            reader.flow.add(escalationStep(escalation, front: front))
        }
        // Reference links: each step's own, and the references sections' on the first step.
        let flow = reader.flow
        let base = reader.base
        let own = Self.perStep(flow.count) { range in
            range.map { i in flow[i].text.flatMap { links(in: $0, base: base) } }
        }.flatMap { $0 }
        for i in 0..<reader.flow.count {
            var seen: Set<String> = []
            var list: [(title: String, url: String)] = []
            func add(_ links: [(title: String, url: String)]) {
                for link in links where list.count < Self.maxLinks && seen.insert(link.url).inserted {
                    list.append(link)
                }
            }
            add(own[i])
            // Read only until the list is full: a long page has many references sections.
            if i == reader.firstStep {
                for block in referenceSections.lazy.flatMap(\.allBlocks) where list.count < Self.maxLinks {
                    if case .paragraph(let t, _) = block { add(links(in: t, base: base)) }
                    if case .listItem(_, _, let t, _) = block { add(links(in: t, base: base)) }
                }
            }
            reader.flow[i].links = list
        }
    }

    /// The most links a step shows.
    static let maxLinks = 30

    func links(in text: String, base: String?) -> [(title: String, url: String)] {
        MarkdownInline.links(text, references: doc.references).compactMap { link in
            guard !link.target.hasPrefix("#"), !link.target.isEmpty, !link.target.hasPrefix("mailto:") else {
                return nil
            }
            let title = Text.title(link.text.isEmpty ? link.target : link.text)
            return (title.isEmpty ? link.target : title, LinkReading.resolve(link.target, base: base))
        }
    }

    /// The escalation section as the end step; whom to escalate to, when it says so.
    func escalationStep(_ section: Section?, front: FrontMatter) -> DraftStep {
        var step = DraftStep(id: FlowBuilder.escalateID, title: "Escalate", line: section?.line ?? 1)
        step.end = .escalated
        guard let section else {
            step.text = [
                "The runbook did not resolve the problem. Escalate to the owning team\(front.service.map { " (\($0))" } ?? "")."
            ]
            if let service = front.service { step.to = service }
            return step
        }
        step.title = section.title.isEmpty ? "Escalate" : section.title
        var paragraphs: [String] = []
        for block in section.allBlocks {
            switch block {
            case .paragraph(let t, _): paragraphs.append(ImportReader.clean(t))
            case .listItem(let depth, _, let t, _):
                paragraphs.append(String(repeating: "  ", count: depth) + "- " + ImportReader.clean(t))
            default: break
            }
        }
        step.text = paragraphs
        let all = paragraphs.joined(separator: " ")
        if let target = BranchAction.escalationTarget(all) {
            step.to = target
        } else if let link = MarkdownInline.links(all, references: doc.references).first(where: { !$0.isImage }) {
            step.to = Text.title(link.text)
        } else if let service = front.service {
            step.to = service
        }
        if step.to?.isEmpty == true { step.to = nil }
        return step
    }

    func description(front: FrontMatter, preamble: [MarkdownDocument.Block], sections: [Section]) -> String? {
        var paragraphs: [String] = []
        if let d = front.description { paragraphs.append(d) }
        func add(_ blocks: [MarkdownDocument.Block]) {
            // The whole introduction: what it says is often what the operator needs first.
            for block in blocks where paragraphs.count < 40 {
                if case .paragraph(let t, _) = block, t.count > 20 {
                    paragraphs.append(MarkdownInline.plain(ImportReader.clean(t)))
                }
            }
        }
        add(preamble)
        for section in sections where section.role == .describe { add(section.blocks) }
        let text = paragraphs.joined(separator: "\n\n")
        return text.isEmpty ? nil : Text.capped(text, 8000)
    }

    /// `match:`: the example alert's name and titles, alert names in the
    /// title (`KubePodCrashLooping`) or written as "Alert Name: X or Y".
    func matchRules(
        front: FrontMatter, examples: ExampleAlerts, title: String?, paragraphs: [MarkdownDocument.Block],
        sections: [Section]
    ) -> [DraftCondition] {
        var rules = examples.matchConditions
        var names: [String] = []
        if let name = front.alertName { names.append(name) }
        for word in (title ?? "").split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        where Self.isAlertName(String(word)) {
            names.append(String(word))
        }
        for block in paragraphs {
            guard case .paragraph(let t, _) = block else { continue }
            // Only the opening is asked: lower-casing every paragraph of a long page costs.
            let lower = t.prefix(12).lowercased()
            guard lower.hasPrefix("alert name:") || lower.hasPrefix("alert:") || lower.hasPrefix("alertname:") else {
                continue
            }
            for word in t.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) where Self.isAlertName(String(word)) {
                names.append(String(word))
            }
        }
        // A page with a section per alert: every alert it covers.
        for section in sections where section.role == .action {
            let heading = MarkdownInline.plain(section.title).trimmingSpaces
            if Self.isAlertName(heading) { names.append(heading) }
        }
        for name in names where !rules.contains(.label("alertname", name)) && rules.count < 20 {
            rules.append(.label("alertname", name))
        }
        return rules
    }

    /// `KubePodCrashLooping`, `etcdMembersDown`: one word, two or more capitals, 6 or more letters.
    static func isAlertName(_ word: String) -> Bool {
        // ASCII letters and digits only, so bytes are characters (most text fails at its first space).
        let bytes = word.utf8
        return bytes.allSatisfy(ASCII.isAlphanumeric) && bytes.count >= 6 && bytes.count <= 100
            && bytes.count(where: { $0 >= 65 && $0 <= 90 }) >= 2 && bytes.dropFirst().contains { $0 >= 97 && $0 <= 122 }
    }

    /// The runbook's id from its file name.
    static func runbookID(_ path: String) -> String {
        let name = MarkdownImporter.outputName(path)
        return LinkReading.runbookID(String(name.dropLast(".yaml".count)) + ".md")
    }
}

extension FlowBuilder {
    /// Steps in the order of the source, the start first and end steps last,
    /// so the YAML reads like the document it came from.
    func stepsInSourceOrder(start: Int) -> [DraftStep] {
        let body = steps.indices.filter { $0 != start && !steps[$0].isEnd }
        return ([start] + body + steps.indices.filter { steps[$0].isEnd && $0 != start }).map { steps[$0] }
    }
}
