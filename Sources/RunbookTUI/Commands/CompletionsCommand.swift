import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook completions bash|zsh|fish`: the shell completion script, to source
/// from a shell's startup file. argument-parser writes it from the command
/// definitions; for bash two things are added: runbook ids right after
/// `runbook` (the walk is the default command), and filename completion
/// wherever nothing else matches, so sourcing it never takes that away.
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
        help: ArgumentHelp("Print the library's runbook ids (for the script).", visibility: .hidden))
    var list: String?

    @OptionGroup var library: LibraryOptions

    func run() throws {
        if list != nil {
            for runbook in Library.load(paths: library.existingFolders).runbooks { print(runbook.id) }
            return
        }
        guard let shell else { throw ValidationError("name a shell: bash, zsh or fish") }
        let script = RunbookCommand.completionScript(for: CompletionShell(rawValue: shell.rawValue)!)
        print(shell == .bash ? Self.patchBash(script) : script, terminator: "")
    }

    /// Runbook ids beside the subcommands, and bash's default (filename) completion as the fallback.
    static func patchBash(_ script: String) -> String {
        var lines = script.components(separatedBy: "\n")
        if let offer = lines.firstIndex(where: { $0.contains("# Offer subcommand completions") }),
            offer + 1 < lines.count
        {
            lines.insert(
                #"        COMPREPLY+=($(compgen -W "$("${COMP_WORDS[0]}" completions --list x 2>/dev/null)" -- "${cur}"))"#,
                at: offer + 2)
        }
        return lines.map { line in
            line.hasPrefix("complete ") && !line.contains("-o default")
                ? line.replacingOccurrences(of: "complete ", with: "complete -o default ") : line
        }.joined(separator: "\n")
    }
}
