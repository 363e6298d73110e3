import Foundation
import RunbookGraph

/// Every walk the journal folders hold (the state folder, and shared ones a team
/// points every operator at), read on every core. A journal that is damaged,
/// torn or not a journal at all is counted and left out, never fatal.
public struct JournalHistory: Sendable {
    /// Newest first.
    public var walks: [PastWalk]
    /// Journals left out: damaged, torn (a crash mid-write) or not journals.
    public var skipped: [String]

    /// `index`: the journal index to reuse and keep up to date (nil: parse every journal).
    public static func read(folders: [String], library: [Runbook], index: String? = nil) -> JournalHistory {
        read(folders: folders, catalog: LibraryCatalog(runbooks: library), index: index)
    }

    /// The runbooks a journal needs are read from `catalog` when a journal that
    /// the index does not hold names them.
    public static func read(folders: [String], catalog: LibraryCatalog, index: String? = nil) -> JournalHistory {
        let files = Array(Set(folders.flatMap(journalFiles(under:)))).sorted()
        let known = Set(catalog.cards.map(\.id))
        let runbooks = WalkLibraries(catalog: catalog)
        let old = index.map(JournalIndex.load) ?? JournalIndex()
        var new = JournalIndex()
        let stamps = files.map(JournalIndex.stamp)
        let results = ParallelSlots<PastWalk>(count: files.count)
        var toParse: [Int] = []
        for (i, file) in files.enumerated() {
            guard let stamp = stamps[i] else { continue }
            // Reused while unchanged, unless it was read without a runbook the library now has.
            if let entry = old.entries[file], entry.size == stamp.size, entry.modified == stamp.modified,
                !(entry.walk.map { $0.partial && known.contains($0.runbook) } ?? false)
            {
                if let walk = entry.walk { results.set(i, walk) }
                new.entries[file] = entry
            } else {
                toParse.append(i)
            }
        }
        let parse = toParse
        DispatchQueue.concurrentPerform(iterations: parse.count) { n in
            let i = parse[n]
            guard let contents = try? JournalReader.read(path: files[i]), !contents.droppedTornLine else { return }
            guard case .started(let start)? = contents.records.first?.event else { return }
            let library = runbooks.library(for: start.runbook)
            if let walk = PastWalk(journal: files[i], records: contents.records, library: library) {
                results.set(i, walk)
            }
        }
        let values = results.values
        if let index {
            for i in toParse {
                guard let stamp = stamps[i] else { continue }
                new.entries[files[i]] = JournalIndex.Entry(size: stamp.size, modified: stamp.modified, walk: values[i])
            }
            if !toParse.isEmpty || new.entries.count != old.entries.count { new.save(index) }
        }
        var walks: [PastWalk] = []
        var skipped: [String] = []
        for (i, walk) in values.enumerated() {
            if let walk { walks.append(walk) } else { skipped.append(files[i]) }
        }
        walks.sort { $0.startedAt != $1.startedAt ? $0.startedAt > $1.startedAt : $0.journal > $1.journal }
        return JournalHistory(walks: walks, skipped: skipped)
    }

    /// `*.jsonl` below `folder`, hidden entries and the commands' output folders (`*.d`) left out.
    static func journalFiles(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || name.hasSuffix(".d") || name == "remembered" {
                walker.skipDescendants()
                continue
            }
            if name.hasSuffix(".jsonl") { files.append((folder as NSString).appendingPathComponent(relative)) }
        }
        return files
    }
}

/// The runbooks each walked runbook needs (itself and those it links to), read
/// from the catalog once per runbook, from any thread.
final class WalkLibraries: @unchecked Sendable {
    private let catalog: LibraryCatalog
    private let lock = NSLock()
    private var read: [String: [String: Runbook]] = [:]

    init(catalog: LibraryCatalog) { self.catalog = catalog }

    func library(for id: String) -> [String: Runbook] {
        if let done = lock.withLock({ read[id] }) { return done }
        let runbooks = (try? catalog.runbook(id: id)).map { catalog.walkLibrary(for: $0) } ?? []
        let library = Dictionary(runbooks.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        lock.withLock { read[id] = library }
        return library
    }
}
