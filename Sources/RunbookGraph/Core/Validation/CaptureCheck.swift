/// Captured values are safe to use: each name is captured by one step, is
/// not a value the alert gives, and every step that uses it can only be
/// reached through the step that captures it (else the walk would reach a
/// command whose value was never read, on a path this check names).
struct CaptureCheck {
    let runbook: Runbook

    func diagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        var capturedBy: [String: Step] = [:]
        for step in runbook.steps {
            guard let capture = step.capture else { continue }
            for name in capture.names {
                if let first = capturedBy[name] {
                    out.append(
                        .error(
                            capture.location,
                            "'\(name)' is captured by both step '\(first.id)' and step '\(step.id)': give each captured value a name of its own"
                        ))
                    continue
                }
                capturedBy[name] = step
                if let v = runbook.variable(name), let given = Self.alertGiven(v) {
                    out.append(
                        .error(
                            capture.location,
                            "step '\(step.id)' captures '\(name)', but variable '\(name)' \(given): capture it under a name of its own (e.g. 'found_\(name)') and use that"
                        ))
                }
            }
        }
        for (name, capturing) in capturedBy.sorted(by: { $0.key < $1.key }) {
            out += usesBeforeCapture(name, capturedAt: capturing)
        }
        return out
    }

    /// How the alert (or a value derived from it) gives `v`, if it does.
    static func alertGiven(_ v: Variable) -> String? {
        if !v.from.isEmpty { return "comes from the alert (\(v.from.joined(separator: ", ")))" }
        if let derive = v.derive { return "is derived from '\(derive.variable)'" }
        return nil
    }

    /// Steps that use `name` (or a variable derived from it) and can be reached without `capturedAt`.
    func usesBeforeCapture(_ name: String, capturedAt capturing: Step) -> [Diagnostic] {
        var names: Set<String> = [name]
        // Values derived from a captured one need it too (transitively).
        var grew = true
        while grew {
            grew = false
            for v in runbook.variables where !names.contains(v.name) {
                if let derive = v.derive, names.contains(derive.variable) {
                    grew = names.insert(v.name).inserted || grew
                }
            }
        }
        var out: [Diagnostic] = []
        if let use = firstUse(of: names, in: capturing, commandOnly: true) {
            out.append(
                .error(
                    use.location,
                    "step '\(capturing.id)' uses '\(use.name)' in its own command, but only captures '\(name)' from that command's output"
                ))
        }
        let parents = reachableWithout(capturing.id)
        for step in runbook.steps where step.id != capturing.id && parents[step.id] != nil {
            guard let use = firstUse(of: names, in: step, commandOnly: false) else { continue }
            let path = pathTo(step.id, parents).joined(separator: " → ")
            out.append(
                .error(
                    use.location,
                    "step '\(step.id)' uses '\(use.name)', which step '\(capturing.id)' captures, but the walk can reach it without '\(capturing.id)': \(path). Capture it on every way there, or ask for it in a variable of its own"
                ))
        }
        return out
    }

    /// Where `step` first uses one of `names`: its command, host, texts, links and conditions.
    func firstUse(of names: Set<String>, in step: Step, commandOnly: Bool) -> (name: String, location: SourceLocation)?
    {
        var places: [(String, SourceLocation)] = []
        if let run = step.run {
            places.append((run.command, run.commandLocation))
            if let host = run.host { places.append((host, run.location)) }
            for env in Template.environmentReferences(in: run.command) where names.contains(env) {
                return (env, run.commandLocation)
            }
        }
        if !commandOnly {
            places += [(step.title, step.location), (step.text ?? "", step.location)]
            places += step.links.map { ($0.url, $0.location) }
            for outcome in step.outcomes {
                for (used, location) in outcome.when.map(VariableCheck.variables) ?? [] where names.contains(used) {
                    return (used, location)
                }
            }
        }
        for (text, location) in places {
            if let ref = Template.references(in: text).first(where: { names.contains($0.name) }) {
                return (ref.name, location)
            }
        }
        return nil
    }

    /// Breadth first from the start, never through `blocked`: each step reached, with the step it was reached from.
    func reachableWithout(_ blocked: String) -> [String: String] {
        var parents: [String: String] = [:]
        guard runbook.start != blocked, runbook.step(runbook.start) != nil else { return parents }
        parents[runbook.start] = ""
        var queue = [runbook.start]
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            for outcome in runbook.step(id)?.outcomes ?? [] {
                guard let next = outcome.next.stepID, next != blocked, parents[next] == nil, runbook.step(next) != nil
                else { continue }
                parents[next] = id
                queue.append(next)
            }
        }
        return parents
    }

    func pathTo(_ id: String, _ parents: [String: String]) -> [String] {
        var path = [id]
        var at = id
        while let parent = parents[at], !parent.isEmpty {
            path.insert(parent, at: 0)
            at = parent
        }
        return path
    }
}
