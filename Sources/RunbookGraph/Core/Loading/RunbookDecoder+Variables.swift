extension RunbookDecoder {
    mutating func variables(_ node: YAMLNode) -> [Variable] {
        guard let fields = reader.mapping(node, "'variables'", allowed: nil, duplicateNoun: "variable") else {
            return []
        }
        var list: [Variable] = []
        for (name, keyNode, value) in fields {
            guard Variable.isValidName(name) else {
                reader.error(
                    keyNode,
                    "invalid variable name '\(name)': use letters, digits and '_', starting with a letter or '_'")
                continue
            }
            if let v = variable(name: name, keyNode: keyNode, value) { list.append(v) }
        }
        return list
    }

    mutating func variable(name: String, keyNode: YAMLNode, _ node: YAMLNode) -> Variable? {
        let what = { "variable '\(name)'" }
        var v = Variable(name: name, location: reader.location(keyNode))
        if node.isNull { return v }  // `name:` alone: asked for when needed
        guard let fields = reader.mapping(node, what(), allowed: FormatKeys.variable) else { return nil }
        var deriveFrom: (String, YAMLNode)?, regex: Pattern?, regexNode: YAMLNode?
        for (key, _, value) in fields {
            switch key {
            case "description": v.description = reader.string(value, "'description' of \(what())")
            case "type":
                if let s = reader.string(value, "'type' of \(what())") {
                    if let t = Variable.ValueType(rawValue: s) {
                        v.type = t
                    } else {
                        let names = Variable.ValueType.allCases.map(\.rawValue)
                        reader.error(
                            value,
                            "unknown type '\(s)' for \(what()): use \(names.joined(separator: ", "))\(Suggestion.hint(for: s, in: names))"
                        )
                    }
                }
            case "from":
                for item in reader.list(value) {
                    guard let source = reader.nonEmptyString(item, "'from' of \(what())") else { continue }
                    if source.hasPrefix("alert.") && source.count > 6 {
                        v.from.append(source)
                    } else {
                        reader.error(
                            item,
                            "'from' of \(what()) must name an alert field such as 'alert.hostname', not '\(source)'; to compute a value from another variable use 'derive'"
                        )
                    }
                }
            case "derive":
                if let s = reader.nonEmptyString(value, "'derive' of \(what())") { deriveFrom = (s, value) }
            case "regex":
                regexNode = value
                regex = reader.pattern(value, "'regex' of \(what())")
            case "ask": v.ask = reader.nonEmptyString(value, "'ask' of \(what())")
            case "choices": v.choices = choices(value, what())
            case "default": v.defaultValue = reader.string(value, "'default' of \(what())")
            case "pattern": v.pattern = reader.pattern(value, "'pattern' of \(what())")
            case "secret": v.secret = reader.bool(value, "'secret' of \(what())") ?? false
            case "leading_dash": v.leadingDash = reader.bool(value, "'leading_dash' of \(what())")
            default: break
            }
        }
        if let (source, sourceNode) = deriveFrom {
            if let regex {
                v.derive = Variable.Derivation(variable: source, regex: regex, location: reader.location(sourceNode))
            } else if regexNode == nil {
                reader.error(
                    sourceNode, "\(what()) derives from '\(source)' but has no 'regex' to take the value out of it")
            }
        } else if let regexNode {
            reader.error(regexNode, "'regex' of \(what()) needs 'derive': the variable the regex is applied to")
        }
        if let d = v.defaultValue, let problem = v.type.problem(with: d) {
            let node = fields.first { $0.key == "default" }!.value
            reader.error(node, "'default' of \(what()) \(problem)")
        }
        return v
    }

    mutating func choices(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [Variable.Choice] {
        switch node.content {
        case .sequence(let items):
            return items.compactMap { item in
                reader.nonEmptyString(item, "a choice of \(what())").map { Variable.Choice(label: $0, value: $0) }
            }
        case .mapping:
            let fields = reader.mapping(node, "'choices' of \(what())", allowed: nil, duplicateNoun: "choice") ?? []
            return fields.compactMap { (label, _, value) in
                reader.string(value, "the value of choice '\(label)' of \(what())").map {
                    Variable.Choice(label: label, value: $0)
                }
            }
        case .scalar:
            reader.error(node, "'choices' of \(what()) must be a list of values or a mapping of label to value")
            return []
        }
    }

    // MARK: conditions

    /// `match:` is a condition; a list there means any of its items.
    mutating func matchCondition(_ node: YAMLNode) -> Condition? {
        if case .sequence(let items) = node.content {
            return Condition(.any(items.compactMap { condition($0) }), location: reader.location(node))
        }
        return condition(node)
    }

    /// A condition mapping; several predicates in one mapping must all hold.
    mutating func condition(_ node: YAMLNode) -> Condition? {
        let location = reader.location(node)
        guard case .mapping(let pairs) = node.content else {
            reader.error(
                node,
                "a condition must be a mapping such as '{ output_matches: \"Running\" }', not \(node.kindDescription)")
            return nil
        }
        if pairs.contains(where: { $0.key.scalar == "var" }) {
            return variableCondition(node)
        }
        guard let fields = reader.mapping(node, "a condition", allowed: FormatKeys.condition) else { return nil }
        if pairs.isEmpty {
            reader.error(node, "empty condition: give at least one test such as 'output_contains'")
            return nil
        }
        var parts: [Condition] = []
        for (key, _, value) in fields {
            let loc = reader.location(value)
            let what = { "'\(key)'" }
            var kind: Condition.Kind?
            switch key {
            case "all", "any":
                if let items = reader.sequence(value, what()) {
                    let inner = items.compactMap { condition($0) }
                    if items.isEmpty { reader.error(value, "\(what()) needs at least one condition") }
                    kind = key == "all" ? .all(inner) : .any(inner)
                }
            case "not": kind = condition(value).map { .not($0) }
            case "alert_contains": kind = reader.nonEmptyString(value, what()).map { .alertContains($0) }
            case "alert_matches": kind = reader.pattern(value, what()).map { .alertMatches($0) }
            case "label", "label_matches":
                let entries = reader.mapping(value, what(), allowed: nil, duplicateNoun: "label") ?? []
                var inner: [Condition] = []
                for (name, _, v) in entries {
                    if key == "label" {
                        if let s = reader.string(v, "label '\(name)'") {
                            inner.append(Condition(.labelEquals(name: name, value: s), location: reader.location(v)))
                        }
                    } else if let p = reader.pattern(v, "label '\(name)'") {
                        inner.append(Condition(.labelMatches(name: name, pattern: p), location: reader.location(v)))
                    }
                }
                kind = inner.count == 1 ? inner[0].kind : .all(inner)
            case "output_contains": kind = reader.nonEmptyString(value, what()).map { .outputContains($0) }
            case "output_matches": kind = reader.pattern(value, what()).map { .outputMatches($0) }
            case "exit_code": kind = reader.int(value, what()).map { .exitCode($0) }
            case "duration_over": kind = reader.duration(value, what()).map { .durationOver($0) }
            case "duration_under": kind = reader.duration(value, what()).map { .durationUnder($0) }
            case "timed_out": kind = reader.bool(value, what()).map { .timedOut($0) }
            default: break
            }
            if let kind { parts.append(Condition(kind, location: loc)) }
        }
        if parts.count == 1 { return Condition(parts[0].kind, location: location) }
        return Condition(.all(parts), location: location)
    }

    /// `{ var: carrier_no, ge: 100 }` or `{ var: region, matches: '^us-' }`.
    mutating func variableCondition(_ node: YAMLNode) -> Condition? {
        guard let fields = reader.mapping(node, "a variable condition", allowed: FormatKeys.variableCondition) else {
            return nil
        }
        var name: String?
        var tests: [(String, YAMLNode)] = []
        for (key, _, value) in fields {
            if key == "var" { name = reader.nonEmptyString(value, "'var'") } else { tests.append((key, value)) }
        }
        guard let name else { return nil }
        guard tests.count == 1, let (op, value) = tests.first else {
            reader.error(
                node,
                "a variable condition needs exactly one test of \(FormatKeys.comparisons.joined(separator: ", ")); found \(tests.count)"
            )
            return nil
        }
        let location = reader.location(node)
        if op == "matches" {
            return reader.pattern(value, "'matches'").map {
                Condition(.variableMatches(name: name, pattern: $0), location: location)
            }
        }
        guard let text = reader.string(value, "'\(op)'"), let comparison = Condition.Comparison(rawValue: op) else {
            return nil
        }
        return Condition(.variable(name: name, comparison: comparison, value: text), location: location)
    }
}

extension RunbookDecoder {
    /// `capture: { regex: '…(?<name>…)…' }` or `capture: { json: { name: .path } }`.
    mutating func capture(_ node: YAMLNode, step: String) -> Capture? {
        let what = { "'capture' of step '\(step)'" }
        guard let fields = reader.mapping(node, what(), allowed: FormatKeys.capture) else { return nil }
        guard fields.count == 1, let (key, _, value) = fields.first else {
            reader.error(node, "\(what()) needs one of 'regex' (named groups) or 'json' (a name for each path)")
            return nil
        }
        let location = reader.location(node)
        if key == "regex" {
            guard let pattern = reader.pattern(value, "'regex' of \(what())") else { return nil }
            let names = Capture.groupNames(in: pattern.source)
            if names.isEmpty {
                reader.error(
                    value, "'regex' of \(what()) has no named group: write (?<name>…) around each value to keep")
                return nil
            }
            for name in names where !Variable.isValidName(name) {
                reader.error(value, "invalid name '\(name)' in \(what()): use letters, digits and '_'")
            }
            return Capture(.regex(pattern), location: location)
        }
        guard let paths = reader.mapping(value, "'json' of \(what())", allowed: nil, duplicateNoun: "name") else {
            return nil
        }
        var list: [(name: String, path: JSONPath)] = []
        for (name, nameNode, pathNode) in paths {
            guard Variable.isValidName(name) else {
                reader.error(nameNode, "invalid name '\(name)' in \(what()): use letters, digits and '_'")
                continue
            }
            guard let text = reader.nonEmptyString(pathNode, "the path of '\(name)' in \(what())") else { continue }
            switch JSONPath.parse(text) {
            case .success(let path): list.append((name, path))
            case .failure(let why):
                reader.error(
                    pathNode,
                    "invalid JSON path '\(text)' for '\(name)' in \(what()): \(why); write e.g. .items[0].metadata.name"
                )
            }
        }
        return list.isEmpty ? nil : Capture(.json(list), location: location)
    }
}

extension RunbookDecoder {
    /// `timebox: 45m`, or `timebox: { after: 45m, to: the storage squad, url: …, runbook: …, snooze: 10m }`.
    mutating func timebox(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Timebox? {
        let location = reader.location(node)
        if case .scalar = node.content {
            return reader.duration(node, what()).map { Timebox(after: $0, location: location) }
        }
        guard let fields = reader.mapping(node, what(), allowed: FormatKeys.timebox) else { return nil }
        var after: RunDuration?
        var box = Timebox(after: .seconds(0), location: location)
        for (key, _, value) in fields {
            switch key {
            case "after": after = reader.duration(value, "'after' of \(what())")
            case "to": box.to = reader.nonEmptyString(value, "'to' of \(what())")
            case "url": box.url = reader.nonEmptyString(value, "'url' of \(what())")
            case "runbook":
                if let id = reader.nonEmptyString(value, "'runbook' of \(what())") {
                    if Runbook.isValidID(id) {
                        box.runbook = id
                    } else {
                        reader.error(value, "invalid runbook id '\(id)' in \(what())")
                    }
                }
            case "snooze": box.snooze = reader.duration(value, "'snooze' of \(what())") ?? box.snooze
            default: break
            }
        }
        guard let after else {
            if !fields.contains(where: { $0.key == "after" }) {
                reader.error(node, "\(what()) needs 'after': how long before the prompt to escalate, e.g. 'after: 45m'")
            }
            return nil
        }
        box.after = after
        return box
    }
}
