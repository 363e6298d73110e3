import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime

/// Issue 20 (10): validate reports every problem in one run, at its place,
/// in its own words.
struct ValidateEverythingTests {
    @Test func anInvalidIdDoesNotHideTheOtherErrors() throws {
        let text = """
            runbook: "bad id!"
            title: T
            start: a
            variables:
              v: { from: alert.x }
            steps:
              a: { title: A, run: "echo {{w}}", next: nowhere }
            """
        let errors = RunbookLoader().load(text: text, path: "t.yaml").diagnostics.errors.map(\.message)
        #expect(errors.contains { $0.hasPrefix("invalid runbook id 'bad id!'") })
        #expect(errors.contains { $0.hasPrefix("undefined variable 'w'") })
        #expect(errors.contains { $0.contains("leads to 'nowhere'") })
    }

    @Test func invalidUTF8IsReportedWhereItIs() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("t.yaml", bytes: Array("runbook: x\ntitle: caf".utf8) + [0xE9] + Array("\n".utf8))
        let error = try #require(RunbookLoader().load(path: path).diagnostics.first)
        #expect(error.location == SourceLocation(file: path, line: 2, column: 11))
        #expect(error.message.contains("not valid UTF-8"))
    }

    @Test func contentAfterTheDocumentIsNotIgnored() {
        for text in ["  runbook: x\n  title: y\nsteps: 1\n", "runbook: x\n---\ntitle: y\n"] {
            let result = RunbookLoader().load(text: text, path: "t.yaml")
            #expect(result.diagnostics.hasErrors, "\(text.debugDescription)")
            #expect(result.diagnostics.first?.location.line ?? 0 > 1)
        }
    }

    @Test func libyamlsOwnWordsNeverReachUsers() {
        let text = "a: " + String(repeating: "[", count: 1200) + "\n"
        let message = RunbookLoader().load(text: text, path: "t.yaml").diagnostics.first?.message ?? ""
        #expect(message.contains("nested too deeply"))
        #expect(!message.contains("yaml_set_max_nest_level"))
    }

    @Test func aDanglingSymlinkInAFolderIsAWarning() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("ok.yaml", minimalRunbook)
        let link = folder.url.appendingPathComponent("gone.yaml").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/nonexistent/runbook.yaml")
        let library = Library.load(paths: [folder.url.path])
        #expect(library.runbooks.count == 1)
        let warning = try #require(library.diagnostics.first { $0.location.file == link })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("/nonexistent/runbook.yaml, which does not exist"))
    }

    @Test func fileErrorsAreWords() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("plain", "x")
        do {
            _ = try JournalWriter(path: file + "/sub/walk.jsonl")
            Issue.record("a journal under a file was created")
        } catch {
            #expect("\(error)".contains("\(file) is a file, not a folder"), "\(error)")
            #expect(!"\(error)".contains("NSCocoaErrorDomain"))
        }
    }
}
