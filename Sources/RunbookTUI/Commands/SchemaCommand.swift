import ArgumentParser
import RunbookGraph

/// `runbook schema`: the JSON Schema of the format, for editors.
struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Print the JSON Schema (draft 2020-12) of the runbook format.",
        discussion: "For editors: e.g. '# yaml-language-server: $schema=runbook.schema.json' at the top of a runbook."
    )

    func run() throws {
        print(RunbookSchema.json)
    }
}
