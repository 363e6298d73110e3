import Foundation
import RunbookGraph
import RunbookRuntime

/// What the event loop carries effects out with: the real processes, clipboard
/// and browser in the tool; fakes in the effect-interpreter tests, which run
/// the loop on an in-memory terminal.
struct Runtime {
    /// Runs the walk's commands (a dry run's runner shows them instead).
    var runner: any CommandRunner
    /// Runs a command with the terminal, then waits until the operator has read what it printed.
    var interactive: (CommandRequest) -> Result<RecordedResult, any Error>
    /// Returns the line for the status.
    var copy: (_ text: String, _ what: String) -> String
    var open: (_ url: String) -> String
    /// Ctrl-Z: stop as a shell job until `fg`.
    var suspend: () -> Void
    /// Stops what the commands left behind (daemons re-parented to the tool).
    var stopEscapees: () -> Void
    /// The configured Alertmanager (nil: none).
    var alertmanager: AlertmanagerClient?

    /// The real one, on the controlling terminal.
    static func system(
        runner: any CommandRunner, gracePeriod: RunDuration, alertmanager: AlertmanagerClient? = nil
    ) -> Runtime {
        Runtime(
            runner: runner, interactive: runInteractive, copy: { Clipboard.copy($0, what: $1) },
            open: { Browser.open($0) }, suspend: suspendAsJob, stopEscapees: { _ = Escapees.stop(grace: gracePeriod) },
            alertmanager: alertmanager)
    }

    static func runInteractive(_ request: CommandRequest) -> Result<RecordedResult, any Error> {
        let previous = signal(SIGINT, SIG_IGN)  // Ctrl-C belongs to the command now
        let result = Result { try InteractiveRunner.run(request, terminal: ControllingTerminal.descriptor) }
        signal(SIGINT, previous)
        // What the command printed stays on the screen until the operator has read it.
        let status =
            (try? result.get()).map { $0.exitCode.map { "exit \($0)" } ?? "ended by signal \($0.signal ?? 0)" }
            ?? "could not run"
        ControllingTerminal.waitForEnter("\r\n[runbook] \(status). Press Enter to return to the walk. ")
        return result.mapError { $0 as any Error }
    }

    /// As a shell job: the terminal as it was, stop until `fg`.
    static func suspendAsJob() {
        TerminalGuard.restore()
        let previous = signal(SIGTSTP, SIG_DFL)
        kill(getpid(), SIGTSTP)
        signal(SIGTSTP, previous)
    }
}
