import ArgumentParser
import Foundation
import RunbookGraph

/// `--library DIR`, shared by the commands that look runbooks up by id.
struct LibraryOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of runbooks (default: $RUNBOOK_PATH, else ./runbooks).", valueName: "dir"))
    var library: String?

    var folder: String {
        library ?? ProcessInfo.processInfo.environment["RUNBOOK_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "runbooks"
    }

    /// The valid runbooks of the library; problems are printed as warnings, not fatal.
    func load() -> [Runbook] {
        guard FileManager.default.fileExists(atPath: folder) else { return [] }
        return Library.load(paths: [folder]).runbooks
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
