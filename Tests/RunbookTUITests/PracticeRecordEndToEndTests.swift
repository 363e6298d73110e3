import Foundation
import Testing

/// A real walk in a terminal, recorded as a scenario, validated, and practised
/// along the same path to a score of 100.
@Suite(.serialized, .requires("tmux", package: "tmux"))
struct PracticeRecordEndToEndTests {
    static let runbook = """
        runbook: load-check
        title: Check the load on a host
        variables:
          host: { description: The host, ask: Which host? }
        start: load
        steps:
          load:
            title: Read the load average
            run: "echo checking {{host}}; echo 'load average: 9.50'"
            outcomes:
              high: { label: Load is high, when: { output_matches: 'load average: [5-9]' }, next: restart }
              low: { label: Load is fine, next: resolved }
          restart:
            title: Restart the worker
            run: echo restarted
            outcomes:
              better: { label: The load fell, next: resolved }
              same: { label: Still high, next: escalate }
          resolved: { title: Resolved, end: resolved }
          escalate: { title: Escalate to the service owners, end: escalated }
        """

    @Test func recordAFinishedWalkAndPractiseItToA100() throws {
        let t = try Tmux(width: 120, height: 36)
        let library = t.home.appendingPathComponent("library")
        try FileManager.default.createDirectory(
            at: library.appendingPathComponent("practice"), withIntermediateDirectories: true)
        try Self.runbook.write(
            to: library.appendingPathComponent("load-check.yaml"), atomically: true, encoding: .utf8)
        let journal = t.home.appendingPathComponent("incident.jsonl").path
        let binary = Paths.binary

        // The incident: type the host, run both commands, take the suggestions, end.
        try t.run("\(binary) --library \(library.path) load-check --journal \(journal)")
        try t.waitFor("Which host?")
        try t.type("web-7")
        try t.keys("Enter")
        try t.waitFor("Read the load average")
        try t.keys("Enter")
        try t.waitFor("load average: 9.50")
        try t.waitFor("Enter accepts")
        try t.keys("Enter")
        try t.waitFor("Restart the worker")
        try t.keys("Enter")
        try t.waitFor("restarted")
        try t.keys("1")
        try t.waitFor("Resolved")
        try t.keys("Enter")
        try t.waitFor("Walk ended: resolved")
        try t.keys("q")
        try t.waitFor("Walk ended: resolved. Journal:")

        // Recorded, then checked by validate with the library.
        let scenario = library.appendingPathComponent("practice/load-web-7.yaml").path
        try t.run(
            "clear; \(binary) practice record \(journal) -o \(scenario) --id load-web-7 --library \(library.path)")
        try t.waitFor("Practise it: runbook practice \(scenario)")
        try t.run("clear; \(binary) validate \(library.path) && echo VALID")
        try t.waitFor("VALID")

        // Practised along the same path: the recordings answer, the score is 100.
        try t.run("clear; \(binary) practice load-web-7 --library \(library.path) --json")
        try t.waitFor("Read the load average")
        try t.keys("Enter")
        try t.waitFor("load average: 9.50")
        try t.keys("1")
        try t.waitFor("Restart the worker")
        try t.keys("Enter")
        try t.waitFor("restarted")
        try t.keys("1")
        try t.waitFor("Resolved")
        try t.keys("Enter")
        try t.waitFor("Practice score: 100/100")
        try t.keys("q")
        let out = try t.waitFor("\"score\"")
        #expect(out.contains("\"score\" : 100"), "\(out)")
    }
}
