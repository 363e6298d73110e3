// Benchmarks (run: swift run -c release runbook-bench [STEPS...] | journal [EVENTS] | executor [BYTES] | import [MB...]
// | library [N...] | history [N...])
// Loader:: load + validate generated runbooks of 1k, 10k and 100k
// steps, against libyaml's bare event scan of the same text (the floor no YAML
// loader can beat) measured in the same run, so the ratio survives noisy machines.
import CYaml
import Foundation
import RunbookGraph

/// Parses every event of `text` and throws them away.
func libyamlScan(_ text: String) -> Int {
    var bytes = Array(text.utf8)
    bytes.append(0)
    var parser = yaml_parser_t()
    yaml_parser_initialize(&parser)
    defer { yaml_parser_delete(&parser) }
    var events = 0
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count - 1)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            events += 1
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { break }
        }
    }
    return events
}

func median(_ body: () -> Void, runs: Int) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    return times.sorted()[times.count / 2]
}

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "executor" {
    try ExecutorBench.run(bytes: arguments.dropFirst().first.flatMap { Int($0) } ?? 500_000_000)
    exit(0)
}
if arguments.first == "import" {
    let sizes = arguments.dropFirst().compactMap { Double($0) }
    try ImportBench.run(megabytes: sizes.isEmpty ? [0.25, 0.5, 1, 2] : sizes)
    exit(0)
}
if arguments.first == "library" {
    let counts = arguments.dropFirst().compactMap { Int($0) }
    try LibraryBench.run(counts: counts.isEmpty ? [100, 1_000] : counts)
    exit(0)
}
if arguments.first == "library-warm", arguments.count == 4, let count = Int(arguments[3]) {
    LibraryBench.warm(folder: arguments[1], index: arguments[2], count: count)
    exit(0)
}
if arguments.first == "history" {
    let counts = arguments.dropFirst().compactMap { Int($0) }
    try HistoryBench.run(counts: counts.isEmpty ? [2_500, 5_000, 10_000] : counts)
    exit(0)
}
if arguments.first == "journal" {
    try JournalBench.run(events: arguments.dropFirst().first.flatMap { Int($0) } ?? 100_000)
    exit(0)
}
let sizes = arguments.isEmpty ? [1_000, 10_000, 100_000] : arguments.compactMap { Int($0) }
print("steps     size      libyaml scan   load+validate   ratio   per 1k steps")
var perThousand: [Double] = []
for steps in sizes {
    let text = GeneratedRunbook.text(steps: steps)
    let runs = steps >= 100_000 ? 3 : 7
    var ok = true
    // Floor and load take turns, so a busy moment of a shared machine slows both alike.
    var floors: [Double] = []
    var loads: [Double] = []
    for _ in 0..<runs {
        floors.append(median({ _ = libyamlScan(text) }, runs: 1))
        loads.append(
            median(
                {
                    let result = RunbookLoader(maxFileSize: Int.max).load(text: text, path: "generated.yaml")
                    ok = result.isValid && result.runbook?.steps.count == steps + 2
                }, runs: 1))
    }
    let floor = floors.sorted()[runs / 2]
    let load = loads.sorted()[runs / 2]
    precondition(ok, "the generated runbook must load without errors")
    let mb = Double(text.utf8.count) / 1_048_576
    perThousand.append(load / Double(steps) * 1000)
    print(
        String(
            format: "%-9d %5.1f MB  %9.1f ms   %10.1f ms   %5.2fx  %8.2f ms",
            steps, mb, floor, load, load / floor, load / Double(steps) * 1000))
}
// Where a load's time goes, for the largest runbook (medians of separate runs of each phase).
if let steps = sizes.max() {
    let text = GeneratedRunbook.text(steps: steps)
    var root: YAMLNode?
    let compose = median({ root = try? RunbookLoader().compose(text) }, runs: 5)
    var runbook: Runbook?
    let load = median(
        { runbook = RunbookLoader(maxFileSize: Int.max).load(text: text, path: "g.yaml").runbook }, runs: 5)
    let checks: [(name: String, check: (Runbook) -> Void)] =
        Validator().checks(source: text).map { check in (check.name, { _ = check.check($0) }) } + [
            ("card", { _ = RunbookCard(runbook: $0, text: text, root: root) }),
            ("hash", { _ in _ = ContentHash.of(text) })
        ]
    let onePass = median({ _ = try? YAMLComposer().compose(text) }, runs: 5)
    var parts = [String(format: "compose %.0f (in one pass %.0f)", compose, onePass)]
    var rest = load - compose
    for (name, check) in checks {
        let ms = median({ check(runbook!) }, runs: 5)
        if name == "card" || name == "hash" { rest -= ms }
        parts.append(String(format: "%@ %.0f", name, ms))
    }
    // The checks one after another (as above), and as the loader runs them: a runbook this big on every core.
    let validate = median({ _ = Validator().validate(runbook!, source: text) }, runs: 5)
    parts.append(String(format: "all checks as the loader runs them %.0f", validate))
    parts.insert(String(format: "decode (the rest) %.0f", rest - validate), at: 1)
    print("phases of the \(steps)-step load, ms: " + parts.joined(separator: ", "))
}
if let first = perThousand.first, let last = perThousand.last {
    print(
        String(
            format: "growth: time per 1k steps changes %.2fx from the smallest to the largest runbook (1.00x = linear)",
            last / first))
}
