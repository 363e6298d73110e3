/// The shape of the step graph: every reference lands on a step, every step
/// can be reached from `start`, and from every step an end can be reached.
struct GraphCheck {
    let runbook: Runbook
    let ids: [String]
    let index: [String: Int]

    init(runbook: Runbook) {
        self.runbook = runbook
        ids = runbook.steps.map(\.id)
        var index: [String: Int] = [:]
        for (i, id) in ids.enumerated() where index[id] == nil { index[id] = i }
        self.index = index
    }

    func diagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        let steps = runbook.steps
        // Edges by step index; `nil` targets (dangling, already reported) count as a way out
        // so one typo does not also make every step before it "unable to end".
        var edges = [[Int]](repeating: [], count: steps.count)
        var terminal = [Bool](repeating: false, count: steps.count)
        for (i, step) in steps.enumerated() {
            // A step with no way on was reported by the decoder; counting it as an
            // end keeps that one mistake from being reported again as a trap.
            if step.end != nil || step.outcomes.isEmpty { terminal[i] = true }
            for outcome in step.outcomes {
                switch outcome.next {
                case .step(let target, let location):
                    if let j = resolve(target, at: location, from: step, into: &out) {
                        edges[i].append(j)
                    } else {
                        terminal[i] = true
                    }
                case .link(let link):
                    if let then = link.then {
                        if let j = resolve(then, at: link.thenLocation ?? link.location, from: step, into: &out) {
                            edges[i].append(j)
                        } else {
                            terminal[i] = true
                        }
                    } else {
                        terminal[i] = true  // handed off to the linked runbook
                    }
                }
            }
        }
        guard let start = index[runbook.start] else {
            out.append(
                .error(
                    runbook.startLocation,
                    "start step '\(runbook.start)' does not exist\(Suggestion.hint(for: runbook.start, in: ids))"))
            return out
        }
        if !terminal.contains(true) {
            out.append(
                .error(
                    runbook.location,
                    "the runbook has no end: add a step with 'end: resolved', 'end: escalated' or 'end: handed-off'"))
            return out
        }
        let reachable = Self.reach(from: [start], edges: edges)
        for (i, step) in steps.enumerated() where !reachable[i] {
            out.append(
                .error(
                    step.location,
                    "step '\(step.id)' cannot be reached from the start step '\(runbook.start)': link it from another step's outcome or delete it"
                ))
        }
        var reverse = [[Int]](repeating: [], count: steps.count)
        for (i, targets) in edges.enumerated() { for j in targets { reverse[j].append(i) } }
        let canEnd = Self.reach(from: terminal.indices.filter { terminal[$0] }, edges: reverse)
        out += trapped(canEnd: canEnd, edges: edges, reachable: reachable)
        return out
    }

    func resolve(_ target: String, at location: SourceLocation, from step: Step, into out: inout [Diagnostic]) -> Int? {
        if let j = index[target] { return j }
        out.append(
            .error(
                location,
                "step '\(step.id)' leads to '\(target)', which is not a step\(Suggestion.hint(for: target, in: ids))"))
        return nil
    }

    /// Reports cycles with no way out, then the other steps that can only lead into them.
    func trapped(canEnd: [Bool], edges: [[Int]], reachable: [Bool]) -> [Diagnostic] {
        let steps = runbook.steps
        let stuck = canEnd.indices.filter { !canEnd[$0] && reachable[$0] }
        guard !stuck.isEmpty else { return [] }
        var out: [Diagnostic] = []
        var inCycle = Set<Int>()
        for component in Self.stronglyConnectedComponents(edges: edges, among: Set(stuck)) {
            let isCycle = component.count > 1 || edges[component[0]].contains(component[0])
            guard isCycle else { continue }
            inCycle.formUnion(component)
            let members = component.sorted()
            let names = (members + [members[0]]).map { "'\(steps[$0].id)'" }.joined(separator: " → ")
            out.append(
                .error(
                    steps[members[0]].location,
                    "cycle with no way out: \(names); give one of these steps an outcome that leads towards an end"))
        }
        for i in stuck where !inCycle.contains(i) {
            out.append(
                .error(
                    steps[i].location,
                    "no end can be reached from step '\(steps[i].id)': every way on leads into a cycle with no way out")
            )
        }
        return out
    }

    static func reach(from roots: [Int], edges: [[Int]]) -> [Bool] {
        var seen = [Bool](repeating: false, count: edges.count)
        var stack = roots
        for r in roots { seen[r] = true }
        while let i = stack.popLast() {
            for j in edges[i] where !seen[j] {
                seen[j] = true
                stack.append(j)
            }
        }
        return seen
    }

    /// Tarjan's algorithm without recursion (runbooks may have 100,000 steps),
    /// restricted to the nodes in `among`.
    static func stronglyConnectedComponents(edges: [[Int]], among: Set<Int>) -> [[Int]] {
        var indexOf = [Int](repeating: -1, count: edges.count)
        var low = [Int](repeating: 0, count: edges.count)
        var onStack = [Bool](repeating: false, count: edges.count)
        var stack: [Int] = []
        var components: [[Int]] = []
        var counter = 0
        for root in among.sorted() where indexOf[root] < 0 {
            var work: [(node: Int, edge: Int)] = [(root, 0)]
            indexOf[root] = counter; low[root] = counter; counter += 1
            stack.append(root); onStack[root] = true
            while let (node, edge) = work.last {
                let targets = edges[node]
                if edge < targets.count {
                    work[work.count - 1].edge += 1
                    let next = targets[edge]
                    guard among.contains(next) else { continue }
                    if indexOf[next] < 0 {
                        indexOf[next] = counter; low[next] = counter; counter += 1
                        stack.append(next); onStack[next] = true
                        work.append((next, 0))
                    } else if onStack[next] {
                        low[node] = min(low[node], indexOf[next])
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last { low[parent.node] = min(low[parent.node], low[node]) }
                    if low[node] == indexOf[node] {
                        var component: [Int] = []
                        while let top = stack.popLast() {
                            onStack[top] = false
                            component.append(top)
                            if top == node { break }
                        }
                        components.append(component)
                    }
                }
            }
        }
        return components
    }
}
