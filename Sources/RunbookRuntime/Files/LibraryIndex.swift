import Foundation
import RunbookGraph

/// What the picker and triage know of each library file, kept in
/// `$XDG_CACHE_HOME/runbook/library.index` (a `CacheFile`): a thousand
/// runbooks are not parsed and validated again on every start.
///
/// An entry is reused while its file's size and modification time are
/// unchanged, or, when they changed, while its content hash is (a `touch`, a
/// checkout). A scenario's entry is also checked against the content hash of
/// the runbook it practises. Everything else is loaded on every core and
/// written back.
public struct LibraryIndex: Sendable {
    struct Entry: Sendable {
        var size: Int64
        var modified: Int64
        /// Nil when the file is left out of the library.
        var card: RunbookCard?
        /// Why it is left out: its first error.
        var problem: String?
        var contentHash: String
        /// A practice scenario: checked again whenever its runbook changes.
        var scenario = false
    }

    var entries: [String: Entry] = [:]

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        CacheFile.defaultPath("library.index", environment: environment)
    }

    /// The catalog of the runbooks under `paths` (folders, or files), through
    /// the index at `index` (nil: none, everything is loaded).
    public static func catalog(paths: [String], index: String?) -> LibraryCatalog {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            files += isDirectory.boolValue ? Library.runbookFiles(under: path) : [path]
        }
        var seenFile = Set<String>()
        files = files.filter { seenFile.insert($0).inserted }
        let cwd = FileManager.default.currentDirectoryPath
        let keys = files.map { absolute($0, in: cwd) }
        let old = index.flatMap { FileManager.default.contents(atPath: $0) }.flatMap(decoded)
        var (fresh, changed) = refresh(files, keys: keys, from: old ?? LibraryIndex())
        // Other libraries' entries stay: `--library a` and `--library b` do not evict each other.
        let scanned = paths.map { absolute($0, in: cwd) }
        for (file, entry) in old?.entries ?? [:]
        where fresh.entries[file] == nil && !scanned.contains(where: { file == $0 || file.hasPrefix($0 + "/") }) {
            fresh.entries[file] = entry
        }
        // Cards carry the path as given, for messages and for opening the file.
        func entries() -> [Entry] {
            zip(files, keys).compactMap { file, key in
                guard var entry = fresh.entries[key] else { return nil }
                if entry.card?.path != file { entry.card?.path = file }
                return entry
            }
        }
        var checked = entries()
        if checked.contains(where: \.scenario),
            checkScenarios(
                zip(files, keys), in: &fresh, runbooks: checked.compactMap(\.card).filter { $0.kind == .runbook })
        {
            changed = true
            checked = entries()
        }
        if let index, changed || old?.entries.count != fresh.entries.count {
            CacheFile.write(fresh.encoded(), to: index)
        }
        let cards = checked.compactMap(\.card)
        return LibraryCatalog(
            cards: cards.filter { $0.kind == .runbook },
            scenarioCards: cards.filter { $0.kind == .scenario },
            problems: checked.compactMap { $0.problem.map { "left out of the library: \($0)" } })
    }

    /// Entries are keyed by absolute path: `runbooks/` means another folder in another directory.
    static func absolute(_ path: String, in cwd: String) -> String {
        path.hasPrefix("/") ? path : cwd + "/" + path
    }

    /// The entries of `files`: reused from `old` while unchanged, else loaded
    /// (on every core). Whether any was loaded.
    static func refresh(_ files: [String], keys: [String], from old: LibraryIndex) -> (LibraryIndex, Bool) {
        var fresh = LibraryIndex()
        fresh.entries.reserveCapacity(files.count)
        var changed: [(path: String, key: String, size: Int64, modified: Int64)] = []
        for (file, key) in zip(files, keys) {
            guard let stamp = CacheFile.stamp(file) else { continue }
            if let entry = old.entries[key], entry.size == stamp.size, entry.modified == stamp.modified {
                fresh.entries[key] = entry
            } else {
                changed.append((file, key, stamp.size, stamp.modified))
            }
        }
        guard !changed.isEmpty else { return (fresh, false) }
        let stale = changed
        let slots = ParallelSlots<Entry>(count: stale.count)
        DispatchQueue.concurrentPerform(iterations: stale.count) { i in
            let (path, key, size, modified) = stale[i]
            // Touched but the same text: the entry stands.
            if var entry = old.entries[key], !RunbookLoader.isMarkdown(path),
                let text = try? String(contentsOfFile: path, encoding: .utf8), ContentHash.of(text) == entry.contentHash
            {
                entry.size = size
                entry.modified = modified
                slots.set(i, entry)
                return
            }
            slots.set(i, entry(RunbookLoader().load(path: path), size: size, modified: modified))
        }
        for (i, entry) in slots.values.enumerated() { fresh.entries[stale[i].key] = entry }
        return (fresh, true)
    }

    static func entry(_ result: LoadResult, size: Int64, modified: Int64) -> Entry {
        let hash =
            result.runbook?.contentHash ?? (try? String(contentsOfFile: result.path, encoding: .utf8)).map(
                ContentHash.of) ?? ""
        if result.isScenario {
            // Checked against its runbook once every runbook is known.
            return Entry(size: size, modified: modified, card: nil, problem: nil, contentHash: hash, scenario: true)
        }
        return Entry(
            size: size, modified: modified, card: result.isValid ? result.card : nil,
            problem: result.isValid ? nil : result.firstError, contentHash: hash)
    }

    /// Scenario files whose runbook changed (or that are new) are decoded and
    /// checked against it again. Whether any was.
    static func checkScenarios(
        _ files: Zip2Sequence<[String], [String]>, in index: inout LibraryIndex, runbooks: [RunbookCard]
    ) -> Bool {
        var changed = false
        let byID = Dictionary(runbooks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (file, key) in files {
            guard index.entries[key]?.scenario == true, var entry = index.entries[key] else { continue }
            if let card = entry.card, card.practisedHash == byID[card.practises ?? ""]?.contentHash { continue }
            let result = RunbookLoader().load(path: file)
            guard result.isScenario else { continue }
            let runbooks = [result.scenarioRunbookID].compactMap { id in
                id.flatMap { byID[$0] }.flatMap { card in RunbookLoader().load(path: card.path).runbook }
            }
            let checked = RunbookLoader.scenario(result, runbooks: runbooks)
            entry.card = checked.isValid ? checked.card : nil
            entry.problem = checked.isValid ? nil : checked.firstError
            index.entries[key] = entry
            changed = true
        }
        return changed
    }
}
