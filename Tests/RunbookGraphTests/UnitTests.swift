import Testing
@testable import RunbookGraph

struct DurationTests {
    @Test(arguments: [
        ("500ms", 500), ("10s", 10_000), ("5m", 300_000), ("1h30m", 5_400_000), ("2d", 172_800_000), (" 45s ", 45_000)
    ])
    func parses(_ text: String, _ ms: Int64) {
        #expect(RunDuration(parsing: text)?.milliseconds == ms)
    }

    @Test(arguments: ["", "10", "s", "10 s", "1.5s", "-3s", "10sec", "99999999999999999999s", "3x"])
    func rejects(_ text: String) {
        #expect(RunDuration(parsing: text) == nil)
    }

    @Test func printsShortestForm() {
        #expect(RunDuration(milliseconds: 5_400_000).description == "1h30m")
        #expect(RunDuration(milliseconds: 1500).description == "1500ms")
        #expect(RunDuration.seconds(10).description == "10s")
    }
}

struct TemplateTests {
    @Test func findsIdentifierReferencesOnly() {
        let text = #"kubectl get pod {{ pod }} --template='{{(index .spec 0)}}{{"\n"}}' -n {{ns}} {{.x}} {{}} {{a b}}"#
        #expect(Template.references(in: text).map(\.name) == ["pod", "ns"])
    }

    @Test func rendersKnownAndKeepsUnknown() {
        let out = Template.render("ping {{ip}} {{other}} {{(go)}}") { $0 == "ip" ? "10.0.0.1" : nil }
        #expect(out == "ping 10.0.0.1 {{other}} {{(go)}}")
    }

    @Test func referencesKnowTheirLine() {
        let refs = Template.references(in: "first\n  then {{x}}")
        #expect(refs.first?.line == 1)
        #expect(refs.first?.column == 7)
    }
}

struct SuggestionTests {
    @Test func suggestsCloseWords() {
        #expect(Suggestion.closest(to: "titel", in: ["title", "text"]) == "title")
        #expect(Suggestion.closest(to: "timout", in: FormatKeys.run) == "timeout")
        #expect(Suggestion.closest(to: "colour", in: FormatKeys.step) == nil)
        #expect(Suggestion.distance("abc", "acb") == 1)
    }
}

struct ConditionTests {
    func condition(_ yaml: String) throws -> Condition {
        let text = """
            runbook: t
            title: T
            variables:
              n: { type: int, ask: N? }
              d: { type: duration, ask: D? }
              s: { ask: S? }
            start: a
            steps:
              a:
                title: '{{n}} {{d}} {{s}}'
                run: uptime
                outcomes:
                  x: { when: \(yaml), next: done }
              done: { title: Done, end: resolved }
            """
        let result = RunbookLoader().load(text: text, path: "c.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        return try #require(result.runbook?.step("a")?.outcomes.first?.when)
    }

    let facts = Facts(
        alert: Alert(title: "prod-dal10-carrier1 scrape", labels: ["app": "node-exporter"]),
        variables: ["n": "120", "d": "90s", "s": "us-south"],
        variableTypes: ["n": .int, "d": .duration, "s": .string],
        result: CommandResult(output: "calico-node-x 1/1 Running", exitCode: 0, duration: .seconds(3)))

    @Test(arguments: [
        ("{ var: n, ge: 100 }", true), ("{ var: n, lt: 100 }", false), ("{ var: d, gt: 1m }", true),
        ("{ var: s, eq: us-south }", true), ("{ var: s, matches: '^us-' }", true),
        ("{ alert_contains: NODE-EXPORTER }", true), ("{ label: { app: node-exporter } }", true),
        ("{ label_matches: { app: '^node' } }", true), ("{ output_matches: '1/1\\s+Running' }", true),
        ("{ output_contains: CrashLoop }", false), ("{ exit_code: 0 }", true), ("{ duration_over: 10s }", false),
        ("{ duration_under: 10s }", true), ("{ timed_out: false }", true),
        ("{ all: [ { exit_code: 0 }, { var: n, ge: 100 } ] }", true),
        ("{ any: [ { exit_code: 1 }, { output_contains: Running } ] }", true),
        ("{ not: { exit_code: 0 } }", false), ("{ exit_code: 0, output_contains: Pending }", false)
    ])
    func evaluates(_ yaml: String, _ expected: Bool) throws {
        #expect(try condition(yaml).holds(in: facts) == expected)
    }

    @Test func unknownFactsAreUndecided() throws {
        let before = Facts()
        #expect(try condition("{ exit_code: 0 }").evaluate(before) == nil)
        #expect(try condition("{ not: { exit_code: 0 } }").evaluate(before) == nil)
        #expect(try condition("{ any: [ { exit_code: 0 }, { alert_contains: x } ] }").evaluate(before) == nil)
        #expect(try condition("{ all: [ { exit_code: 0 }, { alert_contains: x } ] }").evaluate(before) == false)
    }
}

struct HintIndexTests {
    /// The one-pass search finds exactly the hints a lower-cased search of each text finds.
    @Test func findsWhatASearchPerHintFinds() {
        let hints = SecretPattern.all.flatMap(\.hints)
        let index = SecretPattern.hintIndex
        var generator = SystemRandomNumberGenerator()
        let pieces = hints + ["PASS", "Token", "x", " ", "\n", "é", "AKIA", "://", "Private Key", "-U", "sK-", "k"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...6, using: &generator)).map { _ in
                let piece = pieces.randomElement(using: &generator)!
                // Cut some pieces short, so near-misses occur.
                return Bool.random(using: &generator) ? piece : String(piece.dropLast())
            }.joined()
            var found = [Bool](repeating: false, count: index.hints.count)
            index.mark(in: text, &found)
            let lowered = text.asciiLowercased
            for (word, number) in index.number {
                #expect(found[number] == lowered.containsBytes(word), "\(word) in \(text.debugDescription)")
            }
        }
    }
}
