import ArgumentParser

@main
struct RunbookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Walk an operations runbook as a step graph in the terminal.",
        discussion: """
            A runbook is a YAML step graph (see docs/FORMAT.md). Check a library of \
            runbooks with 'runbook validate runbooks/'.
            """,
        version: RunbookVersion.line,
        subcommands: [
            WalkCommand.self, PracticeCommand.self, ValidateCommand.self, TriageCommand.self, ResumeCommand.self,
            ExportCommand.self, ImportCommand.self, HistoryCommand.self, StatsCommand.self, AlertsCommand.self,
            CoverageCommand.self, ConfigCommand.self,
            CompletionsCommand.self,
            RenderCommand.self, GraphCommand.self, SchemaCommand.self, FrameBenchCommand.self, FloodBenchCommand.self,
            EventBenchCommand.self, StartBenchCommand.self
        ],
        defaultSubcommand: WalkCommand.self
    )
}
