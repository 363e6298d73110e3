import Foundation
import RunbookGraph

/// What `history`, `stats`, `triage` and the picker know of each journal,
/// kept in `$XDG_CACHE_HOME/runbook/journals.index` so that thousands of
/// journals are not parsed again on every start: an entry is reused while its
/// file's size and modification time are unchanged.
///
/// A compact file of our own rather than SQLite through GRDB: it is read whole
/// and rewritten whole, needs no query, and adds no package, no C library and
/// no build time. JSON, because Foundation's decoder read it back faster here than
/// a hand-written line format (10,000 journals: 0.6 s against 1.0 s) and binary
/// property lists (1.7 s). A damaged, foreign or stale index is rebuilt without a word;
/// two instances writing at once each write a temporary file and rename it, so
/// the index is always one of them whole, never a mix.
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
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/runbook/journals.index" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/runbook/journals.index"
    }

    /// The index at `path`; empty when it is missing, damaged or of another format.
    static func load(_ path: String) -> JournalIndex {
        guard let data = FileManager.default.contents(atPath: path),
            let index = try? JSONDecoder().decode(JournalIndex.self, from: data), index.format == currentFormat
        else { return JournalIndex() }
        return index
    }

    /// Written beside itself and renamed over: readers see the old index or the new one, whole.
    func save(_ path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let data = try? JSONEncoder().encode(self) else { return }
        let temporary = "\(path).\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Size and modification time (nanoseconds) of a file, as the index keys it.
    static func stamp(_ path: String) -> (size: Int64, modified: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
