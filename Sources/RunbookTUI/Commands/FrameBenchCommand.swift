import ArgumentParser
import Foundation
import RunbookGraph

/// `runbook bench-frame`: keystroke-to-frame time (update + render into the
/// buffer + diff against the previous frame) while a command streams output,
/// for the seed and a 10,000-step runbook. A benchmark, not a test; hidden.
struct FrameBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bench-frame", shouldDisplay: false)

    @Option var width = 160
    @Option var height = 48
    @Option var frames = 5000

    func run() throws {
        let seed = try loadValid("runbooks/armada-scrape-failure.yaml")
        let big = try tenThousandSteps()
        print("keystroke-to-frame at \(width)x\(height), \(frames) frames, a command streaming output:")
        var baseline: Double?
        for (name, runbook, step) in [("seed runbook", seed, "calico"), ("10,000-step runbook", big, "s5000")] {
            let times = try measure(runbook, at: step)
            let median = times[times.count / 2], p99 = times[times.count * 99 / 100]
            let ratio = baseline.map { String(format: " (%.2fx the seed)", median / $0) } ?? ""
            baseline = baseline ?? median
            print(
                String(
                    format: "  %-20@ median %.3f ms  p99 %.3f ms%@", name as NSString, median, p99, ratio as NSString))
        }
    }

    func tenThousandSteps() throws -> Runbook {
        var text = "runbook: big\ntitle: Ten thousand steps\nstart: s0\nsteps:\n"
        for i in 0..<10_000 {
            text += "  s\(i):\n    title: Check part \(i)\n    text: Look at **part \(i)** with `kubectl`.\n"
            text += "    run: kubectl get pods -n ns\(i)\n    outcomes:\n"
            text += "      ok: { when: { output_contains: Running }, next: \(i + 1 < 10_000 ? "s\(i + 1)" : "done") }\n"
            text += "      bad: { next: done }\n"
        }
        text += "  done: { title: Done, end: resolved }\n"
        let result = RunbookLoader(maxFileSize: .max).load(text: text, path: "big.yaml")
        guard let runbook = result.runbook, result.isValid else { throw ValidationError("generated runbook invalid") }
        return runbook
    }

    /// Outcome ids from the start to `target`, breadth first.
    func path(in runbook: Runbook, to target: String) -> [String] {
        var via: [String: (from: String, outcome: String)] = [:]
        var queue = [runbook.start]
        var seen: Set<String> = [runbook.start]
        while !queue.isEmpty {
            let id = queue.removeFirst()
            if id == target { break }
            for outcome in runbook.step(id)?.outcomes ?? [] {
                guard case .step(let next, _) = outcome.next, seen.insert(next).inserted else { continue }
                via[next] = (id, outcome.id)
                queue.append(next)
            }
        }
        var outcomes: [String] = []
        var at = target
        while let step = via[at] { outcomes.insert(step.outcome, at: 0); at = step.from }
        return outcomes
    }

    func measure(_ runbook: Runbook, at step: String) throws -> [Double] {
        let env = AppEnvironment.inMemory(library: [runbook], operatorName: "bench")
        var state = AppState(width: width, height: height, screen: .picker, now: Date())
        var walk = try env.startWalk(runbook, Alert(labels: ["hostname": "10.0.0.1"]), ["calico_ns": "kube-system"])
        // Walk to `step` along the shortest path, as an operator would have.
        for outcome in path(in: runbook, to: step) { try env.recorder.choose(outcome, in: &walk.session) }
        App.enter(&state, walk, env: env)
        _ = App.update(&state, .key(.enter), env: env)  // starts the command (id 1)
        var previous = Render.screen(state, env: env)
        var times: [Double] = []
        var changedRows = 0
        let line = Array("calico-node-x   1/1     Running   0   22d   10.0.0.1   a line of streaming output\n".utf8)
        for i in 0..<frames {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = App.update(
                &state, .command(id: 1, .output(OutputChunk(stream: .stdout, bytes: line, atMs: Int64(i)))), env: env)
            _ = App.update(&state, .key(i % 2 == 0 ? .up : .down), env: env)
            let frame = Render.screen(state, env: env)
            for y in 0..<frame.height where (0..<frame.width).contains(where: { frame[$0, y] != previous[$0, y] }) {
                changedRows += 1
            }
            previous = frame
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        print(String(format: "  (%.1f rows changed per frame on average)", Double(changedRows) / Double(frames)))
        return times.sorted()
    }
}
