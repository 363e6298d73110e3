/// "List, then act on one from the listing": a command that lists things (pods,
/// nodes, processes, containers) and a later command that takes one of them as a
/// placeholder. The listing step captures it, so the walk offers what the
/// listing printed instead of the operator copying it by hand. Only where every
/// way to the acting step passes through the listing (else the capture would be
/// used before it is made), and only for values the alert does not give.
enum ListingCaptures {
    struct Listing: Sendable {
        /// Words of a variable's name that say it holds this kind of thing.
        var kinds: [String]
        var lists: @Sendable (ListedCommand) -> Bool
        /// `NAME` stands for the variable's name.
        var regex: @Sendable (String) -> String
        var column: String
    }

    static let listings: [Listing] = [
        Listing(
            kinds: ["pod"], lists: { isKubectlGet($0, "pods", "pod", "po") && $0.allNamespaces },
            regex: { _ in #"(?m)^\S+\s+(?<NAME>[a-z0-9][-a-z0-9.]*)\s+\d+/\d+\s"# }, column: "the second column (NAME)"),
        Listing(
            kinds: ["pod"], lists: { isKubectlGet($0, "pods", "pod", "po") && !$0.allNamespaces },
            regex: { _ in #"(?m)^(?<NAME>[a-z0-9][-a-z0-9.]*)\s+\d+/\d+\s"# }, column: "the first column (NAME)"),
        Listing(
            kinds: ["node"], lists: { isKubectlGet($0, "nodes", "node", "no") },
            regex: { _ in #"(?m)^(?<NAME>[a-z0-9][-a-z0-9.]*)\s+(?:Ready|NotReady)"# },
            column: "the first column (NAME)"),
        Listing(
            kinds: ["pid"], lists: { $0.words.contains("ps") && ($0.text.contains("aux") || $0.text.contains("-ef")) },
            regex: { _ in #"(?m)^\S+\s+(?<NAME>\d+)\s"# }, column: "the second column (PID)"),
        Listing(
            kinds: ["pid"], lists: { $0.words.first == "pgrep" || $0.words.contains("pidof") },
            regex: { _ in #"(?<NAME>\b\d+\b)"# }, column: "each number printed"),
        Listing(
            kinds: ["container"], lists: { $0.text.contains("docker ps") || $0.text.contains("crictl ps") },
            regex: { _ in #"(?m)^(?<NAME>[0-9a-f]{12,64})\s"# }, column: "the first column (CONTAINER ID)")
    ]

    /// A lower-cased command and its words (split once: every listing asks).
    struct ListedCommand {
        var text: String
        var words: [Substring]
        /// `-A` or `--all-namespaces`, read before lower-casing (`-a` is another flag).
        var allNamespaces: Bool

        init(_ command: String) {
            func split(_ s: String) -> [Substring] {
                s.utf8.split(whereSeparator: { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "|") }).map {
                    Substring($0)
                }
            }
            allNamespaces = split(command).contains { $0 == "-A" || $0 == "--all-namespaces" }
            text = command.lowercased()
            words = split(text)
        }
    }

    static func isKubectlGet(_ command: ListedCommand, _ nouns: String...) -> Bool {
        let w = command.words
        guard let k = w.firstIndex(of: "kubectl"), let get = w[k...].firstIndex(of: "get"), get + 1 < w.count else {
            return false
        }
        // The noun may follow flags: kubectl get -n armada pods.
        return w[(get + 1)...].prefix(4).contains { word in nouns.contains { word == $0 } }
    }

    static func apply(_ draft: inout DraftRunbook) {
        let alertGiven = Set(draft.variables.filter { !$0.from.isEmpty }.map(\.name))
        let facts = StepFacts(draft)
        var captured = setFromOutput(&draft, alertGiven: alertGiven, facts: facts)
        // The steps whose command lists something, with the listings it is, nearest last.
        let steps = draft.steps
        let listingSteps = DraftAssembler.perStep(steps.count) { range in
            range.compactMap { i -> (index: Int, listings: [Int])? in
                guard let command = steps[i].run.map({ ListedCommand($0.command) }) else { return nil }
                let kinds = listings.indices.filter { listings[$0].lists(command) }
                return kinds.isEmpty ? nil : (i, kinds)
            }
        }.flatMap { $0 }
        // The listings a name can come from (`target_pod`: the pod listings), asked once per name.
        var sourcesOf: [String: Set<Int>] = [:]
        // Whether every use of a name needs a listing walks the graph: once per name and listing
        // (each later use of a name not captured asked it again).
        struct Use: Hashable {
            var name: String
            var listing: Int
        }
        var needs: [Use: Bool] = [:]
        for index in draft.steps.indices where draft.steps[index].run != nil {
            for name in facts.commandUses[index] where !alertGiven.contains(name) && !captured.contains(name) {
                if sourcesOf[name] == nil {
                    let lower = name.lowercased()
                    sourcesOf[name] = Set(
                        listings.indices.filter { listings[$0].kinds.contains(where: lower.containsBytes) })
                }
                guard let sources = sourcesOf[name], !sources.isEmpty else { continue }
                // The nearest listing before it, of the kind the name says.
                for (earlier, kinds) in listingSteps.reversed() where earlier < index {
                    guard draft.steps[earlier].capture == nil, !facts.commandUses[earlier].contains(name),
                        let listing = kinds.first(where: sources.contains).map({ listings[$0] })
                    else { continue }
                    let use = Use(name: name, listing: earlier)
                    let needed = needs[use] ?? facts.everyUseNeeds(name, through: earlier)
                    needs[use] = needed
                    guard needed else { break }
                    draft.steps[earlier].capture = listing.regex(name).replacingOccurrences(of: "NAME", with: name)
                    draft.steps[earlier].review.append(
                        "Captures \(name) from \(listing.column) of the listing, for the later step that uses it: check the pattern against real output (line \(draft.steps[earlier].line))."
                    )
                    captured.insert(name)
                    break
                }
            }
        }
    }

    /// Variables a command uses: `{{name}}` and `"$RUNBOOK_NAME"`.
    static func uses(_ command: String) -> [String] {
        Template.references(in: command).map(\.name) + Template.environmentReferences(in: command)
    }

    /// `export NAME="$(command)"`: the step runs the command and captures its
    /// output, where every use of NAME comes after it; else NAME is asked for.
    static func setFromOutput(_ draft: inout DraftRunbook, alertGiven: Set<String>, facts: StepFacts) -> Set<String> {
        var captured: Set<String> = []
        for index in draft.steps.indices {
            guard let name = draft.steps[index].run?.captures, draft.steps[index].capture == nil else { continue }
            let line = draft.steps[index].line
            guard !alertGiven.contains(name), !captured.contains(name), facts.everyUseNeeds(name, through: index)
            else {
                draft.steps[index].review.append(
                    "The source sets \(name) from this command's output; a step that uses it can be reached without running it, so the walk asks for it (line \(line))."
                )
                continue
            }
            draft.steps[index].capture = "(?<\(name)>\\S+)"
            draft.steps[index].review.append(
                "Captures \(name) from this command's output, as the source's `export …=\"$(…)\"` sets it: check the pattern against real output (line \(line))."
            )
            captured.insert(name)
        }
        return captured
    }
}

/// What the capture passes ask of each step, worked out once: a 1 MB page
/// has thousands of steps, and asking again per name and per listing was
/// quadratic.
struct StepFacts {
    /// Names each step's command uses, in order (a name once).
    var commandUses: [[String]]
    /// Names each step's title and text use.
    var prose: [Set<String>]
    var next: [[Int]]
    var start: Int?

    init(_ draft: DraftRunbook) {
        var ids: [String: Int] = [:]
        for (i, id) in draft.steps.map(\.id).enumerated() where ids[id] == nil { ids[id] = i }
        // Every step's words are read: a long page's on every core.
        let steps = draft.steps
        let uses = DraftAssembler.perStep(steps.count) { range in
            range.map { i in
                var seen = Set<String>()
                let command = ListingCaptures.uses(steps[i].run?.command ?? "").filter { seen.insert($0).inserted }
                return (command, Set(([steps[i].title] + steps[i].text).flatMap(ListingCaptures.uses)))
            }
        }.flatMap { $0 }
        commandUses = uses.map(\.0)
        prose = uses.map(\.1)
        next = draft.steps.map { step in
            var out = step.outcomes.compactMap { o -> Int? in if case .step(let s) = o.next { ids[s] } else { nil } }
            if case .step(let s)? = step.next, let n = ids[s] { out.append(n) }
            return out
        }
        start = ids[draft.start]
    }

    /// Whether no step that uses `name` can be reached without passing through `listing`.
    func everyUseNeeds(_ name: String, through listing: Int) -> Bool {
        guard let start, start != listing else { return true }
        var seen: Set<Int> = [start]
        var queue = [start]
        while let i = queue.popLast() {
            if prose[i].contains(name) || commandUses[i].contains(name) { return false }
            for n in next[i] where n != listing && seen.insert(n).inserted { queue.append(n) }
        }
        return true
    }
}
