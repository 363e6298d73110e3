import Foundation
import Testing
@testable import RunbookGraph

/// Files that are not runbooks at all get one clear error, fast, never a crash.
struct FileProblemTests {
    func onlyError(_ result: LoadResult) -> String? {
        #expect(result.runbook == nil)
        #expect(result.diagnostics.count == 1)
        return result.diagnostics.first.map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    @Test func emptyFile() throws {
        let dir = try TemporaryFolder()
        let path = try dir.write("empty.yaml", "")
        #expect(onlyError(RunbookLoader().load(path: path)) == "1:1: \(RunbookLoader.emptyMessage)")
    }

    @Test func commentsOnlyIsEmpty() throws {
        let dir = try TemporaryFolder()
        let path = try dir.write("comments.yaml", "# nothing here\n\n# still nothing\n")
        #expect(onlyError(RunbookLoader().load(path: path)) == "1:1: \(RunbookLoader.emptyMessage)")
    }

    @Test func binaryFile() throws {
        let dir = try TemporaryFolder()
        let path = try dir.write("binary.yaml", bytes: [0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00])
        #expect(
            onlyError(RunbookLoader().load(path: path))
                == "1:1: binary file (NUL byte at offset 6): a runbook is UTF-8 YAML text")
    }

    @Test func invalidUTF8() throws {
        let dir = try TemporaryFolder()
        let path = try dir.write("latin1.yaml", bytes: Array("title: caf".utf8) + [0xe9, 0x0a])
        #expect(
            onlyError(RunbookLoader().load(path: path))
                == "1:11: not valid UTF-8 here (byte 0xE9 at offset 10): save the runbook as UTF-8 text")
    }

    @Test func missingFile() {
        #expect(onlyError(RunbookLoader().load(path: "/nonexistent/runbook.yaml")) == "1:1: no such file")
    }

    @Test func directoryGivenAsFile() throws {
        let dir = try TemporaryFolder()
        #expect(onlyError(RunbookLoader().load(path: dir.url.path))?.hasPrefix("1:1: is a directory") == true)
    }

    @Test func fifoIsRefusedWithoutBlocking() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(path, 0o600) == 0)
        #expect(onlyError(RunbookLoader().load(path: path)) == "1:1: not a regular file: a runbook is a .yaml file")
    }

    @Test func oversizedFileIsRefusedQuickly() throws {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("huge.yaml").path
        // A sparse file: large on paper, nothing to write.
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: UInt64(RunbookLoader.defaultMaxFileSize) * 4)
        try handle.close()
        let clock = ContinuousClock()
        var message: String?
        let elapsed = clock.measure { message = onlyError(RunbookLoader().load(path: path)) }
        #expect(message?.hasPrefix("1:1: file is larger than 16 MiB") == true)
        #expect(elapsed < .seconds(1))
    }

    @Test func aliasBombFailsFastWithLocation() {
        var lines = ["runbook: t", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            lines.append("a\(i): &a\(i) [\(refs)]")
        }
        let clock = ContinuousClock()
        var result: LoadResult?
        let elapsed = clock.measure {
            result = RunbookLoader().load(text: lines.joined(separator: "\n"), path: "bomb.yaml")
        }
        let diagnostic = result?.diagnostics.first
        #expect(result?.runbook == nil)
        #expect(diagnostic?.message.contains("alias bomb") == true)
        #expect(diagnostic?.location.line == 6)  // a4: where the expansion passes the budget
        #expect(elapsed < .seconds(1))
    }

    @Test func aFewAliasesAreFine() {
        let text = """
            runbook: t
            title: T
            start: a
            steps:
              a: { title: A, run: uptime, outcomes: { ok: &ok { next: done }, again: { next: done } } }
              b: { title: B, run: uptime, outcomes: { ok: *ok } }
              done: { title: Done, end: resolved }
            """
        let result = RunbookLoader().load(text: text, path: "aliases.yaml")
        #expect(result.runbook?.step("b")?.outcomes.first?.next.stepID == "done")
        // 'b' is unreachable; that is the only problem.
        #expect(
            result.diagnostics.map(\.message) == [
                "step 'b' cannot be reached from the start step 'a': link it from another step's outcome or delete it"
            ])
    }

    @Test func folderWithoutRunbooks() throws {
        let dir = try TemporaryFolder()
        _ = try dir.write("notes.txt", "hello")
        let library = Library.load(paths: [dir.url.path])
        #expect(
            library.allDiagnostics.map(\.message) == [
                "no runbooks here: a runbook is a .yaml or .yml file (or a Markdown page, .md)"
            ])
    }

    @Test func duplicateRunbookIdsInALibrary() throws {
        let dir = try TemporaryFolder()
        let first = try dir.write("a.yaml", minimalRunbook)
        let second = try dir.write("b/copy.yml", "# a copy\n" + minimalRunbook)
        let library = Library.load(paths: [dir.url.path])
        let problems = library.allDiagnostics.map(\.description)
        #expect(problems == ["\(second):2:1: error: runbook id 't' is already used by \(first):1"])
    }

    @Test func linkToUnknownRunbookWithoutURLWarns() throws {
        let dir = try TemporaryFolder()
        let path = try dir.write(
            "a.yaml",
            """
            runbook: t
            title: T
            start: a
            steps:
              a: { title: A, next: { runbook: calico-troubleshooting } }
            """)
        let library = Library.load(paths: [dir.url.path])
        #expect(
            library.allDiagnostics.map(\.description) == [
                "\(path):5:24: warning: link to runbook 'calico-troubleshooting', which is not in the library and has no 'url': the operator will have nothing to follow"
            ])
        #expect(library.runbooks.count == 1)
    }

    @Test func aTimeboxEscalatingToAnUnknownRunbookWarns() throws {
        let dir = try TemporaryFolder()
        let path = try dir.write(
            "a.yaml",
            """
            runbook: t
            title: T
            start: a
            steps:
              a:
                title: A
                timebox: { after: 10m, to: storage, runbook: page-storag }
                next: done
              done: { title: Done, end: resolved }
            """)
        _ = try dir.write(
            "page.yaml", minimalRunbook.replacingOccurrences(of: "runbook: t", with: "runbook: page-storage"))
        let library = Library.load(paths: [dir.url.path])
        #expect(
            library.allDiagnostics.map(\.description) == [
                "\(path):7:14: warning: the time-box escalates to runbook 'page-storag', which is not in the library; did you mean 'page-storage'?"
            ])
    }
}
