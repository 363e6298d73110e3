/// Every variable a runbook uses is defined, used in a way its type allows,
/// and every variable defined is used somewhere. A class: its closures would
/// otherwise copy the whole runbook they hold (3-5% of loading 10k steps).
final class VariableCheck {
    let runbook: Runbook
    let defined: [String: Variable]

    init(runbook: Runbook) {
        self.runbook = runbook
        var defined: [String: Variable] = [:]
        for v in runbook.variables { defined[v.name] = v }
        self.defined = defined
    }

    /// Calls `body` with every template text of the runbook, where it is, and
    /// (only built when needed) what it is in words.
    func forEachTemplate(_ body: (_ text: String, _ location: SourceLocation, _ what: () -> String) -> Void) {
        if let description = runbook.description { body(description, runbook.location) { "the runbook description" } }
        for step in runbook.steps {
            body(step.title, step.location) { "the title of step '\(step.id)'" }
            if let text = step.text { body(text, step.location) { "the text of step '\(step.id)'" } }
            if let run = step.run {
                body(run.command, run.commandLocation) { "the command of step '\(step.id)'" }
                if let host = run.host { body(host, run.location) { "the host of step '\(step.id)'" } }
            }
            if let to = step.end?.to { body(to, step.location) { "'to' of step '\(step.id)'" } }
            for link in step.links { body(link.url, link.location) { "a link of step '\(step.id)'" } }
            for outcome in step.outcomes {
                body(outcome.label, outcome.location) { "outcome '\(outcome.id)' of step '\(step.id)'" }
                if case .link(let link) = outcome.next, let url = link.url {
                    body(url, link.location) { "the link of outcome '\(outcome.id)' of step '\(step.id)'" }
                }
            }
        }
        for v in runbook.variables {
            if let ask = v.ask { body(ask, v.location) { "the question of variable '\(v.name)'" } }
        }
    }

    /// Variables a condition reads, with where.
    static func variables(in condition: Condition) -> [(String, SourceLocation)] {
        var out: [(String, SourceLocation)] = []
        condition.forEach {
            switch $0.kind {
            case .variable(let name, _, _), .variableMatches(let name, _): out.append((name, $0.location))
            default: break
            }
        }
        return out
    }

    func conditions() -> [Condition] {
        var out: [Condition] = runbook.match.map { [$0] } ?? []
        for step in runbook.steps { for o in step.outcomes { if let w = o.when { out.append(w) } } }
        return out
    }

    func diagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        var used = Set<String>()
        let names = defined.keys.sorted()
        func undefined(_ name: String, _ what: String, _ location: SourceLocation) {
            if let guess = Suggestion.closest(to: name, in: names) {
                used.insert(guess)  // the typo's target is used; do not also call it unused
                out.append(.error(location, "undefined variable '\(name)' in \(what); did you mean '\(guess)'?"))
            } else {
                out.append(.error(location, "undefined variable '\(name)' in \(what); define it under 'variables:'"))
            }
        }
        forEachTemplate { text, location, what in
            guard text.containsBytes("{{") else { return }
            for ref in Template.references(in: text) {
                used.insert(ref.name)
                if defined[ref.name] == nil { undefined(ref.name, what(), location) }
            }
        }
        // `"$RUNBOOK_POD"`, the safe way to use a value inside `$(…)` or `sh -c`.
        for step in runbook.steps {
            guard let run = step.run else { continue }
            for name in Template.environmentReferences(in: run.command) {
                if defined[name] != nil {
                    used.insert(name)
                } else {
                    out.append(
                        .warning(
                            run.commandLocation,
                            "the command of step '\(step.id)' reads RUNBOOK_\(name.uppercased()), but no variable '\(name)' is defined, so it will be empty\(Suggestion.hint(for: name, in: names))"
                        ))
                }
            }
        }
        for condition in conditions() {
            condition.forEach { c in
                guard case .variable(let name, let comparison, let value) = c.kind else {
                    if case .variableMatches(let name, _) = c.kind {
                        used.insert(name)
                        if defined[name] == nil { undefined(name, "a condition", c.location) }
                    }
                    return
                }
                used.insert(name)
                guard let variable = defined[name] else {
                    undefined(name, "a condition", c.location)
                    return
                }
                out += comparisonProblems(variable, comparison, value, c.location)
            }
        }
        for v in runbook.variables {
            guard let derive = v.derive else { continue }
            used.insert(derive.variable)
            if defined[derive.variable] == nil {
                undefined(derive.variable, "'derive' of variable '\(v.name)'", derive.location)
            }
        }
        out += deriveCycles()
        for v in runbook.variables where !used.contains(v.name) {
            out.append(.warning(v.location, "variable '\(v.name)' is never used"))
        }
        return out
    }

    func comparisonProblems(
        _ variable: Variable, _ comparison: Condition.Comparison, _ value: String,
        _ location: SourceLocation
    ) -> [Diagnostic] {
        if variable.type == .string, ![.eq, .ne].contains(comparison) {
            return [
                .error(
                    location,
                    "'\(comparison.rawValue)' compares numbers or durations, but variable '\(variable.name)' is a string: give it 'type: int' or 'type: duration', or use 'eq', 'ne' or 'matches'"
                )
            ]
        }
        if let problem = variable.type.problem(with: value) {
            return [
                .error(
                    location,
                    "variable '\(variable.name)' is of type \(variable.type.rawValue) but is compared with a value that \(problem)"
                )
            ]
        }
        return []
    }

    /// `a` derives from `b` which derives from `a`.
    func deriveCycles() -> [Diagnostic] {
        var out: [Diagnostic] = []
        var reported = Set<String>()
        for v in runbook.variables where v.derive != nil && !reported.contains(v.name) {
            var chain = [v.name]
            var current = v
            while let source = current.derive?.variable, let next = defined[source] {
                if let at = chain.firstIndex(of: source) {
                    let cycle = chain[at...] + [source]
                    if at == 0 {
                        out.append(
                            .error(
                                v.derive!.location,
                                "variables derive from each other in a circle: \(cycle.joined(separator: " → "))"))
                    }
                    reported.formUnion(cycle)
                    break
                }
                chain.append(source)
                current = next
            }
        }
        return out
    }
}
