import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook coverage RULES...`: does every alert a team pages on have a runbook?
struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "Check Prometheus alerting rules against the library's match: rules.",
        discussion: """
            Reports alerts no runbook matches, runbooks that match no alert, and runbook_url \
            annotations that point at no runbook of the library. A runbook_url points at a \
            runbook when it is the runbook's source:, or when its last path part or its \
            #fragment is the runbook's id or file name (case, punctuation and extension aside). \
            Exits 1 on any gap (for CI), 2 when a rule file cannot be read.
            """
    )

    @Argument(help: "Prometheus rule files (groups: of rules:), or PrometheusRule manifests.", completion: .file())
    var rules: [String]

    @OptionGroup var library: LibraryOptions

    @Flag(name: .long, help: "Print JSON instead of a report.")
    var json = false

    func run() throws {
        var all: [AlertRule] = []
        var broken = false
        for path in rules {
            let (found, problems) = RuleFile.alertRules(try readInput(path), path: path)
            for problem in problems.sortedForDisplay() { printError(problem.description) }
            broken = broken || problems.hasErrors
            all += found
        }
        if broken { throw ExitCode(2) }
        let coverage = Coverage(rules: all, library: library.load())
        if json {
            print(Self.json(coverage))
        } else {
            report(coverage, rules: all.count)
        }
        if coverage.hasGaps { throw ExitCode(1) }
    }

    private func report(_ coverage: Coverage, rules: Int) {
        say("\(coverage.covered.count) of \(rules) alerting rules have a runbook.")
        if !coverage.uncovered.isEmpty {
            say("\nAlerts no runbook matches:")
            for rule in coverage.uncovered { say("  \(rule.location): \(rule.name)") }
        }
        if !coverage.unused.isEmpty {
            say("\nRunbooks that match none of these alerts:")
            for (runbook, hasMatch) in coverage.unused {
                say("  \(runbook.path): \(runbook.id)" + (hasMatch ? "" : " (it has no match: rules)"))
            }
        }
        if !coverage.brokenLinks.isEmpty {
            say("\nrunbook_url annotations that point at no runbook of the library:")
            for link in coverage.brokenLinks { say("  \(link.rule.location): \(link.rule.name): \(link.url)") }
        }
    }

    static func json(_ coverage: Coverage) -> String {
        struct Rule: Encodable {
            var alert: String
            var file: String
            var line: Int
            var runbooks: [String]?
            var url: String?
        }
        struct Unused: Encodable {
            var runbook: String
            var path: String
            var hasMatch: Bool
        }
        struct Out: Encodable {
            var covered: [Rule]
            var uncovered: [Rule]
            var unusedRunbooks: [Unused]
            var brokenRunbookURLs: [Rule]
        }
        func rule(_ r: AlertRule, runbooks: [String]? = nil, url: String? = nil) -> Rule {
            Rule(alert: r.name, file: r.location.file, line: r.location.line, runbooks: runbooks, url: url)
        }
        let out = Out(
            covered: coverage.covered.map { rule($0.rule, runbooks: $0.runbooks) },
            uncovered: coverage.uncovered.map { rule($0) },
            unusedRunbooks: coverage.unused.map {
                Unused(runbook: $0.runbook.id, path: $0.runbook.path, hasMatch: $0.hasMatch)
            },
            brokenRunbookURLs: coverage.brokenLinks.map { rule($0.rule, url: $0.url) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(out)) ?? Data(), as: UTF8.self)
    }
}
