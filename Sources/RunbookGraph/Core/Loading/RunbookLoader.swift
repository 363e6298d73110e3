import Foundation

/// The outcome of loading one file: the runbook when it could be built, and
/// every problem found on the way (a runbook may come with warnings).
public struct LoadResult: Sendable {
    public var path: String
    public var runbook: Runbook?
    /// Set instead of `runbook` for a practice scenario (`scenario:` at the top).
    public var scenario: Scenario?
    public var diagnostics: [Diagnostic]
    /// What the library index keeps of a runbook (nil for a scenario or a file that did not decode).
    public var card: RunbookCard?
    /// A scenario's document, decoded once the runbooks it refers to are known.
    var scenarioRoot: YAMLNode?

    public init(path: String, runbook: Runbook?, diagnostics: [Diagnostic]) {
        self.path = path
        self.runbook = runbook
        self.diagnostics = diagnostics
    }

    /// A practice scenario, decoded once the runbooks are known (`RunbookLoader.scenario`).
    public var isScenario: Bool { scenarioRoot != nil }

    /// The id of the runbook a scenario practises, as its file names it.
    public var scenarioRunbookID: String? {
        guard case .mapping(let pairs) = scenarioRoot?.content else { return nil }
        return pairs.first { $0.key.scalar == "runbook" }?.value.scalar
    }

    /// Why the file is left out: its first error.
    public var firstError: String {
        diagnostics.errors.first.map(\.description) ?? "\(path): could not be loaded"
    }

    public var isValid: Bool { (runbook != nil || scenario != nil) && !diagnostics.hasErrors }
}

/// Reads, composes and decodes runbook files, then validates each on its own.
public struct RunbookLoader: Sendable {
    /// Larger files are refused before they are read.
    public static let defaultMaxFileSize = 16 * 1024 * 1024

    public var maxFileSize: Int
    public var aliasBudget: Int

    public init(
        maxFileSize: Int = RunbookLoader.defaultMaxFileSize,
        aliasBudget: Int = YAMLComposer.defaultAliasBudget
    ) {
        self.maxFileSize = maxFileSize
        self.aliasBudget = aliasBudget
    }

    /// Loads and validates the runbook file at `path`.
    public func load(path: String) -> LoadResult {
        if Self.isMarkdown(path) { return loadMarkdown(path) }
        switch readText(path) {
        case .success(let text): return load(text: text, path: path)
        case .failure(let diagnostic): return LoadResult(path: path, runbook: nil, diagnostics: [diagnostic])
        }
    }

    /// `.md` and `.markdown`: a Markdown runbook, walked as it is.
    public static func isMarkdown(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".md") || lower.hasSuffix(".markdown")
    }

    /// Imports a Markdown runbook in memory (nothing is written) and loads the
    /// result; the importer's `review:` notes stay on their steps for the walk to show.
    func loadMarkdown(_ path: String) -> LoadResult {
        do {
            let result = try MarkdownImporter().importFile(path)
            var loaded = result.loaded
            loaded.diagnostics = loaded.diagnostics.filter { $0.severity == .error }
            if result.report.reviews.count > 0 {
                loaded.diagnostics.append(
                    .warning(
                        .file(path),
                        "imported from Markdown in memory: \(result.report.reviews.count) step(s) marked Review; `runbook import \(path)` writes the YAML to fix them in"
                    ))
            }
            return loaded
        } catch {
            return LoadResult(path: path, runbook: nil, diagnostics: [.error(.file(path), error.message)])
        }
    }

    /// Loads and validates runbook text; `path` is used in diagnostics.
    public func load(text: String, path: String) -> LoadResult {
        // A big file's content hash is worked out on another core while it is composed.
        let big = text.utf8.count >= Self.parallelBytes
        let hash = big ? BackgroundValue { ContentHash.of(text) } : nil
        let root: YAMLNode
        do {
            guard let node = try compose(text), !node.isNull else {
                return LoadResult(path: path, runbook: nil, diagnostics: [.error(.file(path), Self.emptyMessage)])
            }
            root = node
        } catch {
            let location = SourceLocation(file: path, line: error.line, column: error.column)
            return LoadResult(path: path, runbook: nil, diagnostics: [.error(location, error.message)])
        }
        if case .mapping(let pairs) = root.content, pairs.contains(where: { $0.key.scalar == "scenario" }) {
            var result = LoadResult(path: path, runbook: nil, diagnostics: [])
            result.scenarioRoot = root
            return result
        }
        var decoder = RunbookDecoder(file: path)
        var runbook = decoder.decode(root)
        runbook?.contentHash = hash?.value ?? ContentHash.of(text)
        var result = LoadResult(path: path, runbook: runbook, diagnostics: decoder.diagnostics)
        guard let runbook else { return result }
        // The card is made while the checks run.
        let card = big ? BackgroundValue { RunbookCard(runbook: runbook, text: text, root: root) } : nil
        result.diagnostics += Validator().validate(runbook, source: text)
        result.card = card?.value ?? RunbookCard(runbook: runbook, text: text, root: root)
        return result
    }

    /// The YAML of a runbook, as `load` composes it: a big file's steps in slices
    /// on every core when they can be cut safely, else the whole text in one pass.
    public func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        if text.utf8.count >= Self.parallelBytes,
            let split = StepsSplit.compose(text, aliasBudget: aliasBudget, slices: Self.slices)
        {
            return split
        }
        return try YAMLComposer(aliasBudget: aliasBudget).compose(text)
    }

    /// Files this large (about 700 steps) are composed in slices, and hash and
    /// build their card, on every core.
    static let parallelBytes = 256 * 1024
    static let slices = ProcessInfo.processInfo.activeProcessorCount * 2

    var tooLarge: String {
        "file is larger than \(maxFileSize / (1024 * 1024)) MiB; a runbook this large is almost certainly not one: split it into several runbooks linked together"
    }

    /// Decodes a scenario and checks it against `runbooks`.
    public static func scenario(_ result: LoadResult, runbooks: [Runbook]) -> LoadResult {
        guard let root = result.scenarioRoot else { return result }
        var out = result
        var decoder = ScenarioDecoder(file: result.path)
        out.scenario = decoder.decode(root)
        out.diagnostics += decoder.reader.diagnostics
        if let scenario = out.scenario {
            let runbook = runbooks.first { $0.id == scenario.runbook }
            out.card = RunbookCard(scenario: scenario, path: result.path, runbookHash: runbook?.contentHash)
            if let runbook {
                out.diagnostics += ScenarioCheck(scenario: scenario, runbook: runbook).diagnostics()
            } else {
                out.diagnostics.append(
                    .error(
                        scenario.runbookLocation,
                        "scenario practises runbook '\(scenario.runbook)', which is not in the library\(Suggestion.hint(for: scenario.runbook, in: runbooks.map(\.id)))"
                    ))
            }
        }
        return out
    }

    static let emptyMessage = "file is empty: a runbook needs at least 'runbook', 'title', 'start' and 'steps'"

    /// The file's text, or why it cannot be a runbook. Size is checked before
    /// reading, so a huge file costs nothing.
    func readText(_ path: String) -> Result<String, Diagnostic> {
        let here = SourceLocation.file(path)
        let data: Data
        switch FileBytes.read(path, limit: maxFileSize) {
        case .success(let d): data = d
        case .failure(.missing): return .failure(.error(here, "no such file"))
        case .failure(.unreadable): return .failure(.error(here, "cannot read the file: check its permissions"))
        case .failure(.directory):
            return .failure(
                .error(
                    here, "is a directory; name a runbook file, or validate the directory to load every runbook in it"))
        case .failure(.notRegular):
            // Opening a FIFO or device could block or never end.
            return .failure(.error(here, "not a regular file: a runbook is a .yaml file"))
        case .failure(.tooLarge): return .failure(.error(here, tooLarge))
        case .failure(.other(let message)): return .failure(.error(here, "cannot read the file: \(message)"))
        }
        if data.isEmpty { return .failure(.error(here, Self.emptyMessage)) }
        if let nul = data.withUnsafeBytes({ $0.firstIndex(of: 0) }) {
            return .failure(.error(here, "binary file (NUL byte at offset \(nul)): a runbook is UTF-8 YAML text"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let bytes = [UInt8](data)
            let offset = MarkdownImporter.firstInvalidUTF8(bytes)
            let lineStart = bytes[..<offset].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let line = bytes[..<offset].count { $0 == 0x0A } + 1
            let column = String(decoding: bytes[lineStart..<offset], as: UTF8.self).count + 1
            let at = SourceLocation(file: path, line: line, column: column)
            return .failure(
                .error(
                    at,
                    "not valid UTF-8 here (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) at offset \(offset)): save the runbook as UTF-8 text"
                ))
        }
        return .success(text)
    }
}
