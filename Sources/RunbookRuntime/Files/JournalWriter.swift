import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import RunbookGraph

/// An append-only JSON Lines file, mode 0600, one fsync per record, each
/// record with a checksum. While a writer is open it holds an exclusive lock
/// on the file, so two walks never write one journal.
public final class JournalWriter: JournalSink {
    public enum Mode: Sendable {
        /// A new walk: the file must not exist yet.
        case create
        /// A resumed walk: the file must exist; a torn last line is cut off
        /// first (its bytes kept beside the journal), so the next record starts on a line of its own.
        case append
    }

    public let path: String
    private let fd: Int32
    /// Bytes of whole records: what a failed write is rolled back to.
    private var size: off_t
    /// Where the bytes of a torn last line were saved when the journal was opened for appending.
    public private(set) var savedTornTail: String?

    public init(
        path: String, mode: Mode = .create,
        operatorName: String = ProcessInfo.processInfo.environment["USER"] ?? "operator"
    ) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, mode == .create {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw JournalError(
                    "\(path): cannot create the journal's folder: \(FileErrorText.describe(error, path: path))")
            }
        }
        let flags = mode == .create ? O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC : O_RDWR | O_APPEND | O_CLOEXEC
        fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let reason = errno
            if reason == EEXIST {
                throw JournalError(
                    "\(path) already exists: a journal holds one walk; continue it with 'runbook resume \(path)', or name a new file"
                )
            }
            throw JournalError("\(path): cannot open the journal: \(String(cString: strerror(reason)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw JournalError(
                "\(path) is open in another walk (\(Self.holder(of: path))); 'runbook resume \(path) --status' reads it without writing"
            )
        }
        fchmod(fd, 0o600)
        var info = stat()
        fstat(fd, &info)
        size = info.st_size
        if mode == .append { try cutTornTail() }
        // Who holds the lock, for the message a second resumer gets.
        let owner =
            "\(operatorName), pid \(getpid()) on \(ProcessInfo.processInfo.hostName), since \(Date().formatted(.iso8601))"
        _ = FileManager.default.createFile(
            atPath: path + ".lock", contents: Data(owner.utf8), attributes: [.posixPermissions: 0o600])
    }

    deinit {
        unlink(path + ".lock")
        close(fd)  // releases the lock
    }

    static func holder(of path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path + ".lock"), !data.isEmpty else {
            return "held by another process"
        }
        return "held by " + DisplayText.escaped(String(decoding: data.prefix(200), as: UTF8.self))
    }

    /// A last line without its newline (a crash or a full disk while writing):
    /// its bytes go to `<journal>.torn-<offset>` and the file ends after the last whole line.
    private func cutTornTail() throws {
        guard size > 0 else { return }
        var end = size
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lastNewline: off_t = -1
        search: while end > 0 {
            let start = max(0, end - off_t(buffer.count))
            let n = pread(fd, &buffer, Int(end - start), start)
            guard n > 0 else { break }
            for k in stride(from: n - 1, through: 0, by: -1) where buffer[k] == UInt8(ascii: "\n") {
                lastNewline = start + off_t(k)
                break search
            }
            end = start
        }
        let keep = lastNewline + 1
        guard keep < size else { return }
        let tornLength = Int(size - keep)
        var torn = [UInt8](repeating: 0, count: tornLength)
        _ = pread(fd, &torn, tornLength, keep)
        let saved = "\(path).torn-\(keep)"
        _ = FileManager.default.createFile(atPath: saved, contents: Data(torn), attributes: [.posixPermissions: 0o600])
        guard ftruncate(fd, keep) == 0, fsync(fd) == 0 else {
            throw JournalError("\(path): cannot cut off the torn last line: \(String(cString: strerror(errno)))")
        }
        size = keep
        savedTornTail = saved
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The record as one journal line: its JSON with `"crc"`, the CRC-32 of the
    /// JSON without it, as the last member.
    public static func line(_ record: JournalRecord) throws -> Data {
        var data = try encoder.encode(record)
        let crc = CRC32.hex(CRC32.checksum(data))
        data.removeLast()  // the closing brace
        data.append(contentsOf: Array(",\"crc\":\"\(crc)\"}\n".utf8))
        return data
    }

    /// Writes and flushes one record. On any failure the file is cut back to
    /// its last whole record, so a later append never lands on a fragment.
    public func append(_ record: JournalRecord) throws {
        let bytes = Array(try Self.line(record))
        if let failure = writeAll(bytes) ?? (fsync(fd) == 0 ? nil : "cannot flush the journal to disk") {
            let reason = String(cString: strerror(errno))
            _ = ftruncate(fd, size)
            throw JournalError("\(path): \(failure): \(reason)")
        }
        size += off_t(bytes.count)
    }

    /// Writes every byte; what went wrong, or nil.
    private func writeAll(_ bytes: [UInt8]) -> String? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return "cannot write the journal"
            }
            offset += n
        }
        return nil
    }

    /// `$XDG_STATE_HOME/runbook` (default `~/.local/state/runbook`).
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/runbook" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/runbook"
    }

    /// `<folder>/<runbook>-<UTC time>.jsonl`.
    public static func defaultPath(runbook: String, at date: Date, folder: String = defaultFolder()) -> String {
        let stamp = date.formatted(
            Date.ISO8601FormatStyle().year().month().day().dateSeparator(.omitted)
                .time(includingFractionalSeconds: false).timeSeparator(.omitted).timeZoneSeparator(.omitted))
        return "\(folder)/\(runbook)-\(stamp.replacingOccurrences(of: "Z", with: "")).jsonl"
    }
}
