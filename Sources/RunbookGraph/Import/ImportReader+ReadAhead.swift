import Foundation

/// Long runs of sections are read on every core: a run of sibling sections in
/// parts, a decision's branches each on its own. A part is read ahead from a
/// copy of the reader as it is when the run starts, with an empty flow; it
/// joins the flow only where, for everything it read of that start state, the
/// reading before it left the same; else it is read again, in order. So the
/// result is the one reading in order gives, byte for byte, however the work
/// is split.
public enum ReadingSplit: Sendable {
    /// Always in order.
    case never
    /// In parts on every core, for a run long enough to pay for it.
    case auto
    /// A part per sibling and per branch, at every level (for tests: every join is tried).
    case everySection

    /// Below ~1,000 blocks (~40 KB) a run reads in ~20 ms: not worth the threads.
    static let minimumBlocks = 1_000

    /// Ranges of sibling indices, in order, covering all of `children`, cut only
    /// where an item ends (`items`: where the item at an index ends); nil to read in order.
    func parts(_ children: [Section], items: (Int) -> Int) -> [Range<Int>]? {
        guard children.count >= 2, self != .never else { return nil }
        let weights = children.map { $0.blockCount + 1 }
        let total = weights.reduce(0, +)
        guard self == .everySection || total >= Self.minimumBlocks else { return nil }
        var starts: [Int] = []
        var i = 0
        while i < children.count {
            starts.append(i)
            i = max(i + 1, items(i))
        }
        let count =
            self == .everySection
            ? starts.count : min(starts.count, ProcessInfo.processInfo.activeProcessorCount * 4, total / 250)
        guard count >= 2 else { return nil }
        var parts: [Range<Int>] = []
        var start = 0
        var sum = 0
        for (k, item) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : children.count
            sum += weights[item..<end].reduce(0, +)
            // Cut where the running weight passes the next share.
            if end < children.count, self == .everySection || sum * count >= total * (parts.count + 1) {
                parts.append(start..<end)
                start = end
            }
        }
        parts.append(start..<children.count)
        return parts.count >= 2 ? parts : nil
    }

    /// Whether a decision's branches (sibling ranges) are read ahead, each on its own.
    func readsAhead(_ children: [Section], _ branches: [Range<Int>]) -> Bool {
        switch self {
        case .never: return false
        case .everySection: return true
        case .auto:
            return branches.count >= 2
                && branches.reduce(0, { $0 + children[$1].reduce(0) { $0 + $1.blockCount + 1 } }) >= Self.minimumBlocks
        }
    }
}

/// What a part read ahead took from the state it started with (read before
/// the part wrote it: the reading before could have left it otherwise), and
/// what it needs to join the flow.
/// Unchecked: each belongs to one part's reader, on the one thread that reads it.
final class ReadAhead: @unchecked Sendable {
    enum Field: Hashable { case lastSentence, lastDecision, previousSectionCondition, sqlClient }
    /// Fields the part read before it wrote them, and the ones it wrote.
    private(set) var carried: Set<Field> = []
    private(set) var written: Set<Field> = []
    /// The start state the part was read from, as far as a join must find it again.
    let start: Start
    struct Start {
        var lastSentence: String
        var sqlClient: String?
        var governing: [Int]
        var caseDepth: Int
        var emitted: Int
        /// Conditions made before the part; with `guarded`, one more the branch is read under.
        var guards: Int
        var guarded: Bool
    }
    /// Whether the part began a section, and whether it emitted a step or text before one (where the reading
    /// before left them: under the section it began).
    var sectionStarted = false
    var stepBeforeSection = false
    var textBeforeSection = false
    /// The part's first step in the flow: the ways the reading before left open lead there.
    var firstEmit: Int?
    /// The open ways were read or changed before the first step: they were the reading before's.
    private(set) var openTouched = false
    /// A step with no way to it looked for one before the part's first step.
    var orphanPastStart = false
    /// Each id made, with what it was made from, to make it again in the whole flow.
    var ids: [(base: String, id: String)] = []
    /// Teams first escalated to in the part (the reading before may have made their end steps).
    var escalationEnds: [String] = []
    /// Commands and intros whose step the open ways were asked for before the first step.
    var namings: [(command: String, intro: String)] = []
    /// Placeholders written back as the source text first replaced by their variable.
    var sources: [(variable: String, source: String)] = []

    init(_ start: Start) { self.start = start }

    func read(_ field: Field) { if !written.contains(field) { carried.insert(field) } }
    func wrote(_ field: Field) { written.insert(field) }
    func touchOpen() { if firstEmit == nil { openTouched = true } }
}

extension ImportReader {
    /// Reads `children` in `parts`: the first here, the later ones ahead on every core, joined in order.
    mutating func readInParts(_ children: [Section], _ parts: [Range<Int>]) {
        let here = self
        let read = ParallelSlots.each(parts.count) { k in
            var reader = k == 0 ? here : here.partStart(guarded: false)
            var i = parts[k].lowerBound
            while i < parts[k].upperBound { i = reader.readItem(children, i) }
            return (reader: reader, next: i)
        }
        let first = read[0]
        self = first.reader
        var i = first.next
        for k in parts.indices.dropFirst() {
            if i == parts[k].lowerBound, join(read[k].reader, branchGuard: nil) {
                i = read[k].next
                partsJoined += 1
                continue
            }
            // Not as the reading before left it: this part again, in order.
            partsReadAgain += 1
            while i < parts[k].upperBound { i = readItem(children, i) }
        }
    }

    /// A decision's branches, each the sibling sections of its range: `outcome`
    /// adds the branch's way out of the decision and its condition (in order,
    /// here), then the branch is read, or joined when it was read ahead.
    /// Returns the ways out of the branches.
    mutating func readBranches(
        _ children: [Section], _ branches: [Range<Int>], furthest: inout Int,
        outcome: (inout ImportReader, Int) -> (way: FlowBuilder.Dangler?, guard: Int)
    ) -> [FlowBuilder.Dangler] {
        var read: [(reader: ImportReader, next: Int)?] = Array(repeating: nil, count: branches.count)
        if ahead == nil, split.readsAhead(children, branches) {
            let here = self
            read = ParallelSlots.each(branches.count) { k in
                var reader = here.partStart(guarded: true)
                var j = branches[k].lowerBound
                repeat { j = reader.readRegion(children, j) } while j < branches[k].upperBound
                return (reader: reader, next: j)
            }
        }
        var exits: [FlowBuilder.Dangler] = []
        for (k, range) in branches.enumerated() {
            let (way, g) = outcome(&self, k)
            governing.append(g)
            defer { governing.removeLast() }
            if range.lowerBound >= furthest, let part = read[k] {
                let before = flow.open
                flow.open = way.map { [$0] } ?? []
                if join(part.reader, branchGuard: g) {
                    furthest = max(furthest, part.next)
                    exits += flow.open
                    partsJoined += 1
                    continue
                }
                flow.open = before
                partsReadAgain += 1
            }
            exits += readBranch(children, from: range.lowerBound, to: range.upperBound, way: way, furthest: &furthest)
        }
        return exits
    }

    /// A reader to read a part ahead: this one's settings and what it has
    /// defined (variables, anchors, ends), an empty flow, and no section begun.
    /// `guarded`: the part is a branch, read under one more condition (made when it joins).
    func partStart(guarded: Bool) -> ImportReader {
        var reader = self
        let ahead = ReadAhead(
            .init(
                lastSentence: carried.lastSentence, sqlClient: carried.sqlClient, governing: governing,
                caseDepth: caseDepth, emitted: emitted, guards: guards.count, guarded: guarded))
        reader.ahead = ahead
        reader.split = .never
        reader.flow = FlowBuilder()
        reader.flow.ahead = ahead
        reader.firstStep = nil
        // A step before the part's first section counts under the section before, which
        // has begun: it takes no anchor here (`join` gives it one where that section had no step).
        reader.stepsInSection = 1
        // What points into the flow before has no place in an empty one.
        reader.lastOpen = nil
        reader.awaitingCommand = nil
        reader.awaitingGuard = nil
        reader.carried.lastDecision = nil
        reader.carried.previousSectionCondition = nil
        reader.pending = []
        reader.pendingReview = []
        reader.sectionSkip = []
        reader.sectionGuards = []
        reader.deferred = nil
        reader.openingCondition = nil
        if guarded {
            reader.guards.append(GuardCondition(line: 0, sentence: "", question: ""))
            reader.governing.append(guards.count)
        }
        return reader
    }

    /// Joins a part read ahead onto the flow, as if it had been read here
    /// (`branchGuard`: the condition of the branch it is); false, and nothing
    /// changed, when what it read of its start state is not what this reader holds.
    mutating func join(_ part: ImportReader, branchGuard: Int?) -> Bool {
        guard let ahead = part.ahead, canJoin(ahead, branchGuard: branchGuard) else { return false }
        // An end for a team this reading escalated to already: the part's is dropped, its ways lead to this one.
        var rename: [String: String] = [:]
        var dropped: Set<Int> = []
        for team in ahead.escalationEnds {
            guard let existing = escalationEnds[team], let id = part.escalationEnds[team],
                let index = part.flow.steps.firstIndex(where: { $0.id == id })
            else { continue }
            rename[id] = existing
            dropped.insert(index)
        }
        var newIndex: [Int?] = []
        newIndex.reserveCapacity(part.flow.count)
        var next = flow.count
        for i in 0..<part.flow.count {
            if dropped.contains(i) {
                newIndex.append(nil)
            } else {
                newIndex.append(next)
                next += 1
            }
        }
        func index(_ i: Int) -> Int? { newIndex[i] }
        func dangler(_ d: FlowBuilder.Dangler) -> FlowBuilder.Dangler? {
            switch d {
            case .next(let s): index(s).map { .next($0) }
            case .outcome(let s, let o): index(s).map { .outcome($0, o) }
            case .linkThen(let s, let o): index(s).map { .linkThen($0, o) }
            }
        }
        // Everything that points at a step must point at one that stays.
        let pointers = part.flow.open + part.sectionSkip + (part.carried.previousSectionCondition?.yesExits ?? [])
        let indices = [
            part.lastOpen, part.awaitingCommand, part.firstStep, part.carried.lastDecision?.index, ahead.firstEmit
        ]
        guard pointers.allSatisfy({ dangler($0) != nil }), indices.allSatisfy({ $0.map { index($0) != nil } ?? true })
        else { return false }

        // Ids made again in the whole flow, in the order the part made them.
        for (base, id) in ahead.ids where rename[id] == nil {
            rename[id] = flow.makeID(base: base)
        }
        // Conditions: those from before the part stay, the branch's is the one made here, the part's own follow on.
        let firstNew = ahead.start.guards + (ahead.start.guarded ? 1 : 0)
        let guardBase = guards.count
        let condition = { (g: Int) -> Int in
            g < ahead.start.guards ? g : g < firstNew ? branchGuard! : guardBase + g - firstNew
        }
        if let first = ahead.firstEmit {
            let id = rename[part.flow.steps[first].id] ?? part.flow.steps[first].id
            flow.resolve(flow.open, to: id)
            // A step before the part's first section is the first of the section before, if that had none.
            if ahead.stepBeforeSection, stepsInSection == 0 {
                if anchors[sectionAnchor] == nil, !sectionAnchor.isEmpty { anchors[sectionAnchor] = id }
                if sectionFirstStep[sectionLine] == nil { sectionFirstStep[sectionLine] = id }
            }
        }
        for (i, step) in part.flow.steps.enumerated() where newIndex[i] != nil {
            flow.add(step.joined(rename: rename, condition: condition))
        }
        if ahead.firstEmit != nil { flow.open = part.flow.open.compactMap(dangler) }
        guards += part.guards[firstNew...]
        placeholders.absorb(part.placeholders)
        for (anchor, id) in part.anchors where anchors[anchor] == nil {
            anchors[anchor] = rename[id] ?? id
            if let g = part.anchorGuards[anchor] { anchorGuards[anchor] = condition(g) }
        }
        for (line, id) in part.sectionFirstStep where sectionFirstStep[line] == nil {
            sectionFirstStep[line] = rename[id] ?? id
        }
        for (team, id) in part.escalationEnds where escalationEnds[team] == nil {
            escalationEnds[team] = rename[id] ?? id
        }
        if firstStep == nil { firstStep = part.firstStep.flatMap(index) }
        let emittedBase = emitted - ahead.start.emitted
        emitted = part.emitted + emittedBase
        // What the part left is what the reading leaves, where the part wrote it.
        if ahead.written.contains(.lastSentence) { carried.lastSentence = part.carried.lastSentence }
        if ahead.written.contains(.lastDecision) {
            carried.lastDecision = part.carried.lastDecision.map {
                var d = $0
                d.index = index(d.index)!
                d.emitted += emittedBase
                return d
            }
        }
        if ahead.written.contains(.previousSectionCondition) {
            carried.previousSectionCondition = part.carried.previousSectionCondition.map {
                var c = $0
                c.yesExits = c.yesExits.compactMap(dangler)
                return c
            }
        }
        if ahead.written.contains(.sqlClient) { carried.sqlClient = part.carried.sqlClient }
        if ahead.sectionStarted {
            heading = part.heading
            headingWords = part.headingWords
            sectionAnchor = part.sectionAnchor
            sectionLine = part.sectionLine
            stepsInSection = part.stepsInSection
            sectionCommands = part.sectionCommands
            sectionHasCommands = part.sectionHasCommands
            escalateAfter = part.escalateAfter
            lastOpen = part.lastOpen.flatMap(index)
            awaitingCommand = part.awaitingCommand.flatMap(index)
            awaitingGuard = part.awaitingGuard.map(condition)
        }
        pending = part.pending
        pendingReview = part.pendingReview
        sectionSkip = part.sectionSkip.compactMap(dangler)
        caseDepth = part.caseDepth
        governing = part.governing.map(condition)
        sectionGuards = part.sectionGuards.map(condition)
        deferred = part.deferred
        openingCondition = part.openingCondition
        return true
    }

    /// Whether the part read nothing of its start state that differs here.
    private func canJoin(_ ahead: ReadAhead, branchGuard: Int?) -> Bool {
        let start = ahead.start
        // Steps before the part's first section count under the section before (see `join`).
        if ahead.stepBeforeSection, !ahead.sectionStarted { return false }
        guard !ahead.textBeforeSection, !ahead.openTouched, !ahead.orphanPastStart, pending.isEmpty,
            pendingReview.isEmpty, sectionSkip.isEmpty, sectionGuards.isEmpty, deferred == nil,
            openingCondition == nil, caseDepth == start.caseDepth, start.guarded == (branchGuard != nil),
            governing == start.governing + (branchGuard.map { [$0] } ?? [])
        else { return false }
        // Its first step is where the ways open here lead; with none open, the step would be an orphan here.
        if ahead.firstEmit != nil, flow.open.isEmpty, flow.count > 0 { return false }
        for field in ahead.carried {
            switch field {
            case .lastSentence: if carried.lastSentence != start.lastSentence { return false }
            case .lastDecision: if let d = carried.lastDecision, d.emitted == emitted { return false }
            case .previousSectionCondition: if carried.previousSectionCondition != nil { return false }
            case .sqlClient: if carried.sqlClient != start.sqlClient { return false }
            }
        }
        for naming in ahead.namings where stepNaming(naming.command, intro: naming.intro) != nil { return false }
        for (variable, source) in ahead.sources {
            if let here = placeholders.firstSource(of: variable), here != source { return false }
        }
        return true
    }
}

extension DraftStep {
    /// The step with its ids renamed and its conditions renumbered, to join a longer flow.
    func joined(rename: [String: String], condition: (Int) -> Int) -> DraftStep {
        func id(_ s: String) -> String { rename[s] ?? s }
        func target(_ t: DraftTarget) -> DraftTarget {
            switch t {
            case .step(let s): .step(id(s))
            case .link(let runbook, let url, let title, let then):
                .link(runbook: runbook, url: url, title: title, then: then.map(id))
            }
        }
        var step = self
        step.id = id(step.id)
        step.next = step.next.map(target)
        for o in step.outcomes.indices {
            step.outcomes[o].next = target(step.outcomes[o].next)
            step.outcomes[o].affirms = step.outcomes[o].affirms.map(condition)
        }
        if let guards = step.run?.guards { step.run?.guards = guards.map(condition) }
        return step
    }
}
