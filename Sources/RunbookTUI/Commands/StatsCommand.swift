import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook stats RUNBOOK`: where a runbook is slow or wrong, from its past walks.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract:
            "For each step of a runbook: how often it was reached, its median and 90th-percentile time, the outcomes taken, and the suggestions overridden.",
        discussion: "From the incident walks of the journal folders (as runbook history reads them)."
    )

    @Argument(help: "A runbook id (or file).", completion: Completions.runbooks)
    var runbook: String

    @Flag(name: .long, help: "Print JSON instead of a table.")
    var json = false

    @OptionGroup var library: LibraryOptions

    func run() throws {
        let runbook = try library.runbook(self.runbook)
        let (history, walks) = HistoryCommand.walks(runbook: runbook.id, all: false, library: library)
        let stats = WalkStats(runbook: runbook, walks: walks)
        if json {
            print(Self.json(stats, runbook: runbook.id))
            return
        }
        say("\(runbook.id): \(stats.walks) walk\(stats.walks == 1 ? "" : "s")")
        guard !stats.steps.isEmpty else { return }
        let width = max(4, stats.steps.map(\.step.count).max() ?? 0)
        say("")
        say("step".padding(toLength: width, withPad: " ", startingAt: 0) + "  reached  median     p90  outcomes")
        for step in stats.steps {
            let outcomes = step.outcomes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                .map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            say(
                step.step.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + String(step.reached).leftPadded(7) + "  " + Self.time(step.median).leftPadded(6) + "  "
                    + Self.time(step.p90).leftPadded(6) + "  " + outcomes)
        }
        let overrides = stats.steps.filter { !$0.overrides.isEmpty }
        if !overrides.isEmpty {
            say("\nSuggestions the operators overrode (suggested → chosen):")
            for step in overrides {
                for (change, n) in step.overrides.sorted(by: {
                    $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
                }) {
                    say("  \(step.step): \(change), \(n) time\(n == 1 ? "" : "s")")
                }
            }
        }
        if !history.skipped.isEmpty { say("\n\(history.skipped.count) journals left out: damaged or torn.") }
    }

    static func time(_ seconds: Double) -> String { RunDuration(milliseconds: Int64(seconds * 1000)).humanized }

    static func json(_ stats: WalkStats, runbook: String) -> String {
        struct Step: Encodable {
            var step: String
            var reached: Int
            var medianSeconds, p90Seconds: Double
            var outcomes: [String: Int]
            var overrides: [String: Int]
        }
        struct Out: Encodable {
            var runbook: String
            var walks: Int
            var steps: [Step]
        }
        let out = Out(
            runbook: runbook, walks: stats.walks,
            steps: stats.steps.map {
                Step(
                    step: $0.step, reached: $0.reached, medianSeconds: $0.median, p90Seconds: $0.p90,
                    outcomes: $0.outcomes, overrides: $0.overrides)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(out)) ?? Data(), as: UTF8.self)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
