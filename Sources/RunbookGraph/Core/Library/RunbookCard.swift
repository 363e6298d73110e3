/// What the picker and triage need of a library file, small enough to keep in
/// the library index: a runbook is parsed in full only when it is opened.
public struct RunbookCard: Sendable, Equatable {
    public enum Kind: String, Sendable { case runbook, scenario }

    public var kind: Kind
    public var path: String
    public var id: String
    public var title: String
    public var service: String?
    public var tags: [String]
    public var stepCount: Int
    /// A scenario's runbook, and that runbook's content hash when the scenario was checked against it.
    public var practises: String?
    public var practisedHash: String?
    /// The file's `match:` pair and its `variables:` pair as YAML text, each at
    /// its own line (blank lines before), so that what triage decodes from them
    /// points at the file. Every card's match is decoded for an alert; the
    /// variables only of the runbooks that match.
    public var matchText: String
    public var variablesText: String {
        get { variables.string }
        set { variables = CardText(newValue) }
    }
    public var variables: CardText
    /// Variables that only a step's `capture:` declares.
    public var captured: [String]
    /// Runbooks its outcomes and time-boxes lead to: what a walk of it needs loaded too.
    public var links: [String]
    public var contentHash: String

    public init(
        kind: Kind, path: String, id: String, title: String, service: String?, tags: [String], stepCount: Int,
        practises: String?, practisedHash: String?, matchText: String, variables: CardText, captured: [String],
        links: [String], contentHash: String
    ) {
        self.kind = kind
        self.path = path
        self.id = id
        self.title = title
        self.service = service
        self.tags = tags
        self.stepCount = stepCount
        self.practises = practises
        self.practisedHash = practisedHash
        self.matchText = matchText
        self.variables = variables
        self.captured = captured
        self.links = links
        self.contentHash = contentHash
    }

    /// The card of a runbook loaded from `text`, whose composed document is `root`.
    public init(runbook: Runbook, text: String, root: YAMLNode?) {
        kind = .runbook
        path = runbook.path
        id = runbook.id
        title = runbook.title
        service = runbook.service
        tags = runbook.tags
        stepCount = runbook.steps.count
        var lines: [Int]?
        func pair(_ key: String) -> String {
            guard let root, case .mapping(let pairs) = root.content, pairs.contains(where: { $0.key.scalar == key })
            else { return "" }
            if lines == nil { lines = Self.lineStarts(text) }
            return Self.pair(key, of: root, text: text, lines: lines!)
        }
        matchText = pair("match")
        variables = CardText(pair("variables"))
        captured = runbook.steps.flatMap { $0.capture?.names ?? [] }
        links = runbook.linkedRunbooks
        contentHash = runbook.contentHash
    }

    /// The card of a scenario file.
    public init(scenario: Scenario, path: String, runbookHash: String?) {
        kind = .scenario
        self.path = path
        id = scenario.id
        title = scenario.title
        tags = []
        stepCount = 0
        practises = scenario.runbook
        practisedHash = runbookHash
        matchText = ""
        variables = CardText("")
        captured = []
        links = []
        contentHash = ""
    }

    /// The pair `key` of the top-level mapping, cut from the file by lines: a
    /// top-level key of a block mapping starts its line, and its pair runs to
    /// the next key. Anything else (a flow mapping) keeps the whole text.
    static func pair(_ key: String, of root: YAMLNode, text: String, lines: [Int]) -> String {
        guard case .mapping(let pairs) = root.content, let i = pairs.firstIndex(where: { $0.key.scalar == key }) else {
            return ""
        }
        guard pairs.allSatisfy({ $0.key.column == 1 }) else { return text }
        let first = pairs[i].key.line - 1
        let end = i + 1 < pairs.count ? pairs[i + 1].key.line - 1 : lines.count
        guard first >= 0, first < end, end <= lines.count else { return text }
        let utf8 = text.utf8
        let from = utf8.index(utf8.startIndex, offsetBy: lines[first])
        let to = end < lines.count ? utf8.index(utf8.startIndex, offsetBy: lines[end]) : utf8.endIndex
        return String(repeating: "\n", count: first) + String(decoding: utf8[from..<to], as: UTF8.self)
    }

    /// The byte offset of each line's start (bytes, not characters: a runbook is thousands of lines).
    static func lineStarts(_ text: String) -> [Int] {
        var text = text
        return text.withUTF8 { bytes in
            var starts = [0]
            for offset in 0..<bytes.count where bytes[offset] == 0x0A { starts.append(offset + 1) }
            return starts
        }
    }
}

extension Runbook {
    /// The ids of the runbooks its outcomes and time-boxes lead to, each once.
    public var linkedRunbooks: [String] {
        var seen = Set<String>()
        let outcomes = steps.flatMap(\.outcomes).compactMap { outcome -> String? in
            if case .link(let link) = outcome.next { return link.runbook }
            return nil
        }
        let boxes = ([timebox] + steps.map(\.timebox)).compactMap { $0?.runbook }
        return (outcomes + boxes).filter { seen.insert($0).inserted }
    }
}

extension RunbookCard {
    /// The card's `match:`, decoded (nil: it matches no alert).
    public func matchCondition() -> Condition? {
        var decoder = RunbookDecoder(file: path)
        return Self.value("match", in: matchText).flatMap { decoder.matchCondition($0) }
    }

    /// The runbook as triage sees it: id, title, `match:` and variables, no
    /// steps. Decoded from the card alone, never walked.
    public func triageRunbook(match: Condition?) -> Runbook {
        var decoder = RunbookDecoder(file: path)
        var variables = Self.value("variables", in: variablesText).map { decoder.variables($0) } ?? []
        for name in captured where !variables.contains(where: { $0.name == name }) {
            var v = Variable(name: name, location: .file(path))
            v.description = "captured from a command's output"
            variables.append(v)
        }
        let here = SourceLocation.file(path)
        var runbook = Runbook(
            id: id, title: title, path: path, match: match, variables: variables, start: "", startLocation: here,
            steps: [], location: here)
        runbook.service = service
        runbook.tags = tags
        runbook.contentHash = contentHash
        return runbook
    }

    /// The value of `key` in YAML `text` holding that pair (or a whole runbook).
    static func value(_ key: String, in text: String) -> YAMLNode? {
        guard !text.isEmpty, let root = try? YAMLComposer().compose(text), case .mapping(let pairs) = root.content
        else { return nil }
        return pairs.first { $0.key.scalar == key }?.value
    }
}
