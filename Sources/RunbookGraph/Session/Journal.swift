import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where journal records go. The file journal fsyncs each record before
/// returning, so the UI only shows what is already on disk.
public protocol JournalSink: AnyObject {
    func append(_ record: JournalRecord) throws
}

public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An append-only JSON Lines file, mode 0600, one fsync per record.
public final class JournalWriter: JournalSink {
    public let path: String
    private let fd: Int32

    /// Opens (creating, with its folder) the journal at `path` for appending.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw JournalError("\(path): cannot open the journal: \(String(cString: strerror(errno)))")
        }
        fchmod(fd, 0o600)
    }

    deinit { close(fd) }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    public static func line(_ record: JournalRecord) throws -> Data {
        var data = try encoder.encode(record)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    public func append(_ record: JournalRecord) throws {
        let data = try Self.line(record)
        try data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw JournalError("\(path): cannot write the journal: \(String(cString: strerror(errno)))")
                }
                offset += n
            }
        }
        guard fsync(fd) == 0 else {
            throw JournalError("\(path): cannot flush the journal to disk: \(String(cString: strerror(errno)))")
        }
    }

    /// `$XDG_STATE_HOME/runbook` (default `~/.local/state/runbook`).
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/runbook" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/runbook"
    }

    /// `<folder>/<runbook>-<UTC time>.jsonl`.
    public static func defaultPath(runbook: String, at date: Date, folder: String = defaultFolder()) -> String {
        let stamp = date.formatted(Date.ISO8601FormatStyle().year().month().day().dateSeparator(.omitted)
            .time(includingFractionalSeconds: false).timeSeparator(.omitted).timeZoneSeparator(.omitted))
        return "\(folder)/\(runbook)-\(stamp.replacingOccurrences(of: "Z", with: "")).jsonl"
    }
}

/// Records kept in memory (tests, practice runs that keep no journal).
public final class MemoryJournal: JournalSink {
    public private(set) var records: [JournalRecord] = []
    public init() {}
    public func append(_ record: JournalRecord) throws { records.append(record) }
}

/// A journal read back: every whole record, and whether a torn last line was dropped.
public struct JournalContents: Sendable {
    public var records: [JournalRecord]
    /// The last line was cut short (a crash while writing); it was left out.
    public var droppedTornLine: Bool
}

public enum JournalReader {
    public static func read(path: String) throws -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError("\(path): cannot read the journal (no such file, or no permission)")
        }
        return try parse(data, path: path)
    }

    /// Parses journal bytes. A last line that does not parse is a torn write
    /// and is dropped; any other bad line is an error naming its line number.
    public static func parse(_ data: Data, path: String) throws -> JournalContents {
        let decoder = JSONDecoder()
        var records: [JournalRecord] = []
        var torn = false
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if line.isEmpty { continue }
            let isLast = index == lines.count - 1
            do {
                records.append(try decoder.decode(JournalRecord.self, from: Data(line)))
            } catch {
                if isLast {
                    torn = true
                    break
                }
                throw JournalError("\(path):\(index + 1): not a journal record (\(Self.describe(error))); the journal is damaged before its end")
            }
        }
        if records.isEmpty {
            throw JournalError("\(path): the journal has no complete record")
        }
        return JournalContents(records: records, droppedTornLine: torn)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context): return context.debugDescription
        case DecodingError.valueNotFound(_, let context): return context.debugDescription
        default: return "\(error)"
        }
    }
}
