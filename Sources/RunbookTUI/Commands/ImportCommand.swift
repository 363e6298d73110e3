import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook import FILE.md... [-o OUT] [--library DIR]`: Markdown runbooks
/// to step graphs, one YAML file per input, with a report of each.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Turn Markdown runbooks into step-graph runbooks.",
        discussion: """
            Writes one YAML runbook per input: next to it by default, into --library DIR, \
            or to -o (a file for one input, a folder for several, - for standard output). \
            Existing files are kept unless --force. Places that need a person's look are \
            marked with review: notes, listed in the report with their source lines.
            """
    )

    @Argument(help: "Markdown files to import.")
    var files: [String]

    @Option(name: .shortAndLong, help: ArgumentHelp("Output file, folder, or - for standard output.", valueName: "out"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Runbook folder: links to runbooks in it use their ids; without -o the imports are written there.", valueName: "dir"))
    var library: String?

    @Flag(name: .long, help: "Overwrite output files that exist.")
    var force = false

    @Flag(name: .long, help: "Print only errors and the one-line summary of each file.")
    var quiet = false

    func validate() throws {
        if output == "-", files.count > 1 { throw ValidationError("-o - writes one runbook to standard output; give one file, or -o FOLDER") }
    }

    func run() throws {
        var known: [String: String] = [:]
        if let library, FileManager.default.fileExists(atPath: library) {
            known = MarkdownImporter.knownRunbooks(in: Library.load(paths: [library]).runbooks)
        }
        // Documents imported together link to each other by their new ids.
        for file in files {
            let id = String(MarkdownImporter.outputName(file).dropLast(".yaml".count))
            known[id] = known[id] ?? id
        }
        let importer = MarkdownImporter(knownRunbooks: known)
        var written: Set<String> = []
        var failed = 0
        let toStdout = output == "-"
        func report(_ line: String) { if toStdout { printError(line) } else { print(line) } }
        for file in files {
            let result: ImportResult
            do {
                result = try importer.importFile(file)
            } catch {
                printError(error.description)
                failed += 1
                continue
            }
            if toStdout {
                print(result.yaml, terminator: "")
            } else {
                let target = destination(for: file)
                guard !written.contains(target) else {
                    printError("\(file): error: \(target) is also the output of another input; use -o FOLDER with distinct names")
                    failed += 1
                    continue
                }
                if FileManager.default.fileExists(atPath: target), !force {
                    printError("\(file): error: \(target) exists; remove it, pick another -o, or pass --force")
                    failed += 1
                    continue
                }
                do {
                    let folder = (target as NSString).deletingLastPathComponent
                    if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
                    try Data(result.yaml.utf8).write(to: URL(fileURLWithPath: target), options: .atomic)
                } catch {
                    printError("\(file): error: cannot write \(target): \(error.localizedDescription)")
                    failed += 1
                    continue
                }
                written.insert(target)
                report("\(file) -> \(target)")
            }
            report("  \(result.report.summary)")
            if !quiet {
                for review in result.report.reviews { report("  review \(review.step): \(review.note)") }
                for warning in result.report.warnings { report("  warning: \(warning)") }
            }
        }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Where the runbook for `file` goes.
    func destination(for file: String) -> String {
        let name = MarkdownImporter.outputName(file)
        if let output {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDir)
            if files.count == 1, !output.hasSuffix("/"), !(exists && isDir.boolValue) { return output }
            return (output as NSString).appendingPathComponent(name)
        }
        if let library { return (library as NSString).appendingPathComponent(name) }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name)
    }
}
