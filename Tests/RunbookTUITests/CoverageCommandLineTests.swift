import Foundation
import Testing

/// `runbook coverage` as CI runs it: exit 1 on a gap, 2 on a bad rule file, 0 when covered.
struct CoverageCommandLineTests {
    static let rules = Paths.fixtures.appendingPathComponent("rules")
    static let library = Paths.fixtures.appendingPathComponent("coverage-library")

    @Test func gapsFailTheCheckAndTheJSONListsThem() throws {
        let files = ["alertmanager", "kubeStateMetrics", "nodeExporter"].map {
            Self.rules.appendingPathComponent("\($0).rules.yaml").path
        }
        let result = try runProcess(Paths.binary, ["coverage", "--json", "--library", Self.library.path] + files)
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["covered"] as? [Any])?.count == 5)
        #expect((json["uncovered"] as? [Any])?.count == 34)
        #expect((json["brokenRunbookURLs"] as? [Any])?.count == 36)
        let unused = (json["unusedRunbooks"] as? [[String: Any]])?.compactMap { $0["runbook"] as? String }
        #expect(unused?.sorted() == ["disk-full", "notes"])

        let report = try runProcess(Paths.binary, ["coverage", "--library", Self.library.path] + files)
        #expect(report.stdout.hasPrefix("5 of 39 alerting rules have a runbook."))
        #expect(report.stdout.contains("alertmanager.rules.yaml:20:12: AlertmanagerMembersInconsistent"))
        #expect(report.stdout.contains("notes.yaml: notes (it has no match: rules)"))
    }

    @Test func aCoveredLibraryPassesAndABadRuleFileSaysWhere() throws {
        let folder = try TemporaryFolder()
        let library = folder.url.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: library, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.library.appendingPathComponent("alertmanager-reload.yaml"),
            to: library.appendingPathComponent("alertmanager-reload.yaml"))
        let rules = folder.url.appendingPathComponent("rules.yaml").path
        try """
        groups:
          - name: reload
            rules:
              - alert: AlertmanagerFailedReload
                expr: alertmanager_config_last_reload_successful == 0
                annotations:
                  runbook_url: https://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerfailedreload
        """.write(toFile: rules, atomically: true, encoding: .utf8)
        let covered = try runProcess(Paths.binary, ["coverage", "--library", library.path, rules])
        #expect(covered.status == 0, "\(covered.stdout)\(covered.stderr)")
        #expect(covered.stdout == "1 of 1 alerting rules have a runbook.\n")

        let bad = folder.url.appendingPathComponent("bad.yaml").path
        try "groups:\n  - name: x\n    rules:\n      - alert: [oops]\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let broken = try runProcess(Paths.binary, ["coverage", "--library", library.path, bad])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("\(bad):4:16: error: alert: is the alert's name, a string"))
    }
}
