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
        let files = Array(Set(folders.flatMap(journalFiles(under:)))).sorted()
        var byID: [String: Runbook] = [:]
        for runbook in library where byID[runbook.id] == nil { byID[runbook.id] = runbook }
        let runbooks = byID
        let old = index.map(JournalIndex.load) ?? JournalIndex()
        var new = JournalIndex()
        let stamps = files.map(JournalIndex.stamp)
        let results = ParallelSlots<PastWalk>(count: files.count)
        var toParse: [Int] = []
        for (i, file) in files.enumerated() {
            guard let stamp = stamps[i] else { continue }
            // Reused while unchanged, unless it was read without a runbook the library now has.
            if let entry = old.entries[file], entry.size == stamp.size, entry.modified == stamp.modified,
                !(entry.walk.map { $0.partial && runbooks[$0.runbook] != nil } ?? false)
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
            if let walk = PastWalk(journal: files[i], records: contents.records, library: runbooks) {
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
