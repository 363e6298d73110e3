import Foundation

/// Paths of the repository, found from this file so tests run from any folder.
public enum Paths {
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    public static let runbooks = repository.appendingPathComponent("runbooks")
    /// The bundled runbook, from the seed.
    public static let seed = runbooks.appendingPathComponent("armada-scrape-failure.yaml").path
    public static let fixtures = repository.appendingPathComponent("Tests/RunbookGraphTests/Fixtures")
    public static let snapshots = repository.appendingPathComponent("Tests/RunbookTUITests/Snapshots")

    /// The built `runbook` binary, as a user runs it (the debug build, else a release one).
    public static var binary: String {
        let candidates = [".build/debug/runbook", ".build/release/runbook"].map {
            repository.appendingPathComponent($0).path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }
}
