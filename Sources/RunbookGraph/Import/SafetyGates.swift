/// A condition the source puts commands under ("If a stale lock holds the
/// migration ...", a "## If the master does not exist" heading, a case bullet).
struct GuardCondition {
    var line: Int
    /// The source's own words, quoted in review notes.
    var sentence: String
    /// The condition as a yes/no question, for a gate the importer adds.
    var question: String
}

extension ImportReader {
    mutating func newGuard(line: Int, sentence: String, question: String) -> Int {
        guards.append(GuardCondition(line: line, sentence: sentence, question: question))
        return guards.count - 1
    }
}

/// The importer's safety promise, checked on the finished graph: a command the
/// source allows only under a condition is reachable only through an outcome
/// that answers that condition "yes". Where the reading wired it otherwise, the
/// command gets a gate: a decision that asks the condition right before it,
/// with a `review:` note that quotes the source.
enum SafetyGates {
    /// Returns the start step's index (a gate may come before the first step).
    static func apply(_ flow: inout FlowBuilder, guards: [GuardCondition], start: Int) -> Int {
        var start = start
        var guarded: [Int: [Int]] = [:]  // guard -> steps whose command stands under it
        for i in 0..<flow.count {
            for g in flow[i].run?.guards ?? [] where g < guards.count { guarded[g, default: []].append(i) }
        }
        var graph = Graph(flow)
        for g in guarded.keys.sorted() {
            // Asked of every guarded step before any gate for this condition is added.
            let reachable = guarded[g]!.filter { graph.canReach($0, from: start, without: g) }
            for s in reachable {
                let gate = addGate(&flow, before: s, guard: guards[g], id: g)
                if s == start { start = gate }
                graph = Graph(flow)
            }
        }
        return start
    }

    /// The flow's edges by step index, each with the conditions it answers "yes", kept
    /// backwards: whether a step can be reached is asked from the step, and a branch the
    /// reading wired right is left within a few steps (forwards, each question walked the
    /// whole graph: quadratic on a long page).
    struct Graph {
        var into: [[(source: Int, affirms: [Int])]]

        init(_ flow: FlowBuilder) {
            var index: [String: Int] = [:]
            for i in 0..<flow.count { index[flow[i].id] = i }
            func target(_ t: DraftTarget) -> Int? {
                switch t {
                case .step(let id): return index[id]
                case .link(_, _, _, let then): return then.flatMap { index[$0] }
                }
            }
            into = Array(repeating: [], count: flow.count)
            for i in 0..<flow.count {
                if let next = flow[i].next, let j = target(next) { into[j].append((i, [])) }
                for o in flow[i].outcomes { if let j = target(o.next) { into[j].append((i, o.affirms)) } }
            }
        }

        /// Whether a walk from `start` can reach step `s` without answering `g` "yes".
        func canReach(_ s: Int, from start: Int, without g: Int) -> Bool {
            var seen = [Bool](repeating: false, count: into.count)
            var queue = [s]
            seen[s] = true
            while let i = queue.popLast() {
                if i == start { return true }
                for edge in into[i] where !seen[edge.source] && !edge.affirms.contains(g) {
                    seen[edge.source] = true
                    queue.append(edge.source)
                }
            }
            return false
        }
    }

    /// A decision before step `s` that asks the guard; every way into `s` that
    /// does not answer it "yes" goes through the gate. Returns the gate's index.
    static func addGate(_ flow: inout FlowBuilder, before s: Int, guard condition: GuardCondition, id g: Int) -> Int {
        let target = flow[s].id
        let command =
            flow[s].run.map { Text.capped($0.command.split(separator: "\n").first.map(String.init) ?? "", 60) } ?? ""
        var gate = DraftStep(id: flow.makeID(condition.question), title: condition.question, line: condition.line)
        gate.isDecision = true
        gate.text = ["The source: \"\(Text.capped(condition.sentence, 200))\" (line \(condition.line))."]
        gate.review = [
            "The source runs `\(command)` only if \"\(Text.capped(condition.sentence, 120))\" (line \(condition.line)), but the importer could not tell which decision that is, so it asks here first; check where this step belongs."
        ]
        let skip: DraftTarget =
            flow[s].outcomes.isEmpty ? (flow[s].next ?? .step(FlowBuilder.escalateID)) : .step(FlowBuilder.escalateID)
        gate.outcomes = [
            DraftOutcome(id: "yes", label: "Yes", next: .step(target), affirms: [g]),
            DraftOutcome(id: "no", label: "No, skip it", next: skip)
        ]
        let gateIndex = flow.add(gate)
        let gateID = flow[gateIndex].id
        for i in 0..<flow.count where i != gateIndex {
            if flow[i].next == .step(target) { flow[i].next = .step(gateID) }
            for o in flow[i].outcomes.indices where !flow[i].outcomes[o].affirms.contains(g) {
                switch flow[i].outcomes[o].next {
                case .step(target): flow[i].outcomes[o].next = .step(gateID)
                case .link(let runbook, let url, let title, target):
                    flow[i].outcomes[o].next = .link(runbook: runbook, url: url, title: title, then: gateID)
                default: break
                }
            }
        }
        return gateIndex
    }
}
