import Foundation
import Testing
@testable import RunbookGraph
import TestSupport

/// `runbook import` through the binary: where files go, what is never overwritten, the report.
struct ImportCommandLineTests {
    static let seed = Paths.fixtures.appendingPathComponent("markdown/armada-global-scrape-failure.md").path

    @Test func writesNextToTheInputAndReportsIt() throws {
        let folder = try TemporaryFolder()
        let input = try folder.write(
            "docs/disk-full.md",
            "# Disk full\n\n1. Check free space: `df -h`\n2. If it is above 90%, escalate to the storage team.\n")
        let result = try runProcess(Paths.binary, ["import", input])
        #expect(result.status == 0, "\(result.stderr)")
        let output = folder.url.appendingPathComponent("docs/disk-full.yaml").path
        #expect(result.stdout.hasPrefix("\(input) -> \(output)\n"))
        #expect(result.stdout.contains("1 command, 1 decision"))
        let load = RunbookLoader().load(path: output)
        #expect(load.isValid, "\(load.diagnostics)")
        #expect(load.runbook?.steps.first?.run?.command == "df -h")
        // A second run keeps the file (a reviewer may have edited it) and says how to overwrite.
        let again = try runProcess(Paths.binary, ["import", input])
        #expect(again.status == 1)
        #expect(again.stderr.contains("\(output) exists; remove it, pick another -o, or pass --force"))
        #expect(try runProcess(Paths.binary, ["import", input, "--force"]).status == 0)
    }

    @Test func standardOutputAndFolders() throws {
        let folder = try TemporaryFolder()
        let stdout = try runProcess(Paths.binary, ["import", Self.seed, "-o", "-"])
        #expect(stdout.status == 0)
        #expect(stdout.stdout.hasPrefix("# Imported from armada-global-scrape-failure.md by `runbook import`."))
        #expect(stdout.stderr.contains("13 commands"), "the report goes to stderr when the YAML goes to stdout")
        let other = try folder.write("b.md", "# B\n\nRun `kubectl get pods -n x`.\n")
        let out = folder.url.appendingPathComponent("out").path
        let both = try runProcess(Paths.binary, ["import", Self.seed, other, "-o", out])
        #expect(both.status == 0, "\(both.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/armada-global-scrape-failure.yaml"))
        #expect(FileManager.default.fileExists(atPath: out + "/b.yaml"))
        #expect(try runProcess(Paths.binary, ["validate", out]).status == 0)
    }

    @Test func foldersAreSearchedAndTheirLayoutKept() throws {
        let folder = try TemporaryFolder()
        _ = try folder.write("wiki/disk/full.md", "# Disk full\n\nRun `df -h`.\n")
        _ = try folder.write("wiki/net/dns.md", "# DNS\n\nRun `dig example.com`.\n")
        _ = try folder.write("wiki/net/_index.md", "# Network section\n")
        _ = try folder.write("wiki/notes.txt", "not markdown")
        let out = folder.url.appendingPathComponent("runbooks").path
        let result = try runProcess(Paths.binary, ["import", folder.url.appendingPathComponent("wiki").path, "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/disk/full.yaml"))
        #expect(FileManager.default.fileExists(atPath: out + "/net/dns.yaml"))
        #expect(
            !FileManager.default.fileExists(atPath: out + "/net/_index.yaml"), "Hugo's section pages are not runbooks")
        #expect(result.stdout.hasSuffix("2 of 2 documents imported, 0 places to review\n"))
        #expect(Library.load(paths: [out]).runbooks.count == 2)
    }

    @Test func aBadFileFailsAloneWithItsName() throws {
        let folder = try TemporaryFolder()
        let binary = try folder.write("bin.md", bytes: [0x23, 0x20, 0x41, 0x00, 0x42])
        let good = try folder.write("good.md", "# Good\n\nRun `df -h`.\n")
        let result = try runProcess(Paths.binary, ["import", binary, good, "-o", folder.url.path])
        #expect(result.status == 1)
        #expect(result.stderr == "\(binary): error: this is a binary file (NUL byte at offset 3), not Markdown\n")
        #expect(result.stdout.hasSuffix("1 of 2 documents imported, 0 places to review, 1 failed\n"))
        #expect(FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("good.yaml").path))
    }

    @Test func idsStayUniqueInTheLibrary() throws {
        let folder = try TemporaryFolder()
        let library = folder.url.appendingPathComponent("library").path
        let existing = try folder.write(
            "library/old-name.yaml",
            """
            runbook: disk-full
            title: Disk full
            start: done
            steps:
              done: { title: Done, end: resolved }
            """)
        let doc = try folder.write("disk-full.md", "# Disk full\n\nRun `df -h`.\n")
        let result = try runProcess(Paths.binary, ["import", doc, "--library", library])
        #expect(result.status == 1)
        #expect(result.stderr.contains("the library already has a runbook 'disk-full' (\(existing))"))
        #expect(!FileManager.default.fileExists(atPath: library + "/disk-full.yaml"))
    }

    @Test func linksUseTheLibrarysIds() throws {
        let folder = try TemporaryFolder()
        let library = folder.url.appendingPathComponent("library").path
        _ = try folder.write(
            "library/calico.yaml",
            """
            runbook: calico-node-troubleshooting
            title: Calico
            source: https://docs.example.com/runbooks/armada-network-calico-node-troubleshooting.html
            start: done
            steps:
              done: { title: Done, end: resolved }
            """)
        let result = try runProcess(Paths.binary, ["import", Self.seed, "--library", library])
        #expect(result.status == 0, "\(result.stderr)")
        let imported = try String(contentsOfFile: library + "/armada-global-scrape-failure.yaml", encoding: .utf8)
        #expect(imported.contains("runbook: calico-node-troubleshooting"))
        #expect(Library.load(paths: [library]).allDiagnostics.filter { $0.severity == .error }.isEmpty)
    }
}
