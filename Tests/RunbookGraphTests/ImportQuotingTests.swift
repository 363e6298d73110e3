import Foundation
import Testing
@testable import RunbookGraph

/// Imported commands keep the source's quotes around placeholders; walked
/// with hostile alert labels, the shell sees each value as one literal
/// argument and nothing else runs.
struct ImportQuotingTests {
    static let hostile = [
        "$(touch PWNED)", "`touch PWNED`", "x\"; touch PWNED; echo \"", "x'; touch PWNED; echo '",
        "a b\nc", "--all", "$HOME", "*"
    ]

    /// Imports `markdown`, walks its first command with `labels`, runs it with a
    /// `kubectl` that prints its arguments; returns them.
    func walkAndRun(
        _ markdown: String, labels: [String: String], overrides: [String: String] = [:]
    ) throws -> (argv: [String], folder: TemporaryFolder) {
        let result = try MarkdownImporter().importText(markdown, path: "pods.md")
        let load = RunbookLoader().load(text: result.yaml, path: "pods.yaml")
        #expect(!load.diagnostics.hasErrors, "\(load.diagnostics)\n\(result.yaml)")
        let runbook = try #require(load.runbook)
        var walker = try Walker(runbook, alert: Alert(labels: labels), overrides: overrides)
        while walker.session.step?.run == nil, let outcome = walker.session.step?.outcomes.first {
            try walker.choose(outcome.id)
        }
        let command = try #require(walker.session.suggestedCommand, "no command at \(String(describing: walker.step))")
        let folder = try TemporaryFolder()
        // A shell function, not a script on PATH: a file written while another test forks can be "text file busy".
        let script = try folder.write(
            "run.sh",
            """
            cd '\(folder.url.path)'
            kubectl() { for a in "$@"; do printf '%s\\0' "$a"; done; }
            \(command)

            """)
        let out = try runProcess("/bin/sh", [script])
        var argv = out.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        if argv.last == "" { argv.removeLast() }
        return (argv, folder)
    }

    @Test(arguments: hostile)
    func quotedPlaceholdersStayLiteral(_ value: String) throws {
        let markdown = """
            # Pod not ready

            Alert: `PodNotReady`

            ## Look at the pod

            ```sh
            kubectl get pod "$POD_NAME" -n '<ns>'
            ```
            """
        let (argv, folder) = try walkAndRun(
            markdown, labels: ["alertname": "PodNotReady"],
            overrides: ["pod_name": value, "ns": value])
        #expect(argv == ["get", "pod", value, "-n", value])
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("PWNED").path))
    }

    @Test func aPlaceholderInsideShDashCIsLeftForThePersonWithAReview() throws {
        let markdown = """
            # Pod not ready

            ## Look inside

            ```sh
            kubectl exec "$POD_NAME" -- sh -c "ls /data/$POD_NAME"
            ```
            """
        let result = try MarkdownImporter().importText(markdown, path: "pods.md")
        let load = RunbookLoader().load(text: result.yaml, path: "pods.yaml")
        #expect(!load.diagnostics.hasErrors, "\(load.diagnostics)\n\(result.yaml)")
        let command = try #require(load.runbook?.steps.compactMap(\.run).first?.command)
        #expect(command == #"kubectl exec "{{pod_name}}" -- sh -c "ls /data/$POD_NAME""#)
        #expect(result.report.reviews.contains { $0.note.contains("a value there would be read as code") })
    }

    @Test func aPlaceholderInsideCommandSubstitutionReadsTheEnvironment() throws {
        let markdown = """
            # Pod not ready

            ## Logs

            ```sh
            kubectl logs $(kubectl get pods -l app=<app> -o name | head -1)
            ```
            """
        let result = try MarkdownImporter().importText(markdown, path: "pods.md")
        let runbook = try #require(RunbookLoader().load(text: result.yaml, path: "pods.yaml").runbook, "\(result.yaml)")
        let command = try #require(runbook.steps.compactMap(\.run).first?.command)
        #expect(command == #"kubectl logs $(kubectl get pods -l app="${RUNBOOK_APP}" -o name | head -1)"#)
        // The walk asks for it as for any {{app}}, and the runner exports it.
        var walker = try Walker(runbook, alert: Alert())
        while walker.session.step?.run == nil, let outcome = walker.session.step?.outcomes.first {
            try walker.choose(outcome.id)
        }
        #expect(walker.session.missingVariables.map(\.name) == ["app"])
        try walker.set("app", "x; touch PWNED")
        let plan = try #require(walker.session.commandPlan())
        #expect(plan.environment["RUNBOOK_APP"] == "x; touch PWNED")
    }
}
