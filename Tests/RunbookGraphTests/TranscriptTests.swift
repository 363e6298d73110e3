import Foundation
import Testing
@testable import RunbookGraph

/// Golden-file tests of the Markdown and JSON transcripts. To accept a change
/// on purpose: `UPDATE_GOLDEN=1 swift test --filter TranscriptTests`, then review the diff.
struct TranscriptTests {
    /// Loaded under its repository-relative path so the golden files do not name this machine's folders.
    let seed = try! #require(
        RunbookLoader().load(
            text: String(contentsOfFile: Paths.seed, encoding: .utf8), path: "runbooks/armada-scrape-failure.yaml"
        ).runbook)

    func walk() throws -> Session {
        var w = try Walker(seed, alert: AlertParser.parse(SeedWalkTests.title + "\n" + SeedWalkTests.labelBody))
        try w.choose("other-service"); try w.choose("carrier")
        try w.skip(along: "done", reason: "Chlorine bot is down")
        try w.set("calico_ns", "kube-system")
        try w.run(output: "calico-node-g8vgl   1/1   Running   4   22d   10.176.31.239   10.176.31.239\n")
        try w.choose("running")
        try w.addNote(
            "Target shows context deadline exceeded | since 02:50; curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig' worked, password=hunter2"
        )
        try w.choose("deadline")
        let lines = (1...60).map { "metric_\($0) \($0)" }.joined(separator: "\n")
        try w.run(output: lines + "\n\nreal\t0m14.102s\n", seconds: 14.1)
        try w.choose("slow")
        try w.goBack()
        w.recorder.operatorName = "bob"
        try w.choose("slow")
        try w.run(output: "calico-node-g8vgl   1/1   Running   4   22d   10.176.31.239\n")
        try w.choose("running")
        try w.run(output: "Events: <none>\n")
        try w.choose("done")
        try w.choose("normal")
        try w.choose("none")
        try w.choose("one")
        try w.choose("isolated")
        try w.run(output: "armada   armada-api-5867d86996-5fgc2   1/1   Running   10.176.31.239\n")
        try w.choose("done")
        try w.run(output: "9100\n")
        try w.choose("done")
        try w.run(output: "Forwarding from 127.0.0.1:9100 -> 9100\n")
        try w.choose("done")
        try w.run(output: "# HELP up\nup 1\n")
        try w.choose("working")
        try w.finish()
        return w.session
    }

    func checkGolden(_ actual: String, _ name: String) throws {
        let url = Paths.fixtures.appendingPathComponent("transcripts/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "transcript differs from \(url.path)")
    }

    @Test func markdownTranscript() throws {
        let session = try walk()
        let markdown = Transcript(session: session, redactor: try Transcript.redactor(for: session)).markdown()
        try checkGolden(markdown, "seed-walk.md")
        #expect(!markdown.contains("hunter2"))
        #expect(!markdown.contains("eyJhbGciOiJIUzI1NiJ9"))
        #expect(markdown.contains("… 22 earlier lines trimmed"))
        #expect(markdown.contains("| Operators | alice, bob |"))
        #expect(markdown.contains("| Outcome | escalated to the armada-ops team |"))
    }

    @Test func jsonTranscript() throws {
        let session = try walk()
        let json = try Transcript(session: session, redactor: try Transcript.redactor(for: session)).json()
        try checkGolden(json, "seed-walk.json")
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(decoded?["format"] as? String == "runbook-transcript")
        #expect(decoded?["version"] as? Int == 1)
        #expect(decoded?["ending"] as? String == "escalated")
        #expect(!json.contains("hunter2"))
    }

    @Test func noRedactKeepsSecrets() throws {
        let session = try walk()
        let markdown = Transcript(session: session, redactor: try Transcript.redactor(for: session, enabled: false))
            .markdown()
        #expect(markdown.contains("password=hunter2"))
        #expect(!markdown.contains("| Redaction |"))
    }

    @Test func runbookRedactPatternsApply() throws {
        let rb = try #require(
            RunbookLoader().load(
                text: """
                    runbook: r
                    title: R
                    redact: ['SR-\\d{6}']
                    start: a
                    steps:
                      a: { title: A, next: done }
                      done: { title: Done, end: resolved }
                    """, path: "r.yaml"
            ).runbook)
        var w = try Walker(rb, alert: Alert())
        try w.addNote("opened SR-123456 with the vendor")
        let markdown = Transcript(session: w.session, redactor: try Transcript.redactor(for: w.session)).markdown()
        #expect(markdown.contains("opened [REDACTED] with the vendor"))
    }

    @Test func redactorPatterns() throws {
        let r = try Redactor(secrets: ["s3cr3t-value"], patterns: [#"SR-\d{6}"#])
        #expect(r.redact("token=abcdef123 next") == "token=[REDACTED] next")
        #expect(r.redact("Authorization: Bearer abc.def.ghijkl") == "Authorization: Bearer [REDACTED]")
        #expect(r.redact("-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----") == "[REDACTED]")
        #expect(r.redact("value s3cr3t-value and SR-123456") == "value [REDACTED] and [REDACTED]")
        #expect(r.redact("AKIAABCDEFGHIJKLMNOP") == "[REDACTED]")
        #expect(r.redact("nothing secret here: 10.176.31.239") == "nothing secret here: 10.176.31.239")
    }

    @Test func staticMarkdownRenderingHasEveryBranch() {
        let markdown = RunbookMarkdown(runbook: seed).render()
        for step in seed.steps {
            #expect(markdown.contains("<a id=\"\(step.id)\"></a>"))
            for outcome in step.outcomes { #expect(markdown.contains("**\(outcome.label)**")) }
        }
        #expect(
            markdown.contains(
                "- **calico-node is 1/1 Running** (when output matches /1/1\\s+Running/): go to [Find the scrape error on the Prometheus targets page](#open-targets)"
            ))
        #expect(markdown.contains("**End: escalated to CSE SRE (#service-endpoint-sre).**"))
        #expect(
            markdown.contains(
                "follow [General debugging info for armada tugboat carriers](https://pages.github.ibm.com/alchemy-conductors/documentation-pages/docs/runbooks/armada/armada-tugboats.html), then go to [Look the node up with the Chlorine bot](#chlorine-lookup)"
            ))
    }
}
