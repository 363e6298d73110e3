import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime
import TestSupport

/// Every command that prints for a person: no hostile byte reaches the terminal raw;
/// JSON stays exact.
struct SanitisedCommandLineTests {
    var binary: String { Paths.binary }
    static let hostile = HostileText.samples.joined(separator: " | ")

    func fixture() throws -> (TemporaryFolder, library: String, journal: String, alert: String) {
        let folder = try TemporaryFolder()
        let library = folder.url.appendingPathComponent("library").path
        let runbookText = """
            runbook: hostile
            title: Pod down
            match: { label: { alertname: PodDown } }
            variables:
              pod: { from: alert.pod }
            start: look
            steps:
              look:
                title: Look at the pod
                run: 'kubectl get pod {{pod}}'
                next: done
              done: { title: Done, end: resolved }
            """
        _ = try folder.write("library/hostile.yaml", runbookText)
        let alertText = "Pod down \(Self.hostile)\nLabels:\n- alertname = PodDown\n- pod = \(Self.hostile)\n"
        let alert = try folder.write("alert.txt", alertText)
        let runbook = try #require(RunbookLoader().load(text: runbookText, path: "\(library)/hostile.yaml").runbook)
        let journal = folder.url.appendingPathComponent("walk.jsonl").path
        var w = try Walker(runbook, alert: AlertParser.parse(alertText), journal: try JournalWriter(path: journal))
        try w.run(output: "out \(Self.hostile)\n")
        try w.addNote("note \(Self.hostile)")
        return (folder, library, journal, alert)
    }

    @Test func triageResumeAndMarkdownExportPrintNothingRaw() throws {
        let (folder, library, journal, alert) = try fixture()
        let runs: [(String, [String])] = [
            ("triage", ["triage", alert, "--library", library]),
            ("resume --status", ["resume", journal, "--status", "--library", library]),
            ("export markdown", ["export", journal, "--format", "markdown", "--library", library]),
            ("validate", ["validate", library])
        ]
        for (name, arguments) in runs {
            let result = try runProcess(binary, arguments)
            #expect(result.status == 0, "\(name): \(result.stderr)")
            #expect(
                HostileText.raw(in: result.stdout).isEmpty, "\(name) printed raw: \(HostileText.raw(in: result.stdout))"
            )
            #expect(HostileText.raw(in: result.stderr).isEmpty, "\(name) wrote raw to stderr")
        }
        let triage = try runProcess(binary, ["triage", alert, "--library", library])
        #expect(
            triage.stdout.contains(#"osc52 \e]52;c;cm0gLXJmIC8K\x07"#), "escapes are shown, visibly: \(triage.stdout)")

        let file = folder.url.appendingPathComponent("t.md").path
        _ = try runProcess(binary, ["export", journal, "--format", "markdown", "-o", file, "--library", library])
        let written = try String(contentsOfFile: file, encoding: .utf8)
        #expect(HostileText.raw(in: written).isEmpty)
        #expect(written.contains("out osc0 \\e]0;pwned title\\x07"))
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600, "transcripts are private to their owner")
    }

    @Test func jsonExportStaysExact() throws {
        let (folder, library, journal, _) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let result = try runProcess(
            binary, ["export", journal, "--format", "json", "--no-redact", "--library", library])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let notes = object?["notes"] as? [[String: Any]]
        #expect(notes?.first?["text"] as? String == "note \(Self.hostile)")
    }
}

/// Transcripts are private, and the UI's export never replaces one.
struct ExportFileTests {
    @Test func privateAndNeverOverwrittenUnlessAsked() throws {
        let folder = try TemporaryFolder()
        let path = folder.url.appendingPathComponent("walk.md").path
        #expect(try ExportFile.write("first", to: path, replace: false) == path)
        let second = try ExportFile.write("second", to: path, replace: false)
        #expect(second == folder.url.appendingPathComponent("walk-2.md").path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "first")
        #expect(try String(contentsOfFile: second, encoding: .utf8) == "second")
        // Asked to replace (export -o): a file that was world-readable becomes private too.
        chmod(path, 0o644)
        try ExportFile.write("third", to: path, replace: true)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third")
        for file in [path, second] {
            #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        }
    }
}
