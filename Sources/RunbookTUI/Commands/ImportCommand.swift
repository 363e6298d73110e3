import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook import PATH... [-o OUT] [--library DIR]`: Markdown runbooks to
/// step graphs, one YAML file per document, with a report of each.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn Markdown runbooks into step-graph runbooks.",
        discussion: """
            Writes one YAML runbook per document: next to it by default, into --library DIR, \
            or to -o (a file for one document, a folder for several, - for standard output). \
            A folder is searched for .md files (Hugo's _index.md left out) and its layout is \
            kept under the output folder. Existing files are kept unless --force. Places that \
            need a person's look are marked with review: notes, listed with their source lines.
            """
    )

    @Argument(help: "Markdown files, or folders of them.", completion: .file(extensions: ["md", "markdown", "txt"]))
    var paths: [String]

    @Option(
        name: .shortAndLong, help: ArgumentHelp("Output file, folder, or - for standard output.", valueName: "out"),
        completion: .file())
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Runbook folder: links to runbooks in it use their ids; without -o the imports are written there.",
            valueName: "dir"))
    var library: String?

    @Flag(name: .long, help: "Overwrite output files that exist.")
    var force = false

    @Flag(name: .long, help: "Print only errors and the one-line summary of each file.")
    var quiet = false

    /// A document to import, and its folder relative to the folder it was found in.
    struct Input {
        var path: String
        var subfolder: String
        /// Found by searching a folder (so -o names a folder, never the file itself).
        var fromFolder: Bool
    }

    func run() throws {
        let inputs = Self.expand(paths)
        if inputs.isEmpty { throw RunFailure("no Markdown files in \(paths.joined(separator: " "))") }
        if output == "-", inputs.count > 1 {
            throw ValidationError("-o - writes one runbook to standard output; give one file, or -o FOLDER")
        }
        var known: [String: String] = [:]
        var libraryFiles: [String: String] = [:]  // id -> file, to keep ids unique in the library
        if let library, FileManager.default.fileExists(atPath: library) {
            let runbooks = Library.load(paths: [library]).runbooks
            known = MarkdownImporter.knownRunbooks(in: runbooks)
            for runbook in runbooks { libraryFiles[runbook.id] = runbook.path }
        }
        let importer = MarkdownImporter(knownRunbooks: known)
        var written: Set<String> = []
        var failed = 0, reviews = 0
        let toStdout = output == "-"
        func report(_ line: String) { if toStdout { printError(line) } else { say(line) } }
        for input in inputs {
            let result: ImportResult
            do {
                result = try importer.importFile(input.path)
            } catch {
                printError(error.description)
                failed += 1
                continue
            }
            if toStdout {
                print(result.yaml, terminator: "")
            } else {
                let target = destination(for: input, single: inputs.count == 1)
                if let problem = write(result, from: input, to: target, written: written, library: libraryFiles) {
                    printError(problem)
                    failed += 1
                    continue
                }
                written.insert(target)
                report("\(input.path) -> \(target)")
            }
            reviews += result.report.reviews.count
            report("  \(result.report.summary)")
            if !quiet {
                for review in result.report.reviews { report("  review \(review.step): \(review.note)") }
                for warning in result.report.warnings { report("  warning: \(warning)") }
            }
        }
        if inputs.count > 1 {
            report(
                "\(inputs.count - failed) of \(inputs.count) documents imported, \(reviews) place\(reviews == 1 ? "" : "s") to review"
                    + (failed > 0 ? ", \(failed) failed" : ""))
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Writes one imported runbook to `target`; returns why not, as an error line.
    func write(
        _ result: ImportResult, from input: Input, to target: String, written: Set<String>, library: [String: String]
    ) -> String? {
        guard !written.contains(target) else {
            return
                "\(input.path): error: \(target) is also the output of another document; import them into separate folders"
        }
        if let other = library[result.report.runbookID],
            URL(fileURLWithPath: other).standardizedFileURL != URL(fileURLWithPath: target).standardizedFileURL
        {
            return
                "\(input.path): error: the library already has a runbook '\(result.report.runbookID)' (\(other)); rename the document or import it elsewhere with -o"
        }
        if FileManager.default.fileExists(atPath: target), !force {
            return "\(input.path): error: \(target) exists; remove it, pick another -o, or pass --force"
        }
        do {
            let folder = (target as NSString).deletingLastPathComponent
            if !folder.isEmpty {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
            // A device or pipe (`-o /dev/null`, `-o /dev/stderr`) is written into, never replaced by a file.
            var info = stat()
            let special = stat(target, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG
            try Data(result.yaml.utf8).write(to: URL(fileURLWithPath: target), options: special ? [] : .atomic)
        } catch {
            return "\(input.path): error: cannot write \(target): \(FileErrorText.describe(error, path: target))"
        }
        return nil
    }

    /// Files as given; folders searched (sorted, so the order is stable) for Markdown.
    static func expand(_ paths: [String]) -> [Input] {
        var out: [Input] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
                // A missing file is reported by the import.
                out.append(Input(path: path, subfolder: "", fromFolder: false))
                continue
            }
            let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { name in
                    let file = (name as NSString).lastPathComponent
                    return [".md", ".markdown"].contains { file.lowercased().hasSuffix($0) } && file != "_index.md"
                        && !name.split(separator: "/").contains { $0.hasPrefix(".") }
                }
                .sorted()
            for name in found {
                out.append(
                    Input(
                        path: (path as NSString).appendingPathComponent(name),
                        subfolder: (name as NSString).deletingLastPathComponent, fromFolder: true))
            }
        }
        return out
    }

    /// Where the runbook for `input` goes.
    func destination(for input: Input, single: Bool) -> String {
        let name = MarkdownImporter.outputName(input.path)
        func into(_ folder: String) -> String {
            ((folder as NSString).appendingPathComponent(input.subfolder) as NSString).appendingPathComponent(name)
        }
        if let output {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDir)
            if single, !input.fromFolder, !output.hasSuffix("/"), !(exists && isDir.boolValue) { return output }
            return into(output)
        }
        if let library { return into(library) }
        let folder = (input.path as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
