import Foundation
import RunbookGraph
import RunbookRuntime

/// Journal benchmark: replaying a journal of `events` events (parse + apply)
/// and exporting its transcript, against decoding the same lines as plain
/// JSON objects (the floor for any JSON Lines reader) in the same run.
enum JournalBench {
    static let runbook: Runbook = {
        let text = """
            runbook: loop
            title: A loop of checks
            variables:
              host: { from: alert.hostname }
            start: check
            steps:
              check:
                title: Check {{host}}
                run: uptime
                outcomes:
                  again: { when: { output_contains: load }, next: check }
                  done: { next: done }
              done: { title: Done, end: resolved }
            """
        return RunbookLoader().load(text: text, path: "loop.yaml").runbook!
    }()

    /// A journal of about `events` events: a long walk round the loop.
    static func journal(events: Int) throws -> Data {
        let memory = MemoryJournal()
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        nonisolated(unsafe) var tick = 0.0
        let recorder = Recorder(
            journal: memory, operatorName: "bench",
            clock: {
                tick += 1; return start + tick
            })
        var session = try recorder.start(runbook, library: [runbook], alert: Alert(labels: ["hostname": "10.0.0.1"]))
        while memory.records.count < events - 3 {
            try recorder.record(
                .commandStarted(step: "check", command: "uptime", suggested: "uptime", host: nil), in: &session)
            try recorder.record(
                .commandFinished(
                    step: "check",
                    result: RecordedResult(
                        exitCode: 0, durationMs: 12, output: " 03:12:01 up 41 days,  load average: 0.52, 0.58, 0.59\n")),
                in: &session)
            try recorder.choose("again", in: &session)
        }
        try recorder.choose("done", in: &session)
        try recorder.finishStep(in: &session)
        var data = Data()
        for record in memory.records { data.append(try JournalWriter.line(record)) }
        return data
    }

    static func run(events: Int) throws {
        let data = try journal(events: events)
        let lines = data.split(separator: UInt8(ascii: "\n"))
        var replayed = 0, exported = 0
        let floor = median(
            {
                for line in lines { _ = try? JSONSerialization.jsonObject(with: Data(line)) }
            }, runs: 3)
        let replay = median(
            {
                let contents = try! JournalReader.parse(data, path: "bench.jsonl")
                replayed = try! Session.replay(contents.records, library: [runbook]).records.count
            }, runs: 3)
        let session = try Session.replay(JournalReader.parse(data, path: "bench.jsonl").records, library: [runbook])
        let export = median(
            {
                let transcript = Transcript(session: session, redactor: try! Transcript.redactor(for: session))
                exported = transcript.markdown().utf8.count + (try! transcript.json()).utf8.count
            }, runs: 3)
        precondition(replayed == lines.count && exported > 0)
        let per = { (ms: Double) in ms / Double(lines.count) * 1000 }
        print(String(format: "journal: %d events, %.1f MB", lines.count, Double(data.count) / 1_048_576))
        print(String(format: "  JSON parse floor   %8.1f ms  (%.2f ms per 1k events)", floor, per(floor)))
        print(
            String(
                format: "  replay             %8.1f ms  (%.2f ms per 1k events, %.2fx the floor)", replay, per(replay),
                replay / floor))
        print(String(format: "  export md+json     %8.1f ms  (%.2f ms per 1k events)", export, per(export)))
    }
}
