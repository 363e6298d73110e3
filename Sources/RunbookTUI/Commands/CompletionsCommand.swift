import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook completions bash|zsh|fish`: the shell completion script, to source
/// from a shell's startup file. argument-parser writes it from the command
/// definitions; for bash two things are added: runbook ids right after
/// `runbook` and scenario ids after `runbook practice` (the walks are the
/// default subcommands), and filename completion wherever nothing else
/// matches, so sourcing it never takes that away.
struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print the shell completion script (bash, zsh or fish).",
        discussion: """
            bash: runbook completions bash > ~/.local/share/bash-completion/completions/runbook
            zsh:  runbook completions zsh > "${fpath[1]}/_runbook"
            fish: runbook completions fish > ~/.config/fish/completions/runbook.fish
            """
    )

    enum Shell: String, ExpressibleByArgument, CaseIterable { case bash, zsh, fish }

    @Argument(help: "bash, zsh or fish.")
    var shell: Shell?

    @Option(
        name: .customLong("list"),
        help: ArgumentHelp("Print the library's runbook or scenario ids (for the script).", visibility: .hidden))
    var list: String?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        if let list {
            let catalog = LibraryIndex.catalog(paths: library.existingFolders, index: LibraryIndex.defaultPath())
            for id in (list == "scenarios" ? catalog.scenarioCards : catalog.cards).map(\.id) { print(id) }
            return
        }
        guard let shell else { throw ValidationError("name a shell: bash, zsh or fish") }
        let script = RunbookCommand.completionScript(for: CompletionShell(rawValue: shell.rawValue)!)
        print(shell == .bash ? Self.patchBash(script) : script, terminator: "")
    }

    /// Runbook ids beside `runbook`'s subcommands and scenario ids beside `practice`'s,
    /// and bash's default (filename) completion as the fallback.
    static func patchBash(_ script: String) -> String {
        var lines = script.components(separatedBy: "\n")
        let ids = ["_runbook() {": "runbooks", "_runbook_practice() {": "scenarios"]
        var function = ""
        var i = 0
        while i < lines.count {
            if lines[i].hasPrefix("_runbook") && lines[i].hasSuffix("() {") { function = lines[i] }
            if lines[i].contains("# Offer subcommand completions"), let kind = ids[function], i + 1 < lines.count {
                lines.insert(
                    #"        COMPREPLY+=($(compgen -W "$("${COMP_WORDS[0]}" completions --list "#
                        + kind + #" 2>/dev/null)" -- "${cur}"))"#, at: i + 2)
            }
            i += 1
        }
        return lines.map { line in
            line.hasPrefix("complete ") && !line.contains("-o default")
                ? line.replacingOccurrences(of: "complete ", with: "complete -o default ") : line
        }.joined(separator: "\n")
    }
}
