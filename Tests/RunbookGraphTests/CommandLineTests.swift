import Foundation
import Testing
@testable import RunbookGraph

/// The built `runbook` binary, as a user runs it.
struct CommandLineTests {
    static var binary: String {
        let candidates = [".build/debug/runbook", ".build/release/runbook"].map {
            Paths.repository.appendingPathComponent($0).path
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    @Test func validateBundledLibraryExitsZeroWithSummary() throws {
        let result = try runProcess(Self.binary, ["validate", Paths.runbooks.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("armada-scrape-failure: 35 steps (14 commands, 9 links, 7 ends), 13 variables"))
        #expect(result.stderr.isEmpty)
    }

    @Test func validateReportsEveryProblemCompilerStyleAndExitsOne() throws {
        let file = Paths.fixtures.appendingPathComponent("invalid/43-many-problems-at-once.yaml").path
        let result = try runProcess(Self.binary, ["validate", file])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines.first == "\(file):7:21: error: undefined variable 'host' in the command of step 'a'; define it under 'variables:'")
        #expect(result.stdout.hasSuffix("1 file: 5 errors, 0 warnings\n"))
    }

    @Test func warningsAloneDoNotFail() throws {
        let file = Paths.fixtures.appendingPathComponent("invalid/40-security-lint.yaml").path
        let result = try runProcess(Self.binary, ["validate", file])
        #expect(result.status == 0)
        #expect(result.stderr.split(separator: "\n").allSatisfy { $0.contains(": warning: ") })
    }

    @Test func schemaCommandPrintsTheSchema() throws {
        let result = try runProcess(Self.binary, ["schema"])
        #expect(result.status == 0)
        #expect(result.stdout == RunbookSchema.json + "\n")
    }

    @Test func graphCommandPrintsMermaid() throws {
        let result = try runProcess(Self.binary, ["graph", Paths.seedRunbook, "--format", "mermaid"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("flowchart TD\n"))
    }

    @Test func graphOfAnInvalidRunbookFails() throws {
        let file = Paths.fixtures.appendingPathComponent("invalid/12-next-to-missing-step.yaml").path
        let result = try runProcess(Self.binary, ["graph", file])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("12-next-to-missing-step.yaml:5:24: error: step 'a' leads to 'dnoe'"))
    }
}
