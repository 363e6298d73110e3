/// Reads a scenario file (`scenario:` at the top) and checks it against the
/// runbook it practises.
struct ScenarioDecoder {
    static let keys = [
        "scenario", "title", "description", "runbook", "alert", "answers", "recordings", "commands",
        "expected", "hints", "explanations"
    ]
    static let recordingKeys = ["output", "exit_code", "duration"]
    static let expectedKeys = ["path", "ending"]

    var reader: NodeReader

    init(file: String) { reader = NodeReader(file: file) }

    mutating func decode(_ root: YAMLNode) -> Scenario? {
        guard let fields = reader.mapping(root, "the scenario", allowed: Self.keys) else { return nil }
        var s = Scenario(
            id: "", title: "", path: reader.file, runbook: "", runbookLocation: reader.location(root),
            alertText: "", answers: [:], recordings: [:], commands: [:], expectedPath: [],
            expectedPathLocation: reader.location(root), expectedEnding: nil, hints: [:],
            explanations: [:], location: reader.location(root))
        for (key, _, value) in fields {
            switch key {
            case "scenario": s.id = reader.nonEmptyString(value, "the scenario id") ?? ""
            case "title": s.title = reader.nonEmptyString(value, "'title'") ?? ""
            case "description": s.description = reader.string(value, "'description'")
            case "runbook":
                s.runbook = reader.nonEmptyString(value, "'runbook'") ?? ""
                s.runbookLocation = reader.location(value)
            case "alert": s.alertText = reader.nonEmptyString(value, "'alert'") ?? ""
            case "answers": s.answers = strings(value, "'answers'")
            case "recordings": s.recordings = recordings(value, "'recordings'", noun: "step")
            case "commands": s.commands = recordings(value, "'commands'", noun: "command")
            case "expected":
                for (k, _, v) in reader.mapping(value, "'expected'", allowed: Self.expectedKeys) ?? [] {
                    if k == "path" {
                        s.expectedPath = (reader.sequence(v, "'path'") ?? []).compactMap {
                            reader.nonEmptyString($0, "a step of 'path'")
                        }
                        s.expectedPathLocation = reader.location(v)
                    } else if let text = reader.string(v, "'ending'") {
                        s.expectedEnding = Ending.Status(rawValue: text)
                        if s.expectedEnding == nil {
                            reader.error(v, "unknown ending '\(text)': use resolved, escalated, handed-off")
                        }
                    }
                }
            case "hints": s.hints = strings(value, "'hints'")
            case "explanations": s.explanations = strings(value, "'explanations'")
            default: break
            }
        }
        for key in ["scenario", "title", "runbook", "alert", "expected"]
        where !fields.contains(where: { $0.key == key }) {
            reader.error(root, "missing required key '\(key)'")
        }
        return reader.diagnostics.hasErrors ? nil : s
    }

    mutating func strings(_ node: YAMLNode, _ what: String) -> [String: String] {
        var out: [String: String] = [:]
        for (key, _, value) in reader.mapping(node, what, allowed: nil) ?? [] {
            if let s = reader.string(value, "'\(key)' in \(what)") { out[key] = s }
        }
        return out
    }

    mutating func recordings(_ node: YAMLNode, _ what: String, noun: String) -> [String: Scenario.Recording] {
        var out: [String: Scenario.Recording] = [:]
        for (key, keyNode, value) in reader.mapping(node, what, allowed: nil, duplicateNoun: noun) ?? [] {
            var r = Scenario.Recording(
                output: "", exitCode: 0, duration: .seconds(1), location: reader.location(keyNode))
            for (k, _, v) in reader.mapping(value, "the recording of \(noun) '\(key)'", allowed: Self.recordingKeys)
                ?? []
            {
                switch k {
                case "output": r.output = reader.string(v, "'output'") ?? ""
                case "exit_code": r.exitCode = Int32(reader.int(v, "'exit_code'") ?? 0)
                default: r.duration = reader.duration(v, "'duration'") ?? r.duration
                }
            }
            out[key] = r
        }
        return out
    }
}

/// Checks a scenario against its runbook: the expected path must be
/// walkable, and the recordings must lead where the path goes.
struct ScenarioCheck {
    let scenario: Scenario
    let runbook: Runbook

    func diagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        let ids = runbook.steps.map(\.id)
        for (step, r) in scenario.recordings {
            guard let s = runbook.step(step) else {
                out.append(
                    .error(
                        r.location,
                        "recording for step '\(step)', which is not a step of runbook '\(runbook.id)'\(Suggestion.hint(for: step, in: ids))"
                    ))
                continue
            }
            if s.run == nil { out.append(.error(r.location, "recording for step '\(step)', which runs no command")) }
        }
        for (name, _) in scenario.answers where runbook.variable(name) == nil {
            out.append(
                .error(scenario.location, "answer for '\(name)', which is not a variable of runbook '\(runbook.id)'"))
        }
        for (step, _) in scenario.hints.merging(scenario.explanations, uniquingKeysWith: { a, _ in a })
        where runbook.step(step) == nil {
            out.append(
                .error(
                    scenario.location,
                    "hint or explanation for step '\(step)', which is not a step of runbook '\(runbook.id)'"))
        }
        out += pathDiagnostics()
        return out
    }

    func pathDiagnostics() -> [Diagnostic] {
        let path = scenario.expectedPath
        let at = scenario.expectedPathLocation
        guard let first = path.first else { return [.error(at, "the expected path is empty")] }
        if first != runbook.start {
            return [
                .error(
                    at,
                    "the expected path starts at '\(first)', but runbook '\(runbook.id)' starts at '\(runbook.start)'")
            ]
        }
        var out: [Diagnostic] = []
        let alert = scenario.alert
        let values = VariableResolver.resolve(runbook, alert: alert, overrides: scenario.answers).values
        for (i, id) in path.enumerated() {
            guard let step = runbook.step(id) else {
                out.append(
                    .error(at, "the expected path names '\(id)', which is not a step of runbook '\(runbook.id)'"))
                return out
            }
            let isLast = i == path.count - 1
            if isLast {
                if let ending = scenario.expectedEnding {
                    let endsHere =
                        step.end?.status == ending
                        || (ending == .handedOff
                            && step.outcomes.contains {
                                if case .link(let l) = $0.next { l.then == nil } else { false }
                            })
                    if !endsHere {
                        out.append(
                            .error(
                                at,
                                "the expected path ends at '\(id)', which does not end the walk as \(ending.rawValue)"))
                    }
                }
                continue
            }
            let next = path[i + 1]
            let ways = step.outcomes.filter { $0.next.stepID == next }
            guard !ways.isEmpty else {
                out.append(
                    .error(
                        at, "the expected path goes from '\(id)' to '\(next)', but no outcome of '\(id)' leads there"))
                return out
            }
            // Where the way on depends on the command, the recording must take it.
            let result = step.run.flatMap { _ in scenario.recordings[id]?.result.commandResult }
            var types: [String: Variable.ValueType] = [:]
            for v in runbook.variables { types[v.name] = v.type }
            let facts = Facts(alert: alert, variables: values, variableTypes: types, result: result)
            let tested = ways.filter { $0.when?.needsCommandResult == true }
            if !tested.isEmpty, tested.count == ways.count, !tested.contains(where: { $0.when!.holds(in: facts) }) {
                let location = scenario.recordings[id]?.location ?? at
                out.append(
                    .error(
                        location,
                        "the recording of step '\(id)' does not match outcome '\(tested[0].id)' (\(tested[0].when!.summary)), which the expected path takes to '\(next)'"
                    ))
            }
        }
        return out
    }
}
