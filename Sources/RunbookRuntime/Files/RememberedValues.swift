import Foundation
import RunbookGraph

/// Values an operator typed, kept per runbook for the next walk. They are
/// only ever offered (pre-filled, confirmed with Enter), never used silently:
/// the next alert may be about another host. Secret variables are not kept.
public final class RememberedValues: @unchecked Sendable {
    public let folder: String
    private let lock = NSLock()

    public init(folder: String = JournalWriter.defaultFolder() + "/remembered") {
        self.folder = folder
    }

    func file(_ runbook: String) -> String { "\(folder)/\(runbook).json" }

    public func values(for runbook: String) -> [String: String] {
        lock.lock(); defer { lock.unlock() }
        guard let data = FileManager.default.contents(atPath: file(runbook)),
            let values = try? JSONDecoder().decode([String: String].self, from: data)
        else { return [:] }
        return values
    }

    /// Keeps `value` for `variable` of `runbook` (unless it is secret). Failing to save is not an error worth stopping a walk for.
    public func remember(_ value: String, for variable: Variable, of runbook: String) {
        guard !variable.secret else { return }
        var values = self.values(for: runbook)
        values[variable.name] = value
        lock.lock(); defer { lock.unlock() }
        try? FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        guard let data = try? encoder.encode(values) else { return }
        _ = FileManager.default.createFile(
            atPath: file(runbook), contents: data, attributes: [.posixPermissions: 0o600])
    }
}
