/// Turns a Markdown runbook into a runbook of this format: headings and
/// numbered items become steps, commands become `run:`, "If ..." prose and
/// condition headings become decisions, links to other runbooks become
/// links, example alerts become `match:` and variables, the escalation
/// section the escalation end. Places a person should check carry `review:`.
public struct MarkdownImporter: Sendable {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var path: String
        public var message: String
        public var description: String { "\(path): error: \(message)" }
    }

    public static let maxSize = 16 * 1024 * 1024

    /// Runbook ids the library already has (so links use them), by the id a
    /// link's file name would give and by the address they were imported from.
    public var knownRunbooks: [String: String]
    /// How long runs of sections are read: on every core, unless a test or a benchmark's baseline says otherwise.
    public var split = ReadingSplit.auto

    public init(knownRunbooks: [String: String] = [:]) {
        self.knownRunbooks = knownRunbooks
    }

    /// The known-runbook table for a library: each runbook by its id and by the
    /// file name of its `source:`.
    public static func knownRunbooks(in library: [Runbook]) -> [String: String] {
        var out: [String: String] = [:]
        for runbook in library {
            out[runbook.id] = runbook.id
            if let source = runbook.source { out[LinkReading.runbookID(source)] = runbook.id }
        }
        return out
    }

    /// Imports the file at `path` (read whole; at most 16 MiB).
    public func importFile(_ path: String) throws(Failure) -> ImportResult {
        switch FileBytes.read(path, limit: Self.maxSize) {
        case .success(let data): return try importBytes(Array(data), path: path)
        case .failure(.missing): throw Failure(path: path, message: "no such file")
        case .failure(.unreadable): throw Failure(path: path, message: "cannot read the file: check its permissions")
        case .failure(.directory): throw Failure(path: path, message: "is a directory, not a Markdown file")
        case .failure(.notRegular): throw Failure(path: path, message: "not a regular file")
        case .failure(.tooLarge):
            throw Failure(path: path, message: "the file is larger than 16 MiB; split it into several documents")
        case .failure(.other(let message)): throw Failure(path: path, message: "cannot read the file: \(message)")
        }
    }

    /// Imports Markdown given as bytes; `path` names it in messages and gives the id.
    public func importBytes(_ bytes: [UInt8], path: String) throws(Failure) -> ImportResult {
        if let nul = bytes.firstIndex(of: 0) {
            throw Failure(path: path, message: "this is a binary file (NUL byte at offset \(nul)), not Markdown")
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let offset = Self.firstInvalidUTF8(bytes)
            throw Failure(
                path: path,
                message:
                    "the file is not UTF-8 text (invalid byte at offset \(offset)); convert it, e.g. with iconv -f latin1 -t utf-8"
            )
        }
        return try importText(text, path: path)
    }

    public func importText(_ source: String, path: String) throws(Failure) -> ImportResult {
        var text = source
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let doc = MarkdownDocument(text)
        guard doc.blocks.contains(where: { if case .skipped = $0 { false } else { true } }) else {
            throw Failure(path: path, message: "nothing to import: the document has no headings, text or code")
        }
        let draft = DraftAssembler(doc: doc, path: path, known: knownRunbooks, split: split).assemble()
        let yaml = RunbookYAMLWriter.write(
            draft,
            header: [
                "Imported from \(Self.fileName(path)) by `runbook import`.",
                "Check the steps marked `review:`, then remove those notes."
            ])
        // The importer's promise: what it writes, the loader accepts. Loaded as the Markdown
        // file, so walking the page (`runbook page.md`) takes this load as it is.
        let check = RunbookLoader().load(text: yaml, path: path)
        if let problem = check.diagnostics.first(where: { $0.severity == .error }) {
            throw Failure(
                path: path, message: "could not build a valid runbook (\(problem.message)); please report this document"
            )
        }
        var report = ImportReport(draft: draft, path: path)
        report.warnings = check.diagnostics.warnings.map(\.message)
        return ImportResult(
            yaml: yaml, report: report, loaded: check,
            sourceLines: Dictionary(draft.steps.map { ($0.id, $0.line) }, uniquingKeysWith: { a, _ in a }),
            questionLines: Dictionary(
                draft.steps.filter { !$0.questionLines.isEmpty }.map { ($0.id, $0.questionLines) },
                uniquingKeysWith: { a, _ in a }),
            partsJoined: draft.partsJoined, partsReadAgain: draft.partsReadAgain)
    }

    /// `docs/etcd-down.md` -> `etcd-down.yaml`.
    public static func outputName(_ path: String) -> String {
        var name = fileName(path)
        for ext in [".html.md", ".md", ".markdown", ".mdown", ".txt"] where name.lowercased().hasSuffix(ext) {
            name = String(name.dropLast(ext.count))
            break
        }
        return (name.isEmpty ? "runbook" : name) + ".yaml"
    }

    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let s): offset += UTF8.width(s)
            case .emptyInput, .error: return offset
            }
        }
    }
}

public struct ImportResult: Sendable {
    public var yaml: String
    public var report: ImportReport
    /// All the loader made of `yaml` (the runbook, its card, what it warned of), as the Markdown file.
    public var loaded: LoadResult
    /// The runbook as the loader reads `yaml`.
    public var runbook: Runbook? { loaded.runbook }
    /// Each step's line in the Markdown source, by step id.
    public var sourceLines: [String: Int] = [:]
    /// For a step that runs a check and then asks what the source asks after
    /// it, the lines of those questions, by step id.
    public var questionLines: [String: [Int]] = [:]
    /// Parts of the document read ahead on other cores that joined, and those read again in order.
    public var partsJoined = 0
    public var partsReadAgain = 0
}
