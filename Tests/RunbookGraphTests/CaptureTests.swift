import Foundation
import Testing
@testable import RunbookGraph

/// Reading values out of a command's output: named groups, JSON paths, and every way it fails.
struct CaptureTests {
    static let here = SourceLocation(file: "t.yaml", line: 1, column: 1)

    static func regex(_ source: String) -> Capture { Capture(.regex(Pattern(source, location: here)), location: here) }

    static func json(_ paths: [String: String]) throws -> Capture {
        let list = try paths.sorted { $0.key < $1.key }.map { (name: $0.key, path: try JSONPath.parse($0.value).get()) }
        return Capture(.json(list), location: here)
    }

    @Test func namedGroupsAreTheValues() {
        let capture = Self.regex(#"(?m)^(?<ns>\S+)\s+(?<pod>\S+)\s+1/1"#)
        #expect(capture.names == ["ns", "pod"])
        let reading = capture.read("armada   armada-api-1   1/1   Running\n")
        #expect(reading.values == ["ns": "armada", "pod": "armada-api-1"])
        #expect(reading.failures.isEmpty && reading.candidates.isEmpty)
    }

    @Test func severalDifferentValuesAreOfferedInOrder() {
        let reading = Self.regex(#"(?m)^\S+\s+(?<pod>\S+)\s+\d+/\d+"#).read(
            """
            armada   api-2   0/1   CrashLoopBackOff
            armada   api-1   1/1   Running
            armada   api-2   0/1   CrashLoopBackOff
            """)
        #expect(reading.values.isEmpty)
        #expect(reading.candidates == ["pod": ["api-2", "api-1"]])
    }

    @Test func noMatchIsAFailureThatSaysSo() {
        let reading = Self.regex(#"(?<port>\d+)"#).read("Error from server (NotFound): pods \"x\" not found\n")
        #expect(reading.values.isEmpty)
        #expect(reading.failures["port"] == #"nothing in the output matches /(?<port>\d+)/"#)
    }

    @Test func jsonPathsReadScalars() throws {
        let output =
            #"{"items":[{"metadata":{"name":"api-1","labels":{"app.kubernetes.io/name":"api"}},"spec":{"ports":[{"port":8080}]}}]}"#
        let capture = try Self.json([
            "pod": ".items[0].metadata.name", "port": "$.items[0].spec.ports[0].port",
            "app": #".items[0].metadata.labels["app.kubernetes.io/name"]"#
        ])
        #expect(capture.read(output).values == ["pod": "api-1", "port": "8080", "app": "api"])
    }

    @Test func jsonFailuresSayWhy() throws {
        let capture = try Self.json(["pod": ".items[3].metadata.name", "meta": ".items[0].metadata"])
        let notJSON = capture.read("No resources found in armada namespace.\n")
        #expect(notJSON.failures["pod"]?.hasPrefix("the output is not JSON (line 1, column 1:") == true)
        let output = #"{"items":[{"metadata":{"name":"api-1"}}]}"#
        let reading = capture.read(output)
        #expect(reading.failures["pod"] == ".items[3].metadata.name: the list has 1 item(s), no [3]")
        #expect(reading.failures["meta"] == ".items[0].metadata is a list, an object or null, not one value")
    }

    @Test func pathsThatAreNotPaths() throws {
        for bad in ["", ".", ".a[", ".a[x]", ".a..b"] {
            guard case .failure = JSONPath.parse(bad) else {
                Issue.record("'\(bad)' parsed as a path")
                continue
            }
        }
        let path = try JSONPath.parse("items[0].name").get()
        #expect(path.components == [.key("items"), .index(0), .key("name")])
    }

    /// A captured value comes from output anyone can write: a leading '-' is
    /// refused as an alert's is, and metacharacters are quoted, never run.
    @Test func capturedValuesAreTreatedLikeAlertValues() throws {
        let text = """
            runbook: cap
            title: Cap
            start: list
            steps:
              list:
                title: List
                run: kubectl get pods
                capture: { regex: '(?m)^(?<pod>\\S+)\\s+1/1' }
                next: use
              use:
                title: Use
                run: kubectl delete pod {{pod}}
                next: done
              done: { title: Done, end: resolved }
            """
        let runbook = try #require(RunbookLoader().load(text: text, path: "cap.yaml").runbook)
        #expect(runbook.variable("pod")?.description == "captured from the output of step 'list'")
        var w = try Walker(runbook, alert: Alert())
        try w.run(output: "--all   1/1   Running\n")
        #expect(w.session.values(of: "cap")["pod"] == nil, "an option-looking value is not kept")
        var refused: [String: String] = [:]
        refused = try w.recorder.keepCaptured(["pod": "--all"], in: &w.session)
        #expect(refused["pod"]?.contains("starts with '-'") == true)
        try w.recorder.keepCaptured(["pod": "a;rm -rf ~"], in: &w.session)
        try w.choose("done")
        #expect(w.session.suggestedCommand == "kubectl delete pod 'a;rm -rf ~'")
        #expect(w.session.valueSourceWords(of: "pod") == "captured from step list")
    }
}
