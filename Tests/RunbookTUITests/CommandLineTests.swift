import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime
import TestSupport

/// The built `runbook` binary, as a user runs it.
struct CommandLineTests {
    /// A problem met while running says the system's reason and exits 1, without the
    /// usage block; a mistyped command line keeps its usage and exit status 64.
    @Test func runtimeErrorsExitOneWithoutUsage() throws {
        let missing = "/nonexistent-\(UUID().uuidString)"
        for arguments in [
            ["--alert", missing], ["resume", missing], ["export", missing, "--format", "json"], [missing + ".yaml"],
            ["triage", missing]
        ] {
            let result = try runProcess(Paths.binary, arguments)
            #expect(result.status == 1, "\(arguments): \(result.status)")
            #expect(result.stderr.lowercased().contains("no such file"), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Usage:"), "\(arguments): \(result.stderr)")
        }
        let folder = try runProcess(Paths.binary, ["resume", NSTemporaryDirectory()])
        #expect(folder.status == 1 && folder.stderr.contains("is a folder"))
        let typo = try runProcess(Paths.binary, ["--bogus"])
        #expect(typo.status == 64 && typo.stderr.contains("Usage:"))
    }

    @Test func validateBundledLibraryExitsZeroWithSummary() throws {
        let result = try runProcess(Paths.binary, ["validate", Paths.runbooks.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("armada-scrape-failure: 35 steps (14 commands, 9 links, 7 ends), 14 variables"))
        #expect(result.stderr.isEmpty)
    }

    @Test func validateReportsEveryProblemCompilerStyleAndExitsOne() throws {
        let file = Paths.fixtures.appendingPathComponent("invalid/43-many-problems-at-once.yaml").path
        let result = try runProcess(Paths.binary, ["validate", file])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(
            lines.first
                == "\(file):7:21: error: undefined variable 'host' in the command of step 'a'; define it under 'variables:'"
        )
        #expect(result.stdout.hasSuffix("1 file: 5 errors, 0 warnings\n"))
    }

    @Test func warningsAloneDoNotFail() throws {
        let file = Paths.fixtures.appendingPathComponent("invalid/40-security-lint.yaml").path
        let result = try runProcess(Paths.binary, ["validate", file])
        #expect(result.status == 0)
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.contains(": warning: ") })
    }

    @Test func schemaCommandPrintsTheSchema() throws {
        let result = try runProcess(Paths.binary, ["schema"])
        #expect(result.status == 0)
        #expect(result.stdout == RunbookSchema.json + "\n")
    }

    @Test func graphCommandPrintsMermaid() throws {
        let result = try runProcess(Paths.binary, ["graph", Paths.seed, "--format", "mermaid"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("flowchart TD\n"))
    }

    @Test func graphOfAnInvalidRunbookFails() throws {
        let file = Paths.fixtures.appendingPathComponent("invalid/12-next-to-missing-step.yaml").path
        let result = try runProcess(Paths.binary, ["graph", file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("12-next-to-missing-step.yaml:5:24: error: step 'a' leads to 'dnoe'"))
    }
}

/// triage, resume, export and render through the binary.
struct SessionCommandLineTests {
    let seed = try! #require(RunbookLoader().load(path: Paths.seed).runbook)
    var binary: String { Paths.binary }

    @Test func triageFromStandardInputRanksTheSeed() throws {
        let result = try runProcess(
            binary, ["triage", "-", "--library", Paths.runbooks.path, "--set", "calico_ns=kube-system"],
            stdin: SeedAlert.body)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("1. armada-scrape-failure: Handle a Prometheus scrape-failure alert"))
        #expect(result.stdout.contains("   worker_ip = 10.176.31.239  (alert)"))
        #expect(result.stdout.contains("   calico_ns = kube-system  (set)"))
        #expect(result.stdout.contains("   still needed: carrier, carrier_no, pid, vyatta_host, cse_ip"))
        #expect(result.stdout.contains("   read from command output during the walk: port, target_pod"))
    }

    @Test func triageOfAnUnrelatedAlertFindsNothing() throws {
        let result = try runProcess(
            binary, ["triage", "-", "--library", Paths.runbooks.path], stdin: "disk full on db-01\n")
        #expect(result.status == 1)
        #expect(result.stdout.contains("No runbook in \(Paths.runbooks.path) matches this alert."))
    }

    @Test func resumeAndExportAJournal() throws {
        let dir = try TemporaryFolder()
        let journal = dir.url.appendingPathComponent("walk.jsonl").path
        var w = try Walker(seed, alert: AlertParser.parse(SeedAlert.title), journal: try JournalWriter(path: journal))
        try w.choose("other-service")
        try w.addNote("token=abc123secret seen in logs")
        let resume = try runProcess(binary, ["resume", journal, "--library", Paths.runbooks.path])
        #expect(resume.status == 0, "\(resume.stderr)")
        #expect(resume.stdout.contains("Now at: Is the carrier a tugboat? [tugboat]"))
        #expect(resume.stdout.contains("Operators: alice"))
        let out = dir.url.appendingPathComponent("transcript.md").path
        let export = try runProcess(
            binary, ["export", journal, "--format", "markdown", "-o", out, "--library", Paths.runbooks.path])
        #expect(export.status == 0, "\(export.stderr)")
        let markdown = try String(contentsOfFile: out, encoding: .utf8)
        #expect(markdown.hasPrefix("# Incident transcript: Handle a Prometheus scrape-failure alert"))
        #expect(markdown.contains("| Ended | not yet: the walk is still open |"))
        #expect(markdown.contains("token=[REDACTED]"))
        let json = try runProcess(
            binary, ["export", journal, "--format", "json", "--no-redact", "--library", Paths.runbooks.path])
        #expect(json.stdout.contains("token=abc123secret"))
    }

    /// `runbook resume` alone lists the open walks of the state folder, newest first;
    /// `--last` resumes the newest; an ended walk is not listed.
    @Test func resumeWithoutAJournalListsOpenWalks() throws {
        let dir = try TemporaryFolder()
        let folder = dir.url.appendingPathComponent("runbook").path
        let env = ["XDG_STATE_HOME": dir.url.path]
        let empty = try runProcess(binary, ["resume"], environment: env)
        #expect(empty.status == 0 && empty.stdout.contains("No open walks"))
        var paths: [String] = []
        for (i, name) in ["older", "newer", "ended"].enumerated() {
            let path = "\(folder)/\(name).jsonl"
            var w = try Walker(seed, alert: AlertParser.parse(SeedAlert.title), journal: try JournalWriter(path: path))
            try w.choose("other-service")
            if name == "ended" { _ = try w.record(.ended(status: .escalated, to: "x")) }
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSinceNow: Double(i * 60 - 600))], ofItemAtPath: path)
            paths.append(path)
        }
        let list = try runProcess(binary, ["resume"], environment: env)
        #expect(list.status == 0, "\(list.stderr)")
        let newer = try #require(list.stdout.range(of: "newer.jsonl")),
            older = try #require(list.stdout.range(of: "older.jsonl"))
        #expect(newer.lowerBound < older.lowerBound, "newest first:\n\(list.stdout)")
        #expect(!list.stdout.contains("ended.jsonl"))
        let last = try runProcess(
            binary, ["resume", "--last", "--status", "--library", Paths.runbooks.path], environment: env)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stdout.contains("Export: runbook export \(paths[1])"))
    }

    /// A library id works where a file does; the library can span several folders
    /// (`--library` repeated, or `RUNBOOK_PATH` with colons); a scenario validates alone.
    @Test func libraryIDsAndSeveralLibraryFolders() throws {
        let graph = try runProcess(
            binary, ["graph", "armada-scrape-failure", "--format", "mermaid", "--library", Paths.runbooks.path])
        #expect(graph.status == 0 && graph.stdout.hasPrefix("flowchart"), "\(graph.stderr)")
        let render = try runProcess(binary, ["render", "armada-scrape-failure", "--library", Paths.runbooks.path])
        #expect(render.status == 0 && render.stdout.contains("# Handle a Prometheus scrape-failure alert"))
        let dir = try TemporaryFolder()
        let other = dir.url.appendingPathComponent("team-b")
        try FileManager.default.createDirectory(at: other, withIntermediateDirectories: true)
        try """
        runbook: disk-full
        title: Disk full
        match: { alert_contains: disk full }
        start: look
        steps:
          look: { title: Look, next: done }
          done: { title: Done, end: resolved }
        """.write(to: other.appendingPathComponent("disk-full.yaml"), atomically: true, encoding: .utf8)
        let alert = "disk full on db-01\n"
        let repeated = try runProcess(
            binary, ["triage", "-", "--library", Paths.runbooks.path, "--library", other.path], stdin: alert)
        #expect(repeated.stdout.contains("disk-full"), "\(repeated.stdout)\(repeated.stderr)")
        let viaPath = try runProcess(
            binary, ["render", "disk-full"], environment: ["RUNBOOK_PATH": "\(Paths.runbooks.path):\(other.path)"])
        #expect(viaPath.status == 0 && viaPath.stdout.contains("# Disk full"), "\(viaPath.stderr)")
        let scenario = try runProcess(
            binary, ["validate", Paths.runbooks.appendingPathComponent("practice/tugboat.yaml").path])
        #expect(scenario.status == 0, "\(scenario.stderr)")
    }

    /// A runbook with an error is left out of the library, and said so on standard error.
    @Test func aBrokenRunbookIsNeverDroppedSilently() throws {
        let dir = try TemporaryFolder()
        try "runbook: broken\ntitle: Broken\nstart: a\nstpes: {}\n".write(
            to: dir.url.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let result = try runProcess(
            binary, ["triage", "-", "--library", Paths.runbooks.path, "--library", dir.url.path], stdin: "disk full\n")
        #expect(
            result.stderr.contains("warning: left out of the library: ") && result.stderr.contains("broken.yaml"),
            "\(result.stderr)")
    }

    @Test func tornJournalResumesWithAWarning() throws {
        let dir = try TemporaryFolder()
        let journal = dir.url.appendingPathComponent("walk.jsonl").path
        var w = try Walker(seed, alert: AlertParser.parse(SeedAlert.title), journal: try JournalWriter(path: journal))
        try w.choose("other-service")
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"at":"2026-11-25T03:0"#.utf8))
        try handle.close()
        let resume = try runProcess(binary, ["resume", journal, "--library", Paths.runbooks.path])
        #expect(resume.status == 0)
        #expect(resume.stderr.contains("warning: \(journal): the last line was incomplete"))
        #expect(resume.stdout.contains("Now at: Is the carrier a tugboat? [tugboat]"))
    }

    @Test func resumeOfAMissingJournalFails() throws {
        let result = try runProcess(binary, ["resume", "/nonexistent/walk.jsonl"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: /nonexistent/walk.jsonl: cannot read the journal"))
    }

    @Test func renderPrintsMarkdown() throws {
        let result = try runProcess(binary, ["render", Paths.seed, "--format", "markdown"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("# Handle a Prometheus scrape-failure alert\n"))
        #expect(result.stdout.contains("### 4. Verify calico-node is running on the worker"))
    }
}
