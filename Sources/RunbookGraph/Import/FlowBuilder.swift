/// Lays steps out in reading order and wires them: every way out of a step
/// that the source leaves open ("then go on") waits as a dangling end until
/// the next step of the flow is added, which it then leads to.
struct FlowBuilder {
    /// A way out waiting for the next step.
    enum Dangler: Equatable {
        case next(Int)
        case outcome(Int, Int)
        case linkThen(Int, Int)
    }

    static let resolvedID = "resolved"
    static let escalateID = "escalate"

    private(set) var steps: [DraftStep] = []
    private(set) var ids = IDMaker()
    /// The ways on waiting for the next step.
    var open: [Dangler] {
        _read {
            ahead?.touchOpen()
            yield openWays
        }
        _modify {
            ahead?.touchOpen()
            yield &openWays
        }
    }
    private var openWays: [Dangler] = []
    /// Set on a part of the document read ahead (`ImportReader+ReadAhead`): what the
    /// part took from the flow before it, which a fresh flow cannot know.
    var ahead: ReadAhead?

    init() {
        ids.reserve(Self.resolvedID)
        ids.reserve(Self.escalateID)
    }

    /// Adds a step that continues the flow: the open ways lead to it, and its
    /// own way on (unless it ends or has outcomes) is open next.
    @discardableResult
    mutating func emit(_ step: DraftStep) -> Int {
        let index = add(step)
        if let ahead, ahead.firstEmit == nil {
            // The ways the reading before this part left open lead here; they are joined later.
            ahead.firstEmit = index
        } else if openWays.isEmpty, index > 0 {
            connectOrphan(index)
        }
        resolve(openWays, to: steps[index].id)
        openWays = []
        if !step.isEnd, step.outcomes.isEmpty, step.next == nil { openWays = [.next(index)] }
        return index
    }

    /// Adds a step outside the flow (a branch's action); its way on is returned.
    @discardableResult
    mutating func add(_ step: DraftStep) -> Int {
        steps.append(step)
        return steps.count - 1
    }

    mutating func makeID(_ text: String, fallback: String = "step") -> String {
        let base = IDMaker.base(text, fallback: fallback)
        let id = ids.make(base: base)
        ahead?.ids.append((base, id))
        return id
    }

    /// An id made from `base` as `makeID` makes it (for a part read ahead, made again here).
    mutating func makeID(base: String) -> String { ids.make(base: base) }

    subscript(index: Int) -> DraftStep {
        // In place both ways: reading a field must not copy the whole step, nor
        // `flow[i].text.append(x)` the step's arrays.
        _read { yield steps[index] }
        _modify { yield &steps[index] }
    }

    var count: Int { steps.count }

    mutating func resolve(_ danglers: [Dangler], to id: String) {
        for d in danglers {
            switch d {
            case .next(let s): steps[s].next = .step(id)
            case .outcome(let s, let o): steps[s].outcomes[o].next = .step(id)
            case .linkThen(let s, let o):
                if case .link(let runbook, let url, let title, _) = steps[s].outcomes[o].next {
                    steps[s].outcomes[o].next = .link(runbook: runbook, url: url, title: title, then: id)
                }
            }
        }
    }

    /// Adds an outcome to `step` and returns it as a dangler when it goes on.
    @discardableResult
    mutating func addOutcome(
        to step: Int, label: String, when: DraftCondition? = nil, next: DraftTarget?, id: String? = nil,
        affirms: Int? = nil
    ) -> Dangler? {
        var outcomeIDs = IDMaker()
        for o in steps[step].outcomes { outcomeIDs.reserve(o.id) }
        let oid = outcomeIDs.make(id ?? label, fallback: "choice")
        steps[step].outcomes.append(
            DraftOutcome(
                id: oid, label: label, when: when, next: next ?? .step(""), affirms: affirms.map { [$0] } ?? []))
        let o = steps[step].outcomes.count - 1
        if next == nil { return .outcome(step, o) }
        if case .link(_, _, _, let then) = next, then == "" { return .linkThen(step, o) }
        return nil
    }

    /// Nothing in the source leads to this step: the nearest step before it
    /// that can take another way out offers it, and a reviewer is told.
    private mutating func connectOrphan(_ index: Int) {
        let title = steps[index].title
        steps[index].review.append(
            "Nothing in the source leads here after the step before; check where this step belongs (line \(steps[index].line))."
        )
        for j in stride(from: index - 1, through: 0, by: -1) where !steps[j].isEnd {
            if steps[j].outcomes.isEmpty, let next = steps[j].next {
                steps[j].next = nil
                steps[j].outcomes.append(DraftOutcome(id: "done", label: "Done", next: next))
            }
            addOutcome(to: j, label: "Go on to: \(Text.capped(title, 60))", next: .step(steps[index].id), id: "go-on")
            return
        }
        // Read ahead, the step that would offer the way is in the reading before.
        ahead?.orphanPastStart = true
    }
}
