import Foundation

/// Maps a composed YAML document onto the model, collecting every problem.
struct RunbookDecoder {
    var reader: NodeReader

    init(file: String) { reader = NodeReader(file: file) }

    var diagnostics: [Diagnostic] { reader.diagnostics }

    mutating func decode(_ root: YAMLNode) -> Runbook? {
        guard let fields = reader.mapping(root, "the runbook", allowed: FormatKeys.runbook) else { return nil }
        var id: String?, title: String?, start: (String, YAMLNode)?
        var description: String?, source: String?, service: String?, tags: [String] = []
        var timebox: Timebox?, timeout: RunDuration?, shell: String?
        var match: Condition?
        var redact: [Pattern] = []
        var variables: [Variable] = []
        var steps: [Step] = []
        var sawSteps = false
        for (key, _, value) in fields {
            switch key {
            case "runbook": id = identifier(value, "runbook id")
            case "title": title = reader.nonEmptyString(value, "'title'")
            case "description": description = reader.string(value, "'description'")
            case "source": source = reader.string(value, "'source'")
            case "service": service = reader.nonEmptyString(value, "'service'")
            case "tags":
                // A list of words, or one word.
                if case .sequence = value.content {
                    tags = (reader.sequence(value, "'tags'") ?? []).compactMap { reader.nonEmptyString($0, "a tag") }
                } else if let tag = reader.nonEmptyString(value, "'tags'") {
                    tags = [tag]
                }
            case "match": match = matchCondition(value)
            case "variables": variables = self.variables(value)
            case "start": if let s = reader.nonEmptyString(value, "'start'") { start = (s, value) }
            case "steps":
                sawSteps = true
                steps = self.steps(value)
            case "timebox": timebox = self.timebox(value, "'timebox'")
            case "timeout": timeout = reader.duration(value, "'timeout'")
            case "shell": shell = reader.nonEmptyString(value, "'shell'")
            case "redact":
                redact = (reader.sequence(value, "'redact'") ?? []).compactMap { reader.pattern($0, "'redact'") }
            default: break
            }
        }
        let missing = [
            "runbook": fields.contains { $0.key == "runbook" }, "title": fields.contains { $0.key == "title" },
            "start": start != nil || fields.contains { $0.key == "start" }, "steps": sawSteps
        ]
        // A misspelt required key was already reported with a suggestion: do not report it missing too.
        var suggested = Set<String>()
        if case .mapping(let pairs) = root.content {
            for pair in pairs {
                if let key = pair.key.scalar, !FormatKeys.runbook.contains(key),
                    let guess = Suggestion.closest(to: key, in: FormatKeys.runbook)
                {
                    suggested.insert(guess)
                }
            }
        }
        for key in ["runbook", "title", "start", "steps"] where missing[key] == false && !suggested.contains(key) {
            let hint = key == "start" ? ": name the first step, e.g. 'start: \(steps.first?.id ?? "first-step")'" : ""
            reader.error(root, "missing required key '\(key)'\(hint)")
        }
        // With steps, every check runs even when the id, title or start is wrong:
        // one run reports every problem (the result is invalid all the same).
        guard (id != nil && title != nil && start != nil && !reader.diagnostics.hasErrors) || !steps.isEmpty else {
            return nil
        }
        // A captured value without a declaration is a variable all the same: asked for when the capture fails.
        var declared = Set(variables.map(\.name))
        for step in steps {
            guard let capture = step.capture else { continue }
            for name in capture.names where declared.insert(name).inserted {
                var v = Variable(name: name, location: capture.location)
                v.description = "captured from the output of step '\(step.id)'"
                variables.append(v)
            }
        }
        var runbook = Runbook(
            id: id ?? "", title: title ?? "", description: description, source: source, path: reader.file,
            match: match, variables: variables, start: start?.0 ?? steps.first?.id ?? "",
            startLocation: start.map { reader.location($0.1) } ?? reader.location(root),
            steps: steps, timebox: timebox, defaultTimeout: timeout, shell: shell,
            location: reader.location(root))
        runbook.redact = redact
        runbook.service = service
        runbook.tags = tags
        return runbook
    }

    // MARK: ids

    /// Step and runbook ids: letters, digits, `.`, `_`, `-`, starting with a letter or digit.
    mutating func identifier(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard let s = reader.nonEmptyString(node, what()) else { return nil }
        if !Runbook.isValidID(s) {
            reader.error(
                node, "invalid \(what()) '\(s)': use letters, digits, '.', '_' and '-', starting with a letter or digit"
            )
            return nil
        }
        return s
    }

    // MARK: steps

    mutating func steps(_ node: YAMLNode) -> [Step] {
        guard let fields = reader.mapping(node, "'steps'", allowed: nil, duplicateNoun: "step id") else { return [] }
        if fields.isEmpty { reader.error(node, "'steps' is empty: a runbook needs at least one step") }
        guard fields.count >= Validator.parallelSteps else { return steps(fields[...]) }
        // Steps decode independently: a runbook of thousands is decoded on every
        // core, in slices whose steps and problems are joined back in file order.
        let file = reader.file
        let results = ParallelSlots<([Step], [Diagnostic])>.slices(of: fields.count) { range in
            var decoder = RunbookDecoder(file: file)
            let steps = decoder.steps(fields[range])
            return (steps, decoder.diagnostics)
        }
        var steps: [Step] = []
        steps.reserveCapacity(fields.count)
        for (slice, diagnostics) in results {
            steps += slice
            reader.diagnostics += diagnostics
        }
        return steps
    }

    mutating func steps(_ fields: ArraySlice<(key: String, keyNode: YAMLNode, value: YAMLNode)>) -> [Step] {
        var steps: [Step] = []
        steps.reserveCapacity(fields.count)
        for (_, keyNode, value) in fields {
            guard let id = identifier(keyNode, "step id") else { continue }
            if let step = step(id: id, keyNode: keyNode, value) { steps.append(step) }
        }
        return steps
    }

    mutating func step(id: String, keyNode: YAMLNode, _ node: YAMLNode) -> Step? {
        guard let fields = reader.mapping(node, "step '\(id)'", allowed: FormatKeys.step) else { return nil }
        var step = Step(id: id, title: "", location: reader.location(keyNode))
        var title: String?
        var next: Next?, nextNode: YAMLNode?
        var outcomesNode: YAMLNode?
        var endStatus: Ending.Status?, endNode: YAMLNode?
        var to: String?, toNode: YAMLNode?
        for (key, _, value) in fields {
            switch key {
            case "title": title = reader.nonEmptyString(value, "'title' of step '\(id)'")
            case "text": step.text = reader.string(value, "'text' of step '\(id)'")
            case "run": step.run = command(value, step: id)
            case "capture": step.capture = capture(value, step: id)
            case "outcomes":
                outcomesNode = value
                step.outcomes = outcomes(value, step: id)
            case "next":
                nextNode = value
                next = self.next(value, "'next' of step '\(id)'")
            case "end":
                endNode = value
                if let s = reader.string(value, "'end' of step '\(id)'") {
                    endStatus = Ending.Status(rawValue: s)
                    if endStatus == nil {
                        let names = Ending.Status.allCases.map(\.rawValue)
                        reader.error(
                            value,
                            "unknown ending '\(s)' for step '\(id)': use \(names.joined(separator: ", "))\(Suggestion.hint(for: s, in: names))"
                        )
                    }
                }
            case "to":
                toNode = value
                to = reader.nonEmptyString(value, "'to' of step '\(id)'")
            case "links": step.links = references(value, step: id)
            case "timebox": step.timebox = timebox(value, "'timebox' of step '\(id)'")
            case "review": step.review = reader.string(value, "'review' of step '\(id)'")
            default: break
            }
        }
        if step.capture != nil, step.run == nil, let node = fields.first(where: { $0.key == "capture" })?.value {
            reader.error(
                node, "step '\(id)' has 'capture' but no 'run': a capture reads the output of the step's command")
        }
        if let title {
            step.title = title
        } else if !fields.contains(where: { $0.key == "title" }) {
            reader.error(keyNode, "step '\(id)' has no 'title': say in a few words what this step checks or does")
        }
        if let nextNode, let outcomesNode {
            reader.error(
                nextNode,
                "step '\(id)' has both 'next' and 'outcomes': use 'outcomes' for a choice, 'next' for a single way on")
            _ = outcomesNode
        } else if let next {
            step.outcomes = [
                Outcome(id: "done", label: nextLabel(next), next: next, location: reader.location(nextNode!))
            ]
        }
        if let endNode {
            // An unknown ending was reported; keeping the step an end spares the
            // graph check from also reporting that the runbook cannot end.
            step.end = Ending(status: endStatus ?? .resolved, to: to)
            for (key, other) in [("next", nextNode), ("outcomes", outcomesNode)] {
                if let other { reader.error(other, "end step '\(id)' cannot have '\(key)': the walk stops here") }
            }
            if step.run != nil {
                reader.error(endNode, "end step '\(id)' cannot have 'run': put the command in a step before it")
            }
        } else {
            if let toNode { reader.error(toNode, "'to' belongs on an end step; step '\(id)' has no 'end'") }
            if nextNode == nil, outcomesNode == nil {
                reader.error(keyNode, "step '\(id)' has no way on: give it 'next', 'outcomes' or 'end'")
            }
        }
        return step
    }

    func nextLabel(_ next: Next) -> String {
        switch next {
        case .step: return "Done"
        case .link(let link): return "Follow \(link.title ?? link.runbook ?? link.url ?? "the link")"
        }
    }

    mutating func command(_ node: YAMLNode, step: String) -> CommandSpec? {
        let what = { "'run' of step '\(step)'" }
        if case .scalar = node.content {
            guard let command = reader.nonEmptyString(node, what()) else { return nil }
            return CommandSpec(
                command: command, location: reader.location(node), commandLocation: reader.location(node))
        }
        guard let fields = reader.mapping(node, what(), allowed: FormatKeys.run) else { return nil }
        var spec = CommandSpec(command: "", location: reader.location(node), commandLocation: reader.location(node))
        var hasCommand = false
        for (key, _, value) in fields {
            switch key {
            case "command":
                if let c = reader.nonEmptyString(value, "'command' of step '\(step)'") {
                    spec.command = c
                    spec.commandLocation = reader.location(value)
                    hasCommand = true
                }
            case "host": spec.host = reader.nonEmptyString(value, "'host' of step '\(step)'")
            case "timeout": spec.timeout = reader.duration(value, "'timeout' of step '\(step)'")
            case "confirm": spec.confirm = reader.bool(value, "'confirm' of step '\(step)'") ?? false
            case "background": spec.background = reader.bool(value, "'background' of step '\(step)'") ?? false
            case "interactive": spec.interactive = reader.bool(value, "'interactive' of step '\(step)'") ?? false
            default: break
            }
        }
        if !fields.contains(where: { $0.key == "command" }) {
            reader.error(node, "\(what()) has no 'command'")
        }
        if spec.background && spec.interactive {
            reader.error(node, "step '\(step)' cannot run a command both in the background and interactively")
        }
        return hasCommand ? spec : nil
    }

    mutating func outcomes(_ node: YAMLNode, step: String) -> [Outcome] {
        guard
            let fields = reader.mapping(
                node, "'outcomes' of step '\(step)'", allowed: nil,
                duplicateNoun: "outcome id")
        else { return [] }
        if fields.isEmpty { reader.error(node, "'outcomes' of step '\(step)' is empty") }
        var list: [Outcome] = []
        for (_, keyNode, value) in fields {
            guard let id = identifier(keyNode, "outcome id") else { continue }
            let what = { "outcome '\(id)' of step '\(step)'" }
            if case .scalar = value.content {
                // `fixed: resolved-step` shorthand for `fixed: { next: resolved-step }`.
                if let next = self.next(value, what()) {
                    list.append(Outcome(id: id, label: humanize(id), next: next, location: reader.location(keyNode)))
                }
                continue
            }
            guard let fields = reader.mapping(value, what(), allowed: FormatKeys.outcome) else { continue }
            var label: String?, when: Condition?, next: Next?
            for (key, _, v) in fields {
                switch key {
                case "label": label = reader.nonEmptyString(v, "'label' of \(what())")
                case "when": when = condition(v)
                case "next": next = self.next(v, "'next' of \(what())")
                default: break
                }
            }
            if !fields.contains(where: { $0.key == "next" }) {
                reader.error(keyNode, "\(what()) has no 'next': name the step it leads to")
            }
            if let next {
                list.append(
                    Outcome(
                        id: id, label: label ?? humanize(id), when: when, next: next,
                        location: reader.location(keyNode)))
            }
        }
        return list
    }

    func humanize(_ id: String) -> String {
        let words = String(id.map { $0 == "-" || $0 == "_" ? " " : $0 })
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    mutating func next(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Next? {
        if case .scalar = node.content {
            guard let id = reader.nonEmptyString(node, what()) else { return nil }
            return .step(id, reader.location(node))
        }
        guard let fields = reader.mapping(node, what(), allowed: FormatKeys.link) else { return nil }
        var link = RunbookLink(location: reader.location(node))
        for (key, _, value) in fields {
            switch key {
            case "runbook": link.runbook = identifier(value, "runbook id in \(what())")
            case "url": link.url = reader.nonEmptyString(value, "'url' in \(what())")
            case "title": link.title = reader.nonEmptyString(value, "'title' in \(what())")
            case "then":
                link.then = reader.nonEmptyString(value, "'then' in \(what())")
                link.thenLocation = reader.location(value)
            default: break
            }
        }
        if !fields.contains(where: { $0.key == "runbook" || $0.key == "url" }) {
            reader.error(node, "\(what()) links nowhere: give the linked 'runbook' id, its 'url', or both")
            return nil
        }
        return .link(link)
    }

    mutating func references(_ node: YAMLNode, step: String) -> [Reference] {
        guard let items = reader.sequence(node, "'links' of step '\(step)'") else { return [] }
        var refs: [Reference] = []
        for item in items {
            guard let fields = reader.mapping(item, "a link of step '\(step)'", allowed: FormatKeys.reference) else {
                continue
            }
            var title: String?, url: String?
            for (key, _, value) in fields {
                if key == "title" { title = reader.nonEmptyString(value, "'title' of a link") }
                if key == "url" { url = reader.nonEmptyString(value, "'url' of a link") }
            }
            if !fields.contains(where: { $0.key == "url" }) {
                reader.error(item, "a link of step '\(step)' has no 'url'")
            }
            if let url { refs.append(Reference(title: title ?? url, url: url, location: reader.location(item))) }
        }
        return refs
    }
}
