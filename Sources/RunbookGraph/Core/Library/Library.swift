import Foundation

/// Every runbook found under some paths, checked on its own and together:
/// unique ids, links to runbooks that exist.
public struct Library: Sendable {
    public var results: [LoadResult]
    /// Problems of the whole set (duplicate ids, empty folders, link targets).
    public var diagnostics: [Diagnostic]

    public var runbooks: [Runbook] { results.compactMap { $0.isValid ? $0.runbook : nil } }
    public var scenarios: [Scenario] { results.compactMap { $0.isValid ? $0.scenario : nil } }

    public var allDiagnostics: [Diagnostic] {
        (results.flatMap(\.diagnostics) + diagnostics).sortedForDisplay()
    }

    public func runbook(id: String) -> Runbook? {
        runbooks.first { $0.id == id }
    }

    /// Loads the files named and every `*.yaml` / `*.yml` under the folders named.
    /// A scenario whose runbook is not among them finds it in `contextFolders` (and
    /// in the folder above the scenario's own, where a library keeps `practice/`);
    /// those runbooks are only looked up, not reported.
    public static func load(
        paths: [String], loader: RunbookLoader = RunbookLoader(), contextFolders: [String] = []
    ) -> Library {
        var results: [LoadResult] = []
        var diagnostics: [Diagnostic] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                let files = runbookFiles(under: path)
                if files.isEmpty {
                    diagnostics.append(
                        .error(
                            .file(path), "no runbooks here: a runbook is a .yaml or .yml file (or a Markdown page, .md)"
                        ))
                }
                results += loadAll(files, loader: loader)
                for link in danglingLinks(under: path) {
                    let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: link)) ?? "?"
                    diagnostics.append(
                        .warning(.file(link), "a symbolic link to \(target), which does not exist: skipped"))
                }
            } else {
                results.append(loader.load(path: path))
            }
        }
        var runbooks = results.compactMap { $0.isValid ? $0.runbook : nil }
        let scenarios = results.filter { $0.scenarioRoot != nil }
        if !scenarios.isEmpty {
            let loaded = Set(results.map(\.path))
            let parents = scenarios.map {
                (($0.path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
            }
            var seen = Set<String>()
            for folder in contextFolders + parents where FileManager.default.fileExists(atPath: folder) {
                for file in runbookFiles(under: folder) where !loaded.contains(file) && seen.insert(file).inserted {
                    if let runbook = loader.load(path: file).runbook, !runbooks.contains(where: { $0.id == runbook.id })
                    {
                        runbooks.append(runbook)
                    }
                }
            }
        }
        results = results.map { $0.scenarioRoot == nil ? $0 : RunbookLoader.scenario($0, runbooks: runbooks) }
        var library = Library(results: results, diagnostics: diagnostics)
        library.diagnostics += library.crossChecks()
        return library
    }

    /// Loads `files` on every core, in their order: each file is parsed and
    /// validated on its own, so a big library loads in a fraction of the time.
    public static func loadAll(_ files: [String], loader: RunbookLoader) -> [LoadResult] {
        guard files.count > 1 else { return files.map { loader.load(path: $0) } }
        return ParallelSlots.each(files.count) { loader.load(path: files[$0]) }
    }

    /// Markdown files of a folder that are about the folder, not runbooks.
    static let notRunbooks: Set<String> = [
        "readme.md", "changelog.md", "contributing.md", "license.md", "code_of_conduct.md", "_index.md", "index.md",
        "security.md"
    ]

    /// The runbook files below `folder` (YAML, and Markdown walked as imported), sorted, hidden entries skipped.
    /// A linked file counts; a linked folder is not entered (a link may loop).
    ///
    /// readdir, not FileManager's enumerator: its type of each entry spares a
    /// stat per file, and the walk was most of a warm start of a big library.
    public static func runbookFiles(under folder: String) -> [String] {
        var files: [String] = []
        collectRunbookFiles(in: folder, into: &files)
        return files.sorted()
    }

    private static func collectRunbookFiles(in folder: String, into files: inout [String]) {
        guard let dir = opendir(folder) else { return }
        var entries: [(name: String, type: Int)] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }  // hidden, and . and ..
            entries.append((name, Int(entry.pointee.d_type)))
        }
        closedir(dir)
        let names = Set(entries.map(\.name))
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        for (name, type) in entries {
            let full = prefix + name
            if type == Int(DT_DIR) || (type == Int(DT_UNKNOWN) && isRealFolder(full)) {
                collectRunbookFiles(in: full, into: &files)
                continue
            }
            let markdown = RunbookLoader.isMarkdown(name) && !notRunbooks.contains(name.lowercased())
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") || markdown else { continue }
            // A Markdown page next to its own import is the import's source, not a second runbook.
            let stem = (name as NSString).deletingPathExtension
            if markdown, names.contains(stem + ".yaml") || names.contains(stem + ".yml") { continue }
            // A link counts when it leads to a file (a dangling one is reported elsewhere).
            if type == Int(DT_LNK) || type == Int(DT_UNKNOWN) {
                var info = stat()
                guard stat(full, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
            } else if type != Int(DT_REG) {
                continue
            }
            files.append(full)
        }
    }

    /// A folder, not a link to one.
    private static func isRealFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// `.yaml` symbolic links below `folder` whose target is missing.
    static func danglingLinks(under folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var links: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { walker.skipDescendants(); continue }
            guard name.hasSuffix(".yaml") || name.hasSuffix(".yml") else { continue }
            let full = (folder as NSString).appendingPathComponent(relative)
            var info = stat()
            if lstat(full, &info) == 0, info.st_mode & S_IFMT == S_IFLNK, !FileManager.default.fileExists(atPath: full)
            {
                links.append(full)
            }
        }
        return links.sorted()
    }

    /// Problems that only show when runbooks are seen together.
    func crossChecks() -> [Diagnostic] {
        var out: [Diagnostic] = []
        var firstByID: [String: Runbook] = [:]
        let loaded = results.compactMap(\.runbook)
        for runbook in loaded {
            if let first = firstByID[runbook.id] {
                out.append(
                    .error(
                        runbook.location,
                        "runbook id '\(runbook.id)' is already used by \(first.path):\(first.location.line)"))
            } else {
                firstByID[runbook.id] = runbook
            }
        }
        for runbook in loaded {
            for step in runbook.steps {
                for outcome in step.outcomes {
                    guard case .link(let link) = outcome.next, let target = link.runbook, firstByID[target] == nil,
                        link.url == nil
                    else { continue }
                    out.append(
                        .warning(
                            link.location,
                            "link to runbook '\(target)', which is not in the library and has no 'url': the operator will have nothing to follow\(Suggestion.hint(for: target, in: firstByID.keys))"
                        ))
                }
            }
            // A time-box that escalates to a runbook of the library names one that is there.
            let boxes = [runbook.timebox].compactMap { $0 } + runbook.steps.compactMap(\.timebox)
            for box in boxes {
                guard let target = box.runbook, firstByID[target] == nil else { continue }
                out.append(
                    .warning(
                        box.location,
                        "the time-box escalates to runbook '\(target)', which is not in the library\(Suggestion.hint(for: target, in: firstByID.keys))"
                    ))
            }
        }
        return out
    }
}
