import Foundation
import RunbookGraph

/// A command of the walk, running or done.
struct CommandRun: Sendable, Equatable {
    var id: Int
    var step: String
    var command: String
    var started: Date
    var finished: RecordedResult?
    var background: Bool

    var isRunning: Bool { finished == nil }
}

/// The walk's commands: the one list that the output pane, the jobs overlay,
/// the quit question and the end of the walk all read. It holds every command
/// still running, and the one whose output the pane shows (which may have
/// finished); a finished command nobody shows is dropped.
struct CommandRegistry: Equatable {
    private(set) var runs: [CommandRun] = []
    /// The command whose output the pane shows.
    private(set) var shownID: Int?

    var shown: CommandRun? { shownID.flatMap(run) }
    /// Commands kept running in the background (a port-forward), oldest first.
    var jobs: [CommandRun] { runs.filter { $0.background && $0.isRunning } }

    func run(_ id: Int) -> CommandRun? { runs.first { $0.id == id } }

    /// A command started: the pane shows it.
    mutating func start(_ run: CommandRun) {
        runs.append(run)
        shownID = run.id
        prune()
    }

    /// A result read back from the journal, shown when the walk returns to its step.
    mutating func show(finished run: CommandRun) {
        runs.removeAll { $0.id == run.id }
        runs.append(run)
        shownID = run.id
        prune()
    }

    /// The pane is cleared (a new step); running commands stay registered.
    mutating func hideShown() {
        shownID = nil
        prune()
    }

    mutating func finish(_ id: Int, _ result: RecordedResult) {
        guard let index = runs.firstIndex(where: { $0.id == id }) else { return }
        runs[index].finished = result
        prune()
    }

    /// Keeps a running command going while the walk moves on.
    mutating func sendToBackground(_ id: Int) {
        guard let index = runs.firstIndex(where: { $0.id == id }) else { return }
        runs[index].background = true
    }

    /// It never started (the runtime could not run it).
    mutating func forget(_ id: Int) {
        runs.removeAll { $0.id == id }
        if shownID == id { shownID = nil }
    }

    private mutating func prune() {
        runs.removeAll { !$0.isRunning && $0.id != shownID }
    }
}
