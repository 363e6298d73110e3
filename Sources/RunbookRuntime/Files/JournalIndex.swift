import Foundation
import RunbookGraph

/// What `history`, `stats`, `triage` and the picker know of each journal,
/// kept in `$XDG_CACHE_HOME/runbook/journals.index` so that thousands of
/// journals are not parsed again on every start: an entry is reused while its
/// file's size and modification time are unchanged. Kept as a `CacheFile`.
///
/// A compact file of our own rather than SQLite through GRDB: it is read whole
/// and rewritten whole, needs no query, and adds no package, no C library and
/// no build time. JSON, because Foundation's decoder read it back faster here than
/// a hand-written line format (10,000 journals: 0.6 s against 1.0 s) and binary
/// property lists (1.7 s).
public struct JournalIndex: Codable, Sendable {
    struct Entry: Codable, Sendable {
        var size: Int64
        var modified: Int64
        /// Nil: the journal was damaged, torn or not a journal.
        var walk: PastWalk?
    }

    static let currentFormat = 1
    var format = currentFormat
    var entries: [String: Entry] = [:]

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        CacheFile.defaultPath("journals.index", environment: environment)
    }

    /// The index at `path`; empty when it is missing, damaged or of another format.
    static func load(_ path: String) -> JournalIndex {
        guard let index = CacheFile.read(JournalIndex.self, from: path), index.format == currentFormat else {
            return JournalIndex()
        }
        return index
    }

    func save(_ path: String) { CacheFile.write(self, to: path) }

    static func stamp(_ path: String) -> (size: Int64, modified: Int64)? { CacheFile.stamp(path) }
}
