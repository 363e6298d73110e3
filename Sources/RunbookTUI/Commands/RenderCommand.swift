import ArgumentParser
import RunbookGraph

/// `runbook render FILE --format markdown`: the runbook as a document.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Print a runbook as a readable Markdown document, every branch included."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case markdown }

    @Argument(
        help: ArgumentHelp("The runbook file, or its id in the library.", valueName: "runbook"),
        completion: Completions.runbooks)
    var file: String

    @Option(name: .long, help: "markdown.")
    var format: Format = .markdown

    @OptionGroup var library: LibraryOptions

    func run() throws {
        say(RunbookMarkdown(runbook: try library.runbook(file)).render())
    }
}
