import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// What the shell completes where a command takes a runbook, a scenario or a
/// journal: the ids the library holds and, as everywhere, file paths (so that
/// sourcing the completions never takes filename completion away).
enum Completions {
    /// Runbook ids of the library named on the command line (else RUNBOOK_PATH, else ./runbooks), and files.
    static let runbooks = CompletionKind.custom { words, _, prefix in
        library(words).cards.map(\.id).filter { $0.hasPrefix(prefix) } + paths(prefix)
    }

    static let scenarios = CompletionKind.custom { words, _, prefix in
        library(words).scenarioCards.map(\.id).filter { $0.hasPrefix(prefix) } + paths(prefix)
    }

    /// Journals of the state folder, and files.
    static let journals = CompletionKind.custom { _, _, prefix in
        let folder = ConfigFile.journalFolder().value
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let journals = names.filter { $0.hasSuffix(".jsonl") }.map { "\(folder)/\($0)" }.filter { $0.hasPrefix(prefix) }
        return journals.sorted() + paths(prefix)
    }

    /// The library folders the words name, as the command would read them,
    /// through the library index: a Tab press must not parse a thousand runbooks.
    static func library(_ words: [String]) -> LibraryCatalog {
        var folders: [String] = []
        for (i, word) in words.enumerated() {
            if word == "--library", i + 1 < words.count { folders.append(words[i + 1]) }
            if word.hasPrefix("--library=") { folders.append(String(word.dropFirst("--library=".count))) }
        }
        if folders.isEmpty {
            let path = ProcessInfo.processInfo.environment["RUNBOOK_PATH"] ?? ""
            folders = path.split(separator: ":").map(String.init)
        }
        if folders.isEmpty { folders = ["runbooks"] }
        return LibraryIndex.catalog(
            paths: folders.filter { FileManager.default.fileExists(atPath: $0) }, index: LibraryIndex.defaultPath())
    }

    /// Files and folders that start with `prefix` (folders end in `/`, so completing goes on into them).
    static func paths(_ prefix: String) -> [String] {
        let expanded = prefix.hasPrefix("~/") ? NSHomeDirectory() + prefix.dropFirst() : prefix
        let slash = expanded.lastIndex(of: "/")
        let folder = slash.map { String(expanded[...$0]) } ?? ""
        let start = slash.map { String(expanded[expanded.index(after: $0)...]) } ?? expanded
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return names.filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map {
            name in
            var isFolder: ObjCBool = false
            let path = folder + name
            _ = FileManager.default.fileExists(atPath: path, isDirectory: &isFolder)
            let shown = prefix.hasPrefix("~/") ? "~/" + path.dropFirst(NSHomeDirectory().count + 1) : path
            return isFolder.boolValue ? shown + "/" : shown
        }
    }
}
