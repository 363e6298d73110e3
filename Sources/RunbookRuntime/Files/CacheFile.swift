import Foundation

/// A cache of our own under `$XDG_CACHE_HOME/runbook`: JSON read whole and
/// written whole. A missing, damaged or foreign file reads as nothing (the
/// caller rebuilds it without a word); a writer writes a temporary file and
/// renames it over, so two instances writing at once leave one of them whole.
enum CacheFile {
    static func defaultPath(
        _ name: String, environment: [String: String] = ProcessInfo.processInfo.environment
    )
        -> String
    {
        if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/runbook/" + name }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/runbook/" + name
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) -> T? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }

    static func write(_ value: some Encodable, to path: String) {
        guard let data = try? JSONEncoder().encode(value) else { return }
        write(data, to: path)
    }

    static func write(_ data: Data, to path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let temporary = "\(path).\(getpid()).\(UUID().uuidString.prefix(8)).tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { return }
        if rename(temporary, path) != 0 { unlink(temporary) }
    }

    /// Size and modification time (nanoseconds) of a file, as the caches key it.
    static func stamp(_ path: String) -> (size: Int64, modified: Int64)? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return (Int64(info.st_size), Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
    }
}
