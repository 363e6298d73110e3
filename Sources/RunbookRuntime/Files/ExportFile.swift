import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import RunbookGraph

/// Writes transcripts: readable by their owner only (mode 0600), since even a
/// redacted transcript tells a lot about a system, and never over an existing
/// file unless asked to.
public enum ExportFile {
    /// Writes `text` to `path`, or, when it exists and `replace` is false, to the
    /// first free `name-2.ext`, `name-3.ext`…; returns the path written.
    @discardableResult
    public static func write(_ text: String, to path: String, replace: Bool) throws -> String {
        var candidate = path
        var n = 1
        while true {
            let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replace ? O_TRUNC : O_EXCL)
            let fd = open(candidate, flags, 0o600)
            if fd >= 0 {
                defer { close(fd) }
                // An existing file keeps its mode through O_TRUNC: make it private too.
                guard fchmod(fd, 0o600) == 0 else { throw failure(candidate) }
                var bytes = Array(text.utf8)[...]
                while !bytes.isEmpty {
                    let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw failure(candidate)
                    }
                    bytes = bytes.dropFirst(written)
                }
                return candidate
            }
            guard errno == EEXIST, !replace, n < 1000 else { throw failure(candidate) }
            n += 1
            let url = URL(fileURLWithPath: path)
            let ext = url.pathExtension
            let base = url.deletingPathExtension().path
            candidate = ext.isEmpty ? "\(base)-\(n)" : "\(base)-\(n).\(ext)"
        }
    }

    static func failure(_ path: String) -> ExecutionError {
        ExecutionError("cannot write \(path): \(String(cString: strerror(errno)))")
    }
}
