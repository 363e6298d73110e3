import Foundation
import RunbookGraph

extension Scenario {
    /// Loads the scenario at `path` together with the runbooks of `folders`
    /// (and of the folder above the scenario's, where practice/ usually sits).
    public static func load(path: String, runbookFolders: [String]) throws -> (Scenario, [Runbook]) {
        let parent = ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        let folders = (runbookFolders + [parent]).filter { FileManager.default.fileExists(atPath: $0) }
        var seen = Set<String>()
        let runbookFiles = folders.flatMap { Library.runbookFiles(under: $0) }.filter {
            seen.insert($0).inserted && $0 != path
        }
        let library = Library.load(paths: runbookFiles + [path])
        guard let result = library.results.first(where: { $0.path == path }) else {
            throw JournalError("\(path): not loaded")
        }
        guard result.isValid, let scenario = result.scenario else {
            let problems = result.diagnostics.errors.map(\.description)
            throw JournalError(
                problems.isEmpty
                    ? "\(path): not a practice scenario (it has no 'scenario:' key)"
                    : problems.joined(separator: "\n"))
        }
        return (scenario, library.runbooks)
    }
}
