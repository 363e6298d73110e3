import Foundation
import RunbookGraph
import Testing
import TestSupport

/// Alertmanager's API v2 as the library reads and writes it, the walk's
/// silences in the journal, and the coverage of alerting rules.
struct AlertmanagerModelTests {
    /// As Alertmanager 0.25 answered `GET /api/v2/alerts` (a label with an escape and a newline).
    static let answer = #"""
        [{"annotations":{"summary":"A service-endpoint hosted on 10.176.31.239 is failing to scrape"},"endsAt":"2026-11-26T08:56:39.222Z","fingerprint":"5c33208f89c8288a","receivers":[{"name":"blackhole"}],"startsAt":"2026-11-26T08:51:39.222Z","status":{"inhibitedBy":[],"silencedBy":["20d64b22"],"state":"suppressed"},"updatedAt":"2026-11-26T08:51:39.222Z","labels":{"alertname":"KubernetesEndpointScrapeFailure","evil":"a\u001b[31mred\nline","hostname":"10.176.31.239","alert_situation":"10.176.31.239_node-exporter_scrape_failure"}}]
        """#

    static let seed: Runbook = RunbookLoader().load(
        text: try! String(contentsOfFile: Paths.seed, encoding: .utf8), path: Paths.seed
    ).runbook!

    @Test func readsTheAlertListAsAlertmanagerSendsIt() throws {
        let alerts = try AlertmanagerJSON.alerts(Self.answer)
        #expect(alerts.count == 1)
        let alert = alerts[0]
        #expect(alert.fingerprint == "5c33208f89c8288a")
        #expect(alert.state == .suppressed)
        #expect(alert.silencedBy == ["20d64b22"])
        #expect(alert.labels["evil"] == "a\u{1B}[31mred\nline")
        #expect(alert.startsAt == "2026-11-26T08:51:39.222Z")
        let walked = alert.alert(from: "http://127.0.0.1:9093")
        #expect(walked.title == "A service-endpoint hosted on 10.176.31.239 is failing to scrape")
        #expect(walked.source?.fingerprint == "5c33208f89c8288a")
        // Labels derived from the situation help the runbook; the silence matches Alertmanager's own.
        #expect(walked.labels["service"] == "node-exporter")
        #expect(walked.source?.labels["service"] == nil)
        #expect(walked.source?.labels == alert.labels)
    }

    @Test(arguments: [
        ("<html>proxy error</html>", "the answer is not JSON (line 1, column 1"),
        (#"{"alerts": []}"#, "expected a list of alerts, found an object"),
        (#"[{"fingerprint": "x"}]"#, "alert 1 has no labels"),
        (#"[{"labels": {"a": "b"}}]"#, "alert 1 has no fingerprint"),
        ("[1]", "alert 1 is a number, not an object"),
        (String(repeating: "[", count: 300), "nested more than 256 levels deep")
    ])
    func aMalformedAnswerSaysWhatIsWrong(_ text: String, _ message: String) {
        #expect(throws: AlertmanagerJSON.Malformed.self) { try AlertmanagerJSON.alerts(text) }
        do {
            _ = try AlertmanagerJSON.alerts(text)
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func aSilenceMatchesExactlyTheWalkedAlertsLabels() throws {
        let alert = try AlertmanagerJSON.alerts(Self.answer)[0].alert(from: "http://127.0.0.1:9093")
        let session = try Recorder(journal: MemoryJournal(), operatorName: "alice")
            .start(Self.seed, library: [Self.seed], alert: alert)
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        let request = try #require(
            SilenceRequest.forWalk(
                of: session, operator: "alice", journal: "/j/walk.jsonl", lasting: .seconds(3600), now: now))
        #expect(request.matchers.map(\.name) == ["alert_situation", "alertname", "evil", "hostname"])
        #expect(request.matchers.first { $0.name == "evil" }?.value == "a\u{1B}[31mred\nline")
        #expect(request.endsAt == now.addingTimeInterval(3600))
        #expect(request.comment == "runbook armada-scrape-failure walked by alice; journal /j/walk.jsonl")
        // The body Alertmanager gets: equality matchers, RFC 3339 times in UTC.
        let body = try #require(
            try JSONSerialization.jsonObject(with: Data(AlertmanagerJSON.body(of: request).utf8)) as? [String: Any])
        let matchers = try #require(body["matchers"] as? [[String: Any]])
        #expect(matchers.count == 4)
        #expect(matchers.allSatisfy { $0["isEqual"] as? Bool == true && $0["isRegex"] as? Bool == false })
        #expect(matchers.contains { $0["value"] as? String == "a\u{1B}[31mred\nline" })
        #expect(body["endsAt"] as? String == "2026-11-18T12:06:40.000Z")
        #expect(body["createdBy"] as? String == "alice")
    }

    @Test func aPastedAlertCannotBeSilenced() throws {
        let session = try Recorder(journal: MemoryJournal(), operatorName: "alice")
            .start(Self.seed, library: [Self.seed], alert: AlertParser.parse(SeedAlert.body))
        #expect(
            SilenceRequest.forWalk(of: session, operator: "alice", journal: nil, lasting: .seconds(60), now: Date())
                == nil)
    }

    @Test func silencesAreJournaledAndCountedAfterAResume() throws {
        let journal = MemoryJournal()
        let clock = Date(timeIntervalSince1970: 1_795_000_000)
        let recorder = Recorder(journal: journal, operatorName: "alice", clock: { clock })
        var session = try recorder.start(Self.seed, library: [Self.seed], alert: Alert())
        let silence = WalkSilence(
            id: "abc", alertmanager: "http://127.0.0.1:9093",
            matchers: [SilenceMatcher(name: "alertname", value: "X\"y")], endsAt: clock.addingTimeInterval(3600),
            comment: "runbook armada-scrape-failure walked by alice")
        try recorder.record(.silenceCreated(silence), in: &session)
        #expect(session.activeSilences(now: clock).map(\.id) == ["abc"])
        #expect(session.activeSilences(now: clock.addingTimeInterval(3601)).isEmpty, "run out: not active")

        // Written and read back as the journal holds it, the walk knows its silence.
        let lines = try journal.records.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        #expect(lines.last?.contains(#""type":"silence-created""#) == true)
        #expect(lines.last?.contains(#""endsAt":"2026-11-18T12:06:40.000Z""#) == true)
        var resumed = Session(library: [Self.seed])
        for line in lines { try resumed.apply(try JSONDecoder().decode(JournalRecord.self, from: Data(line.utf8))) }
        #expect(resumed.activeSilences(now: clock) == [silence])

        try recorder.record(.silenceExpired(id: "abc"), in: &session)
        #expect(session.activeSilences(now: clock).isEmpty)
        #expect(throws: SessionError.self) { try recorder.record(.silenceExpired(id: "abc"), in: &session) }
        #expect(throws: SessionError.self) { try recorder.record(.silenceCreated(silence), in: &session) }

        let transcript = Transcript(session: session, redactor: try Redactor(secrets: [], patterns: []))
        let lines2 = transcript.timeline.map(\.summary)
        #expect(
            lines2.contains {
                $0.hasPrefix("Silenced the alert in http://127.0.0.1:9093 until") && $0.contains(#"alertname="X"y""#)
            })
        #expect(lines2.contains("Expired silence abc"))
    }

    // MARK: coverage

    static let rules = ["alertmanager", "kubeStateMetrics", "nodeExporter"].map {
        Paths.fixtures.appendingPathComponent("rules/\($0).rules.yaml").path
    }

    static func readRules() throws -> [AlertRule] {
        try rules.flatMap { path in
            let (found, problems) = RuleFile.alertRules(try String(contentsOfFile: path, encoding: .utf8), path: path)
            #expect(problems.isEmpty, "\(problems)")
            return found
        }
    }

    @Test func coverageReportsTheExactGaps() throws {
        let rules = try Self.readRules()
        #expect(rules.count == 39, "recording rules are passed by")
        let library = Library.load(paths: [Paths.fixtures.appendingPathComponent("coverage-library").path]).runbooks
        let coverage = Coverage(rules: rules, library: library)
        #expect(
            coverage.covered.map { "\($0.rule.name)→\($0.runbooks.joined(separator: ","))" } == [
                "AlertmanagerFailedReload→alertmanager-reload",
                "NodeFilesystemSpaceFillingUp→node-filesystem-space-filling-up",
                "NodeFilesystemSpaceFillingUp→node-filesystem-space-filling-up",
                "NodeFilesystemAlmostOutOfSpace→node-filesystem-space-filling-up",
                "NodeFilesystemAlmostOutOfSpace→node-filesystem-space-filling-up"
            ])
        #expect(coverage.uncovered.count == 34)
        #expect(!coverage.uncovered.contains { $0.name.hasPrefix("NodeFilesystemSpace") })
        #expect(coverage.uncovered.first?.name == "AlertmanagerMembersInconsistent")
        #expect(coverage.uncovered.first?.location.line == 20)
        #expect(coverage.unused.map { "\($0.runbook.id):\($0.hasMatch)" }.sorted() == ["disk-full:true", "notes:false"])
        // Every rule has a runbook_url; three point at a runbook of the library (by source, by id).
        #expect(coverage.brokenLinks.count == 36)
        let resolved = Set(rules.map(\.name)).subtracting(coverage.brokenLinks.map(\.rule.name))
        #expect(resolved == ["AlertmanagerFailedReload", "NodeFilesystemSpaceFillingUp"])
        #expect(coverage.hasGaps)
    }

    @Test func aPrometheusRuleResourceReadsLikeItsRuleFile() throws {
        let path = Paths.fixtures.appendingPathComponent("rules/kubeStateMetrics-prometheusRule.yaml").path
        let (rules, problems) = RuleFile.alertRules(try String(contentsOfFile: path, encoding: .utf8), path: path)
        #expect(problems.isEmpty)
        #expect(
            rules.map(\.name) == [
                "KubeStateMetricsListErrors", "KubeStateMetricsWatchErrors", "KubeStateMetricsShardingMismatch",
                "KubeStateMetricsShardsMissing"
            ])
        #expect(rules[0].labels["severity"] == "critical")
    }

    @Test(arguments: [
        ("", "rules.yaml:1:1: error: the file is empty"),
        ("groups: {}", "rules.yaml:1:9: error: expected groups: a list of rule groups"),
        (
            "groups:\n  - name: a\n    rules:\n      - expr: up == 0\n",
            "rules.yaml:4:9: error: a rule needs alert: or record:"
        ),
        (
            "groups:\n  - name: a\n    rules:\n      - alert: X\n        labels: [a]\n",
            "rules.yaml:5:17: error: labels: is a mapping"
        ),
        ("groups:\n  - name: a\n    rules: [\n", "rules.yaml:4:1: error:")
    ])
    func aBadRuleFileSaysWhereAndWhat(_ text: String, _ expected: String) {
        let (_, problems) = RuleFile.alertRules(text, path: "rules.yaml")
        #expect(problems.first?.description.hasPrefix(expected) == true, "\(problems)")
    }

    @Test(arguments: [
        ("https://runbooks.example.com/runbooks/node/nodefilesystemspacefillingup", "node-filesystem-space-filling-up"),
        (
            "https://github.com/acme/runbooks/blob/main/node_filesystem_space_filling_up.md",
            "node-filesystem-space-filling-up"
        ),
        (
            "https://wiki.example.com/runbook.md#alert-name-nodefilesystemspacefillingup",
            "node-filesystem-space-filling-up"
        ),
        (
            "http://runbooks.prometheus-operator.dev/runbooks/alertmanager/alertmanagerfailedreload",
            "alertmanager-reload"
        ),
        ("https://runbooks.example.com/runbooks/node/nodeclockskewdetected", nil)
    ])
    func aRunbookURLFindsItsRunbook(_ url: String, _ id: String?) {
        let library = Library.load(paths: [Paths.fixtures.appendingPathComponent("coverage-library").path]).runbooks
        #expect(Coverage.runbook(at: url, in: library)?.id == id)
    }

    @Test(.requires("promtool", package: "prometheus"))
    func theRuleFixturesAreValidPrometheusRules() throws {
        let result = try runProcess("/usr/bin/env", ["promtool", "check", "rules"] + Self.rules)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("SUCCESS: 9 rules found"))
        #expect(result.stdout.contains("SUCCESS: 41 rules found"))
    }
}
