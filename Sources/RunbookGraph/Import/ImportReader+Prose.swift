/// Prose: sentences into text, steps and decisions.
extension ImportReader {
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
                    condition.kind == .otherwise
                        || (condition.kind == .ifThen && branches.allSatisfy { $0.0.kind == .ifThen }
                            && branches[0].0.subject == condition.subject)
                {
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
        awaitingGuard = nil
        let sentences = MarkdownInline.sentences(text)
        guard !sentences.isEmpty else { return }
        let parts = Self.parts(sentences)
        // A numbered list of causes, or of how the system works ("This is the authentication flow:"), is not steps.
        let listOfPossibilities =
            item?.ordered == true
            && {
                let lower = intro.lowercased()
                return [
                    "mean", "include", "cause", "reason", "possib", "could be", "one of", "any of", " flow",
                    "how it works", "works like", "lifecycle", "life cycle", "architecture", "sequence of events"
                ].contains { lower.containsBytes($0) }
            }()
        var branchAtEnd: (step: Int, guard: Int)?
        for (p, part) in parts.enumerated() {
            switch part {
            case .plain(let list):
                // An order after the condition's action is a step of its own; an explanation is not.
                if list.contains(where: { ConditionSentence.startsWithImperative($0) }) { branchAtEnd = nil }
                readPlain(
                    list, text: p == 0 && parts.count == 1 ? text : list.joined(separator: " "), line: line,
                    asStep: p == 0 && item != nil && (item!.ordered && !listOfPossibilities), depth: item?.depth)
            case .decision(let branches):
                branchAtEnd = readDecision(branches, line: line, isFirstInUnit: p == 0)
            }
            if case .plain(let list) = part { lastSentence = list.last ?? lastSentence }
        }
        // "If X, stop all the jobs and restart them." followed by the commands that do it.
        if awaitingCommand == nil, let branch = branchAtEnd, flow[branch.step].run == nil {
            awaitingCommand = branch.step
            awaitingGuard = branch.guard
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
                if !commands.contains(where: { $0.0.containsBytes(command) }),
                    !sectionCommands.suffix(20).contains(where: { $0 != command && $0.containsBytes(command) })
                {
                    commands.append((command, titled))
                }
            }
        }
        if sentences.first?.lowercased().hasPrefix("escalate ") == true { escalateAfter = true }
        let bullet = depth.map { String(repeating: "  ", count: $0) + "- " } ?? ""
        if asStep {
            let title = Self.stepTitle(sentences[0])
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
            askDeferredBefore(intro: text)
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

    /// A decision: its own step, the outcomes of the command step just before
    /// it, or more branches of the decision the paragraph before opened
    /// ("If the endpoint is working, ..." / "If the endpoint is not working, ...").
    /// Returns the step a lone condition's action became while it has no command yet: the
    /// command right after the paragraph may be the action's (see `readProse`).
    mutating func readDecision(
        _ branches: [(ConditionSentence, [String])], line: Int, isFirstInUnit: Bool
    ) -> (step: Int, guard: Int)? {
        let first = branches[0].0
        // Only an anaphoric condition ("If so") reads the sentence before.
        let previous = branches.contains { $0.0.anaphoric } ? lastSentence : ""
        let anaphoric = first.anaphoric
        // "If so, ...": what is asked is the sentence before.
        let anaphoricQuestion =
            anaphoric ? ConditionSentence.question(fromPrevious: previous, anaphor: first.condition) : nil
        var single = branches.count == 1 || (branches.count == 2 && branches[1].0.kind == .otherwise)
        let actionTexts = branches.map { ([$0.0.action] + $0.1).filter { !$0.isEmpty }.joined(separator: " ") }
        var classified = actionTexts.map(classifyBranch)
        // "If you get the message X, it could mean Y": the reader can answer it, and what it
        // means is worth a step on that branch (a statement about the system stays prose).
        for k in classified.indices where classified[k].action == .proceed && branches[k].0.kind == .ifThen {
            let action = actionTexts[k].lowercased()
            if Self.isAboutTheReader(branches[k].0.condition), !action.trimmingSpaces.isEmpty,
                !BranchAction.proceedCues.contains(where: { action.containsBytes($0) })
            {
                classified[k].action = .steps(text: actionTexts[k])
            }
        }
        let actions = classified.map(\.action)
        // "If X:" before a command: the command is what to do if X.
        var actionsAwaitingCommand = false
        if single, branches.count == 1, first.kind == .ifThen, first.action.isEmpty, branches[0].1.isEmpty,
            first.sentence.trimmingSpaces.hasSuffix(":")
        {
            actionsAwaitingCommand = true
        }
        // A condition opening its section gates it, unless it says to go on anyway ("follow the remainder").
        let saysGoOn = BranchAction.proceedCues.contains { first.action.lowercased().containsBytes($0) }
        // ... and only when the condition is the section's own topic ("alerts firing for multiple
        // carriers" under "... alerts firing for multiple carriers actions").
        // ... or says to do what the heading names ("When ..., purge the volume" under "Purge volume").
        // (Worked out only where the rest allows a gate: most conditions are not a section's first.)
        let topical = { [headingWords] in
            let shared = headingWords.intersection(Self.words(first.condition)).count
            return shared >= 2 || (!headingWords.isEmpty && shared == headingWords.count)
                || (!headingWords.isEmpty && headingWords.isSubset(of: Self.words(first.action)))
        }
        let gate =
            single && first.kind == .ifThen && stepsInSection == 0 && !saysGoOn && topical()
            && {
                if case .steps = actions[0] { return true }
                return actions[0] == .proceed
            }()
        let source = branches.flatMap { [$0.0.sentence] + $0.1 }.joined(separator: " ")
        // Nothing to choose between (every branch goes on), or an "Otherwise" with no "If" before it: prose.
        let continuesDecision = isFirstInUnit && lastDecision?.emitted == emitted && pending.isEmpty
        // A condition whose branch only says what is next ("then it's time to check X") is
        // asked after the section's command that checks it, when there is one.
        if single, branches.count == 1, !gate, actions[0] == .proceed || BranchAction.timeTo(first.action) != nil,
            !saysGoOn, deferCondition(first, line: line, source: source)
        {
            return nil
        }
        if (first.kind != .failingThat && !actionsAwaitingCommand && !gate && actions.allSatisfy({ $0 == .proceed }))
            || (first.kind == .otherwise && !continuesDecision)
        {
            appendText(source)
            return nil
        }
        if single, first.kind == .ifThen, stepsInSection == 0 {
            routeAroundOpposite(first)
            openingCondition = first.sentence
        }
        let d: Int
        var exits: [FlowBuilder.Dangler] = []
        var merge = false
        var complement = false
        if isFirstInUnit, let prior = lastDecision, prior.emitted == emitted, pending.isEmpty,
            first.kind != .failingThat,
            first.kind == .otherwise || (prior.subject == first.subject && !anaphoric),
            let noIndex = flow[prior.index].outcomes.firstIndex(where: { $0.id == "no" })
        {
            d = prior.index
            flow[d].outcomes.remove(at: noIndex)
            flow.open.removeAll { $0 == .outcome(d, noIndex) }
            sectionSkip.removeAll { $0 == .outcome(d, noIndex) }
            // "If the endpoint is working ..." then "If the endpoint is not working ...":
            // the second is the "no" of the first question, not a case of its own.
            complement =
                single && branches.count == 1 && first.kind == .ifThen
                && ConditionSentence.isOpposite(prior.firstCondition, first.condition)
            if !complement {
                if let yes = flow[d].outcomes.firstIndex(where: { $0.label.hasPrefix("Yes: ") }) {
                    flow[d].outcomes[yes].label = Text.title(prior.firstCondition)
                }
                flow[d].title = "Which case applies?"
                single = false
            }
            exits = flow.open
        } else {
            var title: String
            if first.kind == .failingThat {
                title = "Did the step before fix it?"
            } else if single {
                title = anaphoricQuestion ?? first.question
            } else {
                title = "Which case applies?"
            }
            if title.count < 4 { title = "Does this apply?" }
            // The command just run answers the question, unless it is about the reader's own
            // situation ("you are running on AWS"), which no output tells.
            merge =
                lastOpen.map {
                    flow[$0].run != nil && flow[$0].outcomes.isEmpty && flow[$0].next == nil && pending.isEmpty
                } ?? false
            if Self.isReadersSituation(first.condition) { merge = false }
            if merge, let open = lastOpen {
                d = open
                flow.open.removeAll { $0 == .next(open) }
                exits = flow.open  // ways that pass this step (a branch's other answers) stay open
            } else {
                var step = DraftStep(id: flow.makeID(title), title: title, line: line)
                step.text = takePending() + [Self.clean(source)]
                if anaphoric {
                    step.review.append(
                        "The question is read from the sentence before \"\(Self.opening(first.sentence))\"; check it asks what the source means (line \(line))."
                    )
                }
                d = emitStep(step)
            }
        }
        flow[d].isDecision = true
        if flow[d].line != line { flow[d].questionLines.append(line) }
        lastOpen = nil
        var hasOtherwise = false
        var singleWhen: DraftCondition?
        var actionStep: (step: Int, guard: Int)?
        for (k, (condition, _)) in branches.enumerated() {
            var label: String
            switch condition.kind {
            case .otherwise:
                // "If X: … Else: …" asks one yes/no question: its else is the "No".
                label = single && k > 0 ? "No" : "Otherwise"
                hasOtherwise = true
            case .failingThat: label = "No, it still fails"
            case .ifThen: label = single ? "Yes" : Text.title(condition.condition)
            }
            if single, branches.count == 1, condition.kind == .ifThen {
                let answer = complement ? "No" : "Yes"
                // The statement the answer affirms, not the question ("Yes: There is a failure").
                let affirmed =
                    anaphoric
                    ? ConditionSentence.question(fromPrevious: previous, anaphor: first.condition, asking: false)
                    : condition.condition
                label = "\(answer): \(Text.capped(MarkdownInline.plain(affirmed), 60))"
                while label.hasSuffix("?") { label.removeLast() }
            }
            var when = whenCondition(
                condition, previous: previous, merged: merge, command: merge ? flow[d].run?.command : nil)
            if condition.kind == .otherwise, let w = singleWhen { when = .not(w) }
            if k == 0 { singleWhen = when }
            let g = newGuard(
                line: line, sentence: condition.sentence,
                question: condition.kind == .ifThen ? condition.question : "None of the cases before applies?")
            if k == 0, gate { sectionGuards.append(g) }
            if actionsAwaitingCommand {
                var step = DraftStep(
                    id: flow.makeID(condition.condition), title: Text.title(condition.sentence), line: line)
                step.text = [Self.clean(condition.sentence)]
                let index = flow.add(step)
                flow.addOutcome(to: d, label: label, when: when, next: .step(step.id), affirms: g)
                exits.append(.next(index))
                awaitingCommand = index
                awaitingGuard = g
                continue
            }
            let branchExits = addBranch(to: d, label: label, when: when, classified[k], line: line, affirms: g)
            if branches.count == 1, case .steps = actions[k], branchExits.count == 1,
                case .next(let i) = branchExits[0], flow[i].run == nil
            {
                actionStep = (i, g)
            }
            exits += branchExits
        }
        if !hasOtherwise, !complement {
            let label = single ? (first.kind == .failingThat ? "Yes, it is fixed" : "No") : "None of these"
            let when = singleWhen.map { DraftCondition.not($0) }
            let id = single ? (first.kind == .failingThat ? "fixed" : "no") : "none"
            if let dangler = flow.addOutcome(to: d, label: label, when: single ? when : nil, next: nil, id: id) {
                // A condition opening its section: "No" skips the section.
                if gate { sectionSkip.append(dangler) } else { exits.append(dangler) }
            }
        }
        flow.open = exits
        // The rest of a gated section is the "yes" branch: its text and commands join the branch's step.
        if gate, exits.count == 1, case .next(let i) = exits[0] { lastOpen = i }
        lastDecision =
            single && first.kind == .ifThen && !complement
            ? OpenDecision(index: d, subject: first.subject, firstCondition: first.condition, emitted: emitted) : nil
        return actionStep
    }

    /// What a branch's action text does, and the commands it names.
    func classifyBranch(_ text: String) -> (action: BranchAction, commands: [String]) {
        let commands = MarkdownInline.codeSpans(text).filter { CodeReading.isInlineCommand($0, context: text) }
        let links = MarkdownInline.links(text, references: references)
        return (BranchAction.classify(text, links: links, hasCommand: !commands.isEmpty), commands)
    }

    /// One branch: where its action leads; returns the ways on it leaves open.
    mutating func addBranch(
        to d: Int, label: String, when: DraftCondition?,
        _ branch: (action: BranchAction, commands: [String]), line: Int, affirms g: Int
    ) -> [FlowBuilder.Dangler] {
        let commandSpans = branch.commands
        switch branch.action {
        case .resolved:
            flow.addOutcome(to: d, label: label, when: when, next: .step(FlowBuilder.resolvedID), affirms: g)
        case .escalate(let to):
            flow.addOutcome(to: d, label: label, when: when, next: .step(escalationEnd(to: to, line: line)), affirms: g)
        case .link(let link, let returns):
            if let dangler = flow.addOutcome(
                to: d, label: label, when: when, next: linkTarget(link, then: returns ? "" : nil), affirms: g)
            {
                return [dangler]
            }
        case .jump(let anchor):
            flow.addOutcome(to: d, label: label, when: when, next: .step("#" + anchor), affirms: g)
        case .proceed:
            if let dangler = flow.addOutcome(to: d, label: label, when: when, next: nil, affirms: g) {
                return [dangler]
            }
        case .steps(let text):
            governing.append(g)
            defer { governing.removeLast() }
            let (pendingBefore, reviewBefore) = (pending.count, pendingReview.count)
            var step = DraftStep(id: "", title: Self.titleWithoutCode(text), text: [Self.clean(text)], line: line)
            var chain: [Int] = []
            for span in commandSpans {
                guard let c = command(MarkdownInline.decodeEntities(span), line: line) else { continue }
                if step.run == nil {
                    step.run = c
                } else {
                    chain.append(
                        flow.add(
                            DraftStep(
                                id: flow.makeID("run \(span)"), title: Self.runTitle(c.command), run: c, line: line)))
                }
            }
            if step.title.isEmpty {
                // Only a command: its title says so, and the text need not repeat it.
                step.title = step.run.map { Self.runTitle($0.command) } ?? Text.title(text)
                if step.run != nil { step.text = [] }
            }
            step.id = flow.makeID(step.title)
            // What the branch's commands left to say (SQL kept as text, exports asked for) stays in the branch.
            step.text += pending[pendingBefore...]
            step.review += pendingReview[reviewBefore...]
            pending.removeSubrange(pendingBefore...)
            pendingReview.removeSubrange(reviewBefore...)
            let index = flow.add(step)
            flow.addOutcome(to: d, label: label, when: when, next: .step(step.id), affirms: g)
            var last = index
            for next in chain {
                flow[last].next = .step(flow[next].id)
                last = next
            }
            if step.run == nil, Self.announcesCommand(text) { awaitingCommand = index; awaitingGuard = g }
            return [.next(last)]
        }
        return []
    }

    /// "Escalate to the storage squad": an end of its own naming them (one per team);
    /// without a name, the document's escalation end.
    /// "you get the message …", "you are running on AWS": a condition the reader answers from what they see.
    static func isAboutTheReader(_ condition: String) -> Bool {
        let lower = MarkdownInline.plain(condition).lowercased()
        return ["you ", "you're ", "you’re "].contains { lower.hasPrefix($0) }
    }

    /// "you are running on AWS", "you have nowhere to move the logs": what the reader
    /// knows of their own setup (unlike "you see X", which an output can show).
    static func isReadersSituation(_ condition: String) -> Bool {
        let lower = MarkdownInline.plain(condition).lowercased()
        return ["you are ", "you're ", "you’re ", "you have "].contains { lower.hasPrefix($0) }
    }

    /// "If this is the case", "In such a case": a sentence's words up to its first comma.
    static func opening(_ sentence: String) -> String {
        let plain = ConditionSentence.stripEmphasis(MarkdownInline.plain(sentence).trimmingSpaces)
        return String(plain.prefix { $0 != "," && $0 != ":" }).trimmingSpaces
    }

    /// The end that escalates to `team`, first named on `line`.
    mutating func escalationEnd(to team: String?, line: Int) -> String {
        guard let team else { return FlowBuilder.escalateID }
        if let existing = escalationEnds[team.lowercased()] { return existing }
        ahead?.escalationEnds.append(team.lowercased())
        var end = DraftStep(id: flow.makeID("escalate to \(team)"), title: "Escalate to \(team)", line: line)
        end.text = ["The source says to escalate to \(team) here."]
        end.end = .escalated
        end.to = team
        flow.add(end)
        escalationEnds[team.lowercased()] = end.id
        return end.id
    }

    /// "... with the following command", "... run:": the command comes in the next code block.
    static func announcesCommand(_ text: String) -> Bool {
        var lower = text.lowercased().trimmingSpaces
        while let last = lower.last, ".".contains(last) { lower.removeLast() }
        return lower.hasSuffix("command") || lower.hasSuffix("commands") || lower.hasSuffix(":")
            || lower.hasSuffix("following")
            || ["following command", "this command", "the command below", "commands below", "following commands"]
                .contains { lower.containsBytes($0) }
    }

    /// `when:` for a branch: an alert keyword ("search the alert for `x`"),
    /// or, on a command's own step, a code span the output should show.
    func whenCondition(
        _ condition: ConditionSentence, previous: String, merged: Bool, command: String? = nil
    ) -> DraftCondition? {
        guard condition.kind == .ifThen else { return nil }
        // "If this takes more than 10 seconds": the command's own time decides.
        if merged, let threshold = Self.durationThreshold(condition.condition) {
            return threshold.over ? .durationOver(threshold.duration) : .not(.durationOver(threshold.duration))
        }
        let source = condition.anaphoric ? previous : condition.condition
        let lower = source.lowercased()
        let spans = MarkdownInline.codeSpans(source)
        guard let span = spans.first, span.count >= 2 else { return nil }
        if lower.containsBytes("alert")
            && (lower.containsBytes("keyword") || lower.containsBytes("search") || lower.containsBytes("contain")
                || lower.containsBytes("mention"))
        {
            return .alertContains(span)
        }
        guard merged, !condition.anaphoric else { return nil }
        // `du -sh …/pg_xlog` prints its own path: "pg_xlog" in the output says nothing.
        if let command, command.containsBytes(span) { return nil }
        let test = DraftCondition.outputMatches(Self.whitespaceTolerantRegex(span))
        return ConditionSentence.negates(source) ? .not(test) : test
    }

    /// "takes more than 10 seconds" -> (10s, over); "less than 2 minutes" -> (2m, not over).
    static func durationThreshold(_ text: String) -> (duration: String, over: Bool)? {
        let words = text.lowercased().split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
        for (k, word) in words.enumerated() {
            guard let n = Int(word), n > 0, n < 100_000, k + 1 < words.count else { continue }
            let unit = words[k + 1]
            let suffix: String
            switch unit {
            case "ms", "millisecond", "milliseconds": suffix = "ms"
            case "s", "sec", "secs", "second", "seconds": suffix = "s"
            case "m", "min", "mins", "minute", "minutes": suffix = "m"
            case "h", "hour", "hours": suffix = "h"
            default: continue
            }
            let before = words[..<k].suffix(3).joined(separator: " ")
            if ["more than", "longer than", "over", "exceeds", "above", "at least"].contains(where: {
                before.hasSuffix($0)
            }) {
                return ("\(n)\(suffix)", true)
            }
            if ["less than", "under", "within", "below", "shorter than", "faster than"].contains(where: {
                before.hasSuffix($0)
            }) {
                return ("\(n)\(suffix)", false)
            }
        }
        return nil
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
        let title =
            link.text.hasPrefix("http://") || link.text.hasPrefix("https://") || link.text.isEmpty
            ? nil : Text.title(link.text)
        return .link(runbook: known[id] ?? id, url: url, title: title, then: then)
    }
}
