import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `--library DIR` (repeatable), shared by the commands that look runbooks up by id.
struct LibraryOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Folder of runbooks; repeat it for several (default: $RUNBOOK_PATH, a colon-separated list, else library: of the configuration file, else ./runbooks).",
            valueName: "dir"),
        completion: .directory)
    var library: [String] = []

    /// The library's folders: `--library`s, else `$RUNBOOK_PATH`'s entries, else the
    /// configuration file's `library:`, else `runbooks`.
    var folders: [String] { folderSetting.value }

    var folderSetting: Setting<[String]> {
        let path = (ConfigFile.environment("RUNBOOK_PATH") ?? "").split(separator: ":").map(String.init)
            .filter { !$0.isEmpty }
        return Setting.resolve(
            flag: ("--library", library.isEmpty ? nil : library),
            environment: ("RUNBOOK_PATH", path.isEmpty ? nil : path),
            file: ConfigFile.settings().library, default: [Self.defaultFolder.path], why: Self.defaultFolder.why)
    }

    /// `./runbooks` when there is one; else the library installed with the binary
    /// (`<prefix>/share/runbook/runbooks` next to `<prefix>/bin/runbook`), so an
    /// installed tool works from any folder with nothing configured.
    static var defaultFolder: (path: String, why: String?) {
        if FileManager.default.fileExists(atPath: "runbooks") { return ("runbooks", nil) }
        if let executable = Bundle.main.executablePath {
            let bin = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
            let shared = bin.deletingLastPathComponent().appendingPathComponent("share/runbook/runbooks").path
            if FileManager.default.fileExists(atPath: shared) { return (shared, "installed with the binary") }
        }
        return ("runbooks", nil)
    }

    /// The folders for messages: `a, b`.
    var folder: String { folders.joined(separator: ", ") }

    /// The folders that exist (a missing default folder is an empty library, not an error).
    var existingFolders: [String] { folders.filter { FileManager.default.fileExists(atPath: $0) } }

    /// The library, read once. A file that could not be loaded is said on standard
    /// error (a typo must not make a runbook vanish without a word); it is not fatal.
    func loadLibrary() -> Library {
        let folders = existingFolders
        guard !folders.isEmpty else { return Library.load(paths: []) }
        let library = Library.load(paths: folders)
        for problem in Self.problems(library) { printError("warning: \(problem)") }
        return library
    }

    /// The valid runbooks of the library (problems said on standard error).
    func load() -> [Runbook] { loadLibrary().runbooks }

    /// The library as cards, through the library index (`$XDG_CACHE_HOME/runbook/library.index`):
    /// what the picker and triage need, without parsing every runbook on every start.
    /// Files left out are said on standard error, as `loadLibrary` does.
    func catalog() -> LibraryCatalog {
        let catalog = LibraryIndex.catalog(paths: existingFolders, index: LibraryIndex.defaultPath())
        for problem in catalog.problems { printError("warning: \(problem)") }
        return catalog
    }

    /// One line per file left out of the library, with its first error.
    static func problems(_ library: Library) -> [String] {
        library.results.filter { !$0.isValid }.map { "left out of the library: \($0.firstError)" }
    }

    /// A runbook file, or the id of a runbook in the library.
    func runbook(_ fileOrID: String, in catalog: LibraryCatalog? = nil) throws -> Runbook {
        if FileManager.default.fileExists(atPath: fileOrID) { return try loadValid(fileOrID) }
        let catalog = catalog ?? LibraryIndex.catalog(paths: existingFolders, index: LibraryIndex.defaultPath())
        if catalog.card(id: fileOrID) != nil {
            do { return try catalog.runbook(id: fileOrID) } catch { throw RunFailure("\(error)") }
        }
        if fileOrID.contains("/") || [".yaml", ".yml", ".md", ".markdown"].contains(where: { fileOrID.hasSuffix($0) }) {
            throw RunFailure("cannot read \(fileOrID): no such file or folder")
        }
        throw RunFailure("no runbook file or id '\(fileOrID)' (library: \(folder))")
    }
}

/// `--set name=value`, repeatable.
struct Assignment: ExpressibleByArgument {
    var name: String
    var value: String

    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else { return nil }
        name = String(argument[..<eq])
        value = String(argument[argument.index(after: eq)...])
    }
}

extension Array where Element == Assignment {
    var dictionary: [String: String] {
        var out: [String: String] = [:]
        for a in self { out[a.name] = a.value }
        return out
    }
}

/// Reads a file, or standard input for `-`.
func readInput(_ path: String) throws -> String {
    if path == "-" {
        return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
    }
    do {
        return String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    } catch {
        throw RunFailure("cannot read \(path): \(FileErrorText.describe(error))")
    }
}

/// A problem met while running (a missing file, no terminal): its message and exit
/// status 1, without the usage block that a mistyped command line gets (exit 64).
struct RunFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

extension LibraryOptions {
    /// The walk a journal holds, replayed against this library; a journal that
    /// cannot be read is an error (exit 1), its warnings go to standard error.
    func resumedWalk(journal: String, salvage: Bool) throws -> ResumedWalk {
        let resumed: ResumedWalk
        do {
            resumed = try ResumedWalk.load(journal: journal, library: load(), salvage: salvage)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for warning in resumed.warnings { printError("warning: \(warning)") }
        return resumed
    }
}
