import ArgumentParser
import RunbookGraph

/// `runbook validate PATH...`: compiler-style diagnostics, exit 1 on errors.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check runbooks and print every problem as path:line:column.",
        discussion:
            "Folders are searched for .yaml and .yml files. Exits 1 when any error is found; warnings alone exit 0."
    )

    @Argument(help: "Runbook files or folders.", completion: .file())
    var paths: [String] = ["runbooks"]

    @Flag(name: .long, help: "Print only the diagnostics, no summary lines.")
    var quiet = false

    @OptionGroup var library: LibraryOptions

    func run() throws {
        // A scenario given alone finds the runbook it practises in the library.
        let library = Library.load(paths: paths, contextFolders: self.library.existingFolders)
        let diagnostics = library.allDiagnostics
        for diagnostic in diagnostics {
            printError(diagnostic.description)
        }
        if !quiet {
            for result in library.results {
                guard result.isValid else { continue }
                if let runbook = result.runbook {
                    say(Summary.line(runbook, warnings: result.diagnostics.warnings.count))
                }
                if let s = result.scenario {
                    say(
                        "ok  \(s.path)  scenario \(s.id) of \(s.runbook): \(s.expectedPath.count) steps expected, \(s.recordings.count + s.commands.count) recordings"
                    )
                }
            }
            let errors = diagnostics.errors.count, warnings = diagnostics.warnings.count
            let files = library.results.count
            say(
                "\(files) file\(files == 1 ? "" : "s"): \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
            )
        }
        if diagnostics.hasErrors { throw ExitCode(1) }
    }
}

enum Summary {
    /// `ok  runbooks/x.yaml  armada-scrape-failure: 31 steps (12 commands, 6 ends), 5 variables`
    static func line(_ runbook: Runbook, warnings: Int) -> String {
        let commands = runbook.steps.filter { $0.run != nil }.count
        let ends = runbook.steps.filter { $0.end != nil }.count
        let links = runbook.steps.reduce(0) { n, step in
            n + step.outcomes.filter { if case .link = $0.next { true } else { false } }.count
        }
        var text =
            "ok  \(runbook.path)  \(runbook.id): \(runbook.steps.count) steps (\(commands) commands, \(links) links, \(ends) ends), \(runbook.variables.count) variables"
        if warnings > 0 { text += ", \(warnings) warning\(warnings == 1 ? "" : "s")" }
        return text
    }
}
