import Foundation
import Testing
@testable import RunbookGraph

/// Every fixture under Fixtures/invalid has a `.expected` file beside it with
/// the exact diagnostics, `line:column: severity: message`, one per line.
struct InvalidRunbookTests {
    static let folder = Paths.fixtures.appendingPathComponent("invalid")
    static let fixtures: [String] =
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path))
        .map { $0.filter { $0.hasSuffix(".yaml") }.sorted() } ?? []

    @Test func thereAreAtLeastThirtyFixtures() {
        #expect(Self.fixtures.count >= 30)
    }

    @Test(arguments: fixtures)
    func reportsExactDiagnostics(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        let expectedPath = String(path.dropLast(".yaml".count)) + ".expected"
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(!expected.isEmpty, "fixture \(name) has no expectations")
        let result = RunbookLoader().load(path: path)
        let actual = result.diagnostics.sortedForDisplay().map { d -> String in
            #expect(d.location.file == path)
            return "\(d.location.line):\(d.location.column): \(d.severity.rawValue): \(d.message)"
        }
        #expect(actual == expected)
        // A fixture with errors must not come out as a usable runbook.
        #expect(result.isValid == !actual.contains { $0.contains(": error: ") })
    }
}
