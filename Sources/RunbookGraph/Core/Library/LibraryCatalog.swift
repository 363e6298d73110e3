import Foundation

/// The library as the picker and triage see it: a card per runbook and
/// scenario, from the library index or from runbooks already loaded. A
/// runbook is read in full only when a walk opens it (`runbook(_:)`).
public struct LibraryCatalog: Sendable {
    /// Runbooks, each id once, in the library's order.
    public private(set) var cards: [RunbookCard]
    public private(set) var scenarioCards: [RunbookCard]
    /// Files left out of the library, one line each with the first error.
    public var problems: [String]
    /// Runbooks already in memory, by path: opened without reading their file again.
    private var loaded: [String: Runbook]
    private var memo = TriageMemo()

    public init(cards: [RunbookCard], scenarioCards: [RunbookCard] = [], problems: [String] = []) {
        var seen = Set<String>()
        self.cards = cards.filter { seen.insert($0.id).inserted }
        self.scenarioCards = scenarioCards
        self.problems = problems
        loaded = [:]
    }

    /// A catalog of runbooks in memory (a file named on the command line, tests).
    public init(runbooks: [Runbook], scenarios: [Scenario] = []) {
        self.init(cards: runbooks.map { RunbookCard(runbook: $0, text: "", root: nil) })
        for runbook in runbooks where loaded[runbook.path] == nil { loaded[runbook.path] = runbook }
        scenarioCards = scenarios.map { RunbookCard(scenario: $0, path: $0.path, runbookHash: nil) }
        scenariosInMemory = scenarios
    }

    /// Scenarios already decoded (a catalog built from a loaded library).
    public private(set) var scenariosInMemory: [Scenario] = []

    /// Adds a runbook loaded elsewhere (a file named on the command line) in front of its id's card.
    public mutating func add(_ runbook: Runbook) {
        loaded[runbook.path] = runbook
        memo = TriageMemo()
        cards.removeAll { $0.id == runbook.id }
        cards.append(RunbookCard(runbook: runbook, text: "", root: nil))
    }

    public var isEmpty: Bool { cards.isEmpty }

    public func card(id: String) -> RunbookCard? { cards.first { $0.id == id } }

    /// The runbooks for `alert`, best first (`Triage.rank`), from the cards:
    /// every card's `match:` is decoded once, its variables only when it matches.
    public func triage(_ alert: Alert, overrides: [String: String] = [:]) -> [Triage.Match] {
        Triage.rank(triageRunbooks(for: [alert]), alert: alert, overrides: overrides)
    }

    /// The runbooks (as triage sees them, without steps) whose `match:` holds for one of `alerts`.
    public func triageRunbooks(for alerts: [Alert]) -> [Runbook] {
        let facts = alerts.map { Facts(alert: $0) }
        let matches = memo.matches { cards.map { loaded[$0.path]?.match ?? $0.matchCondition() } }
        return zip(cards, matches).compactMap { card, match in
            guard let match, facts.contains(where: { match.holds(in: $0) }) else { return nil }
            return loaded[card.path] ?? memo.runbook(card.id) { card.triageRunbook(match: match) }
        }
    }

    /// The runbook of `id` as triage sees it.
    public func triageRunbook(id: String) -> Runbook? {
        guard let card = card(id: id) else { return nil }
        return loaded[card.path] ?? memo.runbook(id) { card.triageRunbook(match: card.matchCondition()) }
    }

    /// The scenario of a card, read in full and checked against its runbook.
    public func scenario(_ card: RunbookCard) throws -> Scenario {
        if let scenario = scenariosInMemory.first(where: { $0.path == card.path }) { return scenario }
        let read = RunbookLoader().load(path: card.path)
        let runbooks = try card.practises.map { [try runbook(id: $0)] } ?? []
        let checked = RunbookLoader.scenario(read, runbooks: runbooks)
        guard let scenario = checked.scenario, checked.isValid else {
            throw CatalogError("the scenario has changed and no longer loads: \(checked.firstError)")
        }
        return scenario
    }

    /// The card's runbook, read in full from its file (or from memory).
    public func runbook(_ card: RunbookCard) throws -> Runbook {
        if let runbook = loaded[card.path] { return runbook }
        let result = RunbookLoader().load(path: card.path)
        guard let runbook = result.runbook, result.isValid else {
            throw CatalogError("the runbook has changed and no longer loads: \(result.firstError)")
        }
        return runbook
    }

    /// The runbook of `id`, read in full.
    public func runbook(id: String) throws -> Runbook {
        guard let card = card(id: id) else { throw CatalogError("runbook '\(id)' is not in the library") }
        return try runbook(card)
    }

    /// `runbook` and every runbook it leads to, transitively, read in full: what
    /// a walk of it needs. A linked runbook that cannot be read is left out (the
    /// walk then offers its URL, as for a runbook outside the library).
    public func walkLibrary(for runbook: Runbook) -> [Runbook] {
        var out = [runbook]
        var seen: Set<String> = [runbook.id]
        var queue = runbook.linkedRunbooks
        while let id = queue.popLast() {
            guard seen.insert(id).inserted, let linked = try? self.runbook(id: id) else { continue }
            out.append(linked)
            queue += linked.linkedRunbooks
        }
        return out
    }
}

public struct CatalogError: Error, CustomStringConvertible {
    public var description: String
    init(_ message: String) { description = message }
}

/// What triage decodes from the cards, kept once decoded: the picker's first
/// frame lists cards and needs none of it.
final class TriageMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var conditions: [Condition?]?
    private var runbooks: [String: Runbook] = [:]

    func matches(_ make: () -> [Condition?]) -> [Condition?] {
        lock.withLock {
            if let conditions { return conditions }
            let made = make()
            conditions = made
            return made
        }
    }

    func runbook(_ id: String, _ make: () -> Runbook) -> Runbook {
        if let done = lock.withLock({ runbooks[id] }) { return done }
        let made = make()
        lock.withLock { runbooks[id] = made }
        return made
    }
}
