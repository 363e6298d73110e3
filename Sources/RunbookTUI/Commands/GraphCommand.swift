import ArgumentParser
import RunbookGraph

/// `runbook graph FILE --format dot|mermaid`.
struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a runbook's step graph as Graphviz DOT or Mermaid.",
        discussion: "Example: runbook graph runbooks/armada-scrape-failure.yaml | dot -Tsvg > graph.svg"
    )

    @Argument(
        help: ArgumentHelp("The runbook file, or its id in the library.", valueName: "runbook"),
        completion: Completions.runbooks)
    var file: String

    @Option(name: .long, help: "dot or mermaid.")
    var format: GraphFormat = .dot

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let runbook = try library.runbook(file)
        print(GraphExport(runbook: runbook).render(format), terminator: "")
    }
}

extension GraphFormat: ExpressibleByArgument {}

/// Loads one runbook, printing its diagnostics; exits 1 when it has errors.
func loadValid(_ path: String) throws -> Runbook {
    let result = RunbookLoader().load(path: path)
    for diagnostic in result.diagnostics.sortedForDisplay() { printError(diagnostic.description) }
    guard result.isValid, let runbook = result.runbook else { throw ExitCode(1) }
    return runbook
}
