import ArgumentParser
import Foundation
import RunbookGraph
import RunbookRuntime

/// `runbook bench-flood`: the real event loop (headless) while a command
/// floods it: peak memory of the process and the time from a key to the
/// frame that answers it, against a quiet command in the same run. Each case
/// runs in a process of its own, so its peak memory is its own. Hidden.
struct FloodBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-flood", shouldDisplay: false)

    static let cases: [(name: String, command: String)] = [
        ("quiet (baseline)", "sleep 100"),
        ("yes", "yes"),
        ("cat /dev/zero", "cat /dev/zero"),
        ("escape flood", #"yes "$(printf '\033[31mred\033[0m\033]0;title\007\033[2J')""#),
        (
            "100k lines/s",
            #"awk 'BEGIN { while (1) { for (i = 0; i < 1000; i++) print "line " i " of a steady stream"; system("sleep 0.01") } }'"#
        )
    ]

    @Option(help: "Seconds each case floods for.") var seconds = 5.0
    @Option(help: ArgumentHelp("Run one case in this process and print its figures.", visibility: .hidden)) var one:
        Int?

    func run() throws {
        if let one {
            try measure(Self.cases[one])
            return
        }
        print(
            "the event loop while a command floods it, \(seconds) s each (peak RSS of the whole process; key → frame):")
        var baseline: Double?
        for index in Self.cases.indices {
            let result = try runProcessCapturing(
                CommandLine.arguments[0], ["bench-flood", "--one", "\(index)", "--seconds", "\(seconds)"])
            let fields = result.split(separator: " ").compactMap { Double($0) }
            guard fields.count == 4 else { print("  \(Self.cases[index].name): \(result)"); continue }
            let (rss, median, p99, bytes) = (fields[0], fields[1], fields[2], fields[3])
            baseline = baseline ?? median
            print(
                String(
                    format: "  %-18@ peak %6.1f MiB  key median %6.2f ms (%4.1fx quiet)  p99 %6.2f ms  read %7.1f MiB",
                    Self.cases[index].name as NSString, rss, median, median / (baseline ?? median), p99,
                    bytes / 1_048_576))
        }
    }

    func measure(_ flood: (name: String, command: String)) throws {
        let text = """
            runbook: flood
            title: Flood
            start: flood
            steps:
              flood:
                title: Flood the output
                run:
                  command: |
                    \(flood.command)
                  timeout: 10m
                next: done
              done: { title: Done, end: resolved }
            """
        let load = RunbookLoader().load(text: text, path: "flood.yaml")
        guard let runbook = load.runbook, load.isValid else { throw ValidationError("\(load.diagnostics)") }
        let env = AppEnvironment.inMemory(library: [runbook], operatorName: "bench")
        var state = AppState(width: 120, height: 40, screen: .picker, now: Date())
        App.enter(&state, try env.startWalk(runbook, Alert(), [:]), env: env)
        let backend = HeadlessBackend(width: 120, height: 40)
        let loop = EventLoop(
            state: state, env: env, runtime: .system(runner: ProcessRunner(), gracePeriod: env.config.gracePeriod),
            backend: backend)
        let typist = Thread {
            usleep(200_000)
            backend.type(.enter)  // run the command
            let end = Date().addingTimeInterval(seconds)
            var down = true
            while Date() < end {
                usleep(20_000)
                backend.type(down ? .up : .down)  // scroll: a key that changes the frame
                down.toggle()
            }
            backend.type(.char("q"))
            // The command still runs: quitting asks first ("A command is still running"); 1 stops it and quits.
            usleep(200_000)
            backend.type(.char("1"))
        }
        typist.start()
        let final = loop.run()
        let latencies = backend.keyLatencies.dropFirst().sorted()  // the first key started the command
        let median = latencies.isEmpty ? 0 : latencies[latencies.count / 2]
        let p99 = latencies.isEmpty ? 0 : latencies[latencies.count * 99 / 100]
        let bytes = Double(final.walk?.output.totalBytes ?? 0)
        print(String(format: "%.1f %.3f %.3f %.0f", Self.peakRSSMiB(), median, p99, bytes))
    }

    /// VmHWM: the most resident memory this process ever had.
    static func peakRSSMiB() -> Double {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
            return kb / 1024
        }
        return 0
    }

    func runProcessCapturing(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
