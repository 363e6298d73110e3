import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime

/// Collects what the executor reports, from its thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var chunks: [OutputChunk] = []
    private var finishedCount = 0
    private var bytes = 0
    let keepChunks: Bool

    init(keepChunks: Bool = true) { self.keepChunks = keepChunks }

    var handler: @Sendable (ExecutionEvent) -> Void {
        { [self] event in
            lock.lock(); defer { lock.unlock() }
            switch event {
            case .output(let chunk):
                bytes += chunk.bytes.count
                if keepChunks { chunks.append(chunk) }
            case .finished: finishedCount += 1
            }
        }
    }

    var output: [OutputChunk] { lock.lock(); defer { lock.unlock() }; return chunks }
    var finished: Int { lock.lock(); defer { lock.unlock() }; return finishedCount }
    var streamedBytes: Int { lock.lock(); defer { lock.unlock() }; return bytes }
}

/// Living (not zombie) processes of a process group, from /proc.
func livingMembers(of group: Int32) -> [Int32] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { name -> Int32? in
        guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // After "comm)": state, ppid, pgrp.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 2, fields[0] != "Z", Int32(fields[2]) == group else { return nil }
        return pid
    }
}

/// True when no process of the group is alive; SIGKILL is delivered
/// asynchronously, so this waits up to two seconds for it to land.
func groupIsGone(_ group: Int32?) -> Bool {
    guard let group else { return false }
    for _ in 0..<200 {
        if livingMembers(of: group).isEmpty { return true }
        usleep(10_000)
    }
    return false
}

struct ExecutorTests {
    let runner = ProcessRunner()

    func run(
        _ command: String, timeout: RunDuration = .seconds(20), grace: RunDuration = .seconds(1),
        environment: [String: String] = [:], outputFile: String? = nil, log: EventLog = EventLog()
    ) throws -> (RecordedResult, EventLog, Int32?) {
        let handle = try runner.start(
            CommandRequest(
                command: command, environment: environment, timeout: timeout,
                gracePeriod: grace, outputFile: outputFile), events: log.handler)
        return (handle.wait(), log, handle.processGroup)
    }

    @Test func exitCodes() throws {
        #expect(try run("true").0.exitCode == 0)
        #expect(try run("exit 3").0.exitCode == 3)
        #expect(try run("exit 255").0.exitCode == 255)
    }

    @Test func terminatingSignalIsRecorded() throws {
        let (result, _, _) = try run("kill -9 $$")
        #expect(result.exitCode == nil)
        #expect(result.signal == 9)
    }

    @Test func outputStreamsInArrivalOrderWithStderrMarked() throws {
        let (result, log, _) = try run("echo one; sleep 0.2; echo two >&2; sleep 0.2; echo three")
        let chunks = log.output
        #expect(chunks.map(\.stream) == [.stdout, .stderr, .stdout])
        #expect(chunks.map { String(decoding: $0.bytes, as: UTF8.self) } == ["one\n", "two\n", "three\n"])
        #expect(chunks[1].atMs >= 150 && chunks[2].atMs >= chunks[1].atMs)
        #expect(result.output == "one\ntwo\nthree\n")
        #expect(result.durationMs >= 400)
        #expect(log.finished == 1)
    }

    @Test func variablesAreExported() throws {
        let (result, _, _) = try run(
            #"printf '%s' "$RUNBOOK_WORKER_IP""#, environment: ["RUNBOOK_WORKER_IP": "10.0.0.1"])
        #expect(result.output == "10.0.0.1")
    }

    @Test func stdinIsEmptySoCommandsNeverWaitForInput() throws {
        let (result, _, _) = try run("cat; echo done")
        #expect(result.output == "done\n")
    }

    @Test func timeoutKillsTheWholeProcessTree() throws {
        let clock = ContinuousClock()
        var outcome: (RecordedResult, EventLog, Int32?)!
        let elapsed = try clock.measure {
            outcome = try run("sleep 100 & sleep 100", timeout: .init(milliseconds: 400))
        }
        #expect(outcome.0.timedOut)
        #expect(outcome.0.signal == 15)
        #expect(elapsed < .seconds(5))
        #expect(groupIsGone(outcome.2))
    }

    @Test func cancelMidOutput() throws {
        let log = EventLog()
        let handle = try runner.start(
            CommandRequest(command: "while :; do echo tick; sleep 0.05; done"), events: log.handler)
        while log.output.isEmpty { usleep(10_000) }
        handle.cancel()
        let result = handle.wait()
        #expect(result.cancelled)
        #expect(!result.timedOut)
        #expect(result.output.hasPrefix("tick\n"))
        #expect(groupIsGone(handle.processGroup))
    }

    @Test func aCommandIgnoringSIGTERMIsKilled() throws {
        let (result, _, group) = try run(
            "trap '' TERM; while :; do echo x; sleep 0.05; done",
            timeout: .init(milliseconds: 300), grace: .init(milliseconds: 300))
        #expect(result.timedOut)
        #expect(result.signal == 9)
        #expect(groupIsGone(group))
    }

    @Test func aCommandThatKeepsWritingAfterSIGTERMIsKilled() throws {
        let (result, _, group) = try run(
            "trap 'echo got TERM' TERM; while :; do echo flood; done",
            timeout: .init(milliseconds: 300), grace: .init(milliseconds: 300))
        #expect(result.timedOut)
        #expect(result.signal == 9)
        #expect(result.outputBytes > 1000)
        #expect(result.output.utf8.count <= RecordedResult.outputLimit)
        #expect(groupIsGone(group))
    }

    @Test func aCommandThatClosesItsOutputButRunsOnIsEnded() throws {
        let (result, _, group) = try run("exec >/dev/null 2>&1; sleep 100", timeout: .init(milliseconds: 400))
        #expect(result.timedOut)
        #expect(groupIsGone(group))
    }

    @Test func processesLeftBehindByAFinishedCommandAreStopped() throws {
        let clock = ContinuousClock()
        var outcome: (RecordedResult, EventLog, Int32?)!
        let elapsed = try clock.measure { outcome = try run("sleep 100 & echo started") }
        #expect(outcome.0.exitCode == 0)
        #expect(outcome.0.output == "started\n")
        #expect(elapsed < .seconds(3))
        #expect(groupIsGone(outcome.2))
    }

    @Test func fullOutputFileIsFaithfulAndPrivate() throws {
        let dir = try TemporaryFolder()
        let file = dir.url.appendingPathComponent("out.bin").path
        let (result, _, _) = try run(
            #"printf 'a\000b\033[31mred\033[0m\r\n\377\376 end'; printf 'err\n' >&2"#, outputFile: file)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        #expect(
            bytes == Array("a".utf8) + [0, 98, 0x1b] + Array("[31mred".utf8) + [0x1b] + Array("[0m\r\n".utf8)
                + [0xff, 0xfe] + Array(" end".utf8) + Array("err\n".utf8))
        #expect(result.outputFile == file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }

    /// A flood is written around the page cache in aligned blocks, the rest buffered: the
    /// file must still hold every byte in order, across a pause that leaves it unaligned,
    /// in the temporary folder and on tmpfs (which may refuse direct writes).
    @Test(arguments: ["temporary", "/dev/shm"])
    func aFloodedOutputFileIsFaithful(_ place: String) throws {
        let dir = try TemporaryFolder()
        let folder = place == "temporary" ? dir.url.path : place
        guard FileManager.default.isWritableFile(atPath: folder) else { return }
        let file = folder + "/runbook-flood-\(getpid())-\(UUID().uuidString).txt"
        defer { unlink(file) }
        let command = "seq 1 3000000; sleep 0.5; printf 'odd'; seq 7 2500000; printf 'no newline'"
        let expected = dir.url.appendingPathComponent("expected.txt").path
        #expect(system("sh -c \"\(command)\" > \(expected)") == 0)
        let (result, log, _) = try run(command, outputFile: file, log: EventLog(keepChunks: false))
        let written = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(result.exitCode == 0)
        #expect(written.count == log.streamedBytes)
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: expected))))
    }

    /// While a flood pauses, what waits for a whole block reaches the file: someone may be
    /// reading it while the command runs.
    @Test func aPausedFloodIsInTheFileWhileTheCommandWaits() throws {
        let dir = try TemporaryFolder()
        let file = dir.url.appendingPathComponent("out.txt").path
        let log = EventLog(keepChunks: false)
        let bytes = 17_000_001  // past the flood threshold, and not a whole block
        let handle = try runner.start(
            CommandRequest(command: "head -c \(bytes) /dev/zero; sleep 5", timeout: .seconds(20), outputFile: file),
            events: log.handler)
        defer { handle.cancel() }
        var size = 0
        for _ in 0..<400 where size != bytes {  // up to 4 s
            usleep(10_000)
            size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        #expect(log.streamedBytes == bytes)
        #expect(size == bytes, "the file held \(size) of \(bytes) bytes while the command slept")
    }

    @Test func aGigabyteOfOutputKeepsMemoryBounded() throws {
        let log = EventLog(keepChunks: false)
        let (result, _, _) = try run("head -c 1000000000 /dev/zero", timeout: .seconds(120), log: log)
        #expect(result.exitCode == 0)
        #expect(result.outputBytes == 1_000_000_000)
        #expect(log.streamedBytes == 1_000_000_000)
        #expect(result.output.utf8.count == RecordedResult.outputLimit)
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #expect(usage.ru_maxrss < 600 * 1024, "peak RSS \(usage.ru_maxrss) KiB")
    }

    @Test func interactiveCommandsRecordExitAndDuration() throws {
        let result = try InteractiveRunner.run(CommandRequest(command: "sleep 0.2; exit 4"))
        #expect(result.exitCode == 4)
        #expect(result.durationMs >= 200)
        #expect(result.output.isEmpty)
    }

    @Test func dryRunRunsNothing() throws {
        let dir = try TemporaryFolder()
        let marker = dir.url.appendingPathComponent("ran").path
        let result = try DryRunRunner().start(CommandRequest(command: "touch \(marker)"), events: { _ in }).wait()
        #expect(result.output == "dry run, not executed: touch \(marker)\n")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func missingShellIsAClearError() {
        #expect(throws: ExecutionError.self) {
            _ = try runner.start(CommandRequest(command: "true", shell: "/nonexistent/sh"), events: { _ in })
        }
    }
}

struct DisplayTextTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("\u{1b}[31mred\u{1b}[0m text", "red text"),
        ("title\u{1b}]0;pwned\u{07}after", "titleafter"),
        ("osc\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\", "osclink"),
        ("10%\r20%\r30%", "30%"),
        ("line\r", "line"),
        ("bell\u{07}nul\u{00}del\u{7f}", "bell␇nul␀del␡"),
        ("a\tb", "a       b"),
        ("c1 \u{9b}31m csi", "c1 \u{FFFD}31m csi"),
        ("bidi \u{202e}evil", "bidi \u{FFFD}evil"),
        ("cursor\u{1b}[2J\u{1b}[Hhome", "cursorhome"),
        ("trailing esc \u{1b}", "trailing esc ")
    ])
    func sanitizes(_ input: String, _ expected: String) {
        #expect(DisplayText.line(Array(input.utf8)) == expected)
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        #expect(DisplayText.line([0x61, 0xff, 0xfe, 0x62]) == "a\u{FFFD}\u{FFFD}b")
    }

    @Test func outputWindowIsBoundedAndSplitsLongLines() {
        var window = OutputWindow(capacity: 100, maxLineBytes: 50)
        for i in 0..<1000 { window.append(OutputChunk(stream: .stdout, bytes: Array("line \(i)\n".utf8), atMs: 0)) }
        #expect(window.count == 100)
        #expect(window.dropped == 900)
        #expect(window.visible.first?.text == "line 900")
        window.append(OutputChunk(stream: .stderr, bytes: Array(repeating: UInt8(ascii: "x"), count: 120), atMs: 0))
        #expect(window.partialLine(.stderr)?.bytes.count == 20)
        window.flush()
        #expect(window.visible.suffix(3).map(\.text.count) == [50, 50, 20])
        #expect(window.visible.last?.stream == .stderr)
    }
}

struct RemoteAndSafetyTests {
    /// A stand-in for `ssh` records its arguments and runs the remote command
    /// with sh, as sshd would with the user's shell. It is run through /bin/sh
    /// by path and PATH holds nothing else, so the real ssh can never be
    /// reached (no test sends traffic anywhere but loopback).
    @Test func sshTemplateQuotesTheCommandOnceMoreForTheRemoteShell() throws {
        let dir = try TemporaryFolder()
        let argsFile = dir.url.appendingPathComponent("argv").path
        let fake = try dir.write(
            "bin/ssh",
            """
            for a in "$@"; do printf '[%s]' "$a"; done > '\(argsFile)'
            while [ "$1" != "--" ]; do shift; done; shift 2
            PATH=/usr/bin:/bin exec /bin/sh -c "$*"
            """)
        let hostile = "x'; touch \(dir.url.path)/pwned; echo '$(id)"
        let command = try ShellQuote.render("printf '%s' {{pod}} | wc -c", values: ["pod": hostile])
        let template = RemoteCommand.defaultTemplate.replacingOccurrences(of: "ssh -o", with: "/bin/sh \(fake) -o")
        let wrapped = try RemoteCommand.wrap(command, host: "127.0.0.1", template: template)
        let result = try ProcessRunner().start(
            CommandRequest(command: wrapped, environment: ["PATH": dir.url.path + "/empty"]),
            events: { _ in }
        ).wait()
        #expect(result.exitCode == 0)
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(hostile.utf8.count)")
        let argv = try String(contentsOfFile: argsFile, encoding: .utf8)
        #expect(argv == "[-o][BatchMode=yes][-o][ConnectTimeout=10][--][127.0.0.1][\(command)]")
        #expect(!FileManager.default.fileExists(atPath: dir.url.appendingPathComponent("pwned").path))
    }

    @Test(arguments: [
        ("kubectl delete pod -n armada x", "delete"), ("kubectl drain node1", "drain"), ("kubectl cordon n", "cordon"),
        ("sudo reboot", "reboot"), ("rm -rf /tmp/x", "rm -rf"), ("kill -9 42", "kill"),
        ("kubectl scale deploy x --replicas=0", "scale deploy x --replicas=0")
    ])
    func dangerousCommandsAreFlagged(_ command: String, _ word: String) throws {
        #expect(try DangerousCommands().reason(command) == word)
    }

    @Test(arguments: ["kubectl get pods", "kubectl describe node 10.0.0.1", "top -o %MEM", "skill-check", "rm file.txt"]
    )
    func ordinaryCommandsAreNot(_ command: String) throws {
        #expect(try DangerousCommands().reason(command) == nil)
    }

    @Test func extraPatternsFromConfiguration() throws {
        #expect(try DangerousCommands(extra: [#"\bfailover\b"#]).reason("run vip failover now") == "failover")
    }

    @Test func planOfTheSeedDeleteStepAsksFirst() throws {
        let seed = try #require(RunbookLoader().load(path: Paths.seed).runbook)
        var w = try Walker(seed, alert: AlertParser.parse(SeedWalkTests.title + "\n" + SeedWalkTests.labelBody))
        try w.choose("other-service"); try w.choose("carrier"); try w.choose("done")
        try w.set("calico_ns", "kube-system")
        let calico = try #require(w.session.commandPlan())
        #expect(calico.confirmation == nil)
        #expect(calico.timeout == .seconds(60))
        #expect(calico.environment["RUNBOOK_WORKER_IP"] == "10.176.31.239")
        let edited = try #require(w.session.commandPlan(edited: "kubectl delete pod calico-node-x"))
        #expect(edited.edited)
        #expect(edited.confirmation == "the command contains 'delete'")
        try w.run(output: "1/1 Running"); try w.choose("running"); try w.choose("deadline")
        let curl = try #require(w.session.commandPlan())
        #expect(
            try curl.shellCommand(ExecutionConfig())
                == "ssh -o BatchMode=yes -o ConnectTimeout=10 -- 10.176.31.239 'time curl -k 10.176.31.239:9100/metrics'"
        )
    }
}

/// Issue 20: whatever a command prints, the window stays small and counts right.
struct OutputFloodTests {
    @Test func aChunkOfManyLinesKeepsTheLastOnesAndCountsTheRest() {
        var window = OutputWindow(capacity: 100)
        let lines = (0..<50_000).map { "line \($0)\n" }.joined()
        window.append(OutputChunk(stream: .stdout, bytes: Array(lines.utf8), atMs: 0))
        #expect(window.count == 100)
        #expect(window.dropped == 49_900)
        #expect(window.visible.first?.text == "line 49900")
        #expect(window.visible.last?.text == "line 49999")
        window.append(OutputChunk(stream: .stdout, bytes: Array("tail\n".utf8), atMs: 0))
        #expect(window.visible.last?.text == "tail")
    }

    /// Chunks split wherever the pipe splits them: however the same bytes
    /// arrive (in one flood-sized chunk, in random pieces, a byte at a time
    /// near the end), the window keeps the same lines, drops the same count
    /// and holds the same unfinished line.
    @Test(arguments: [(capacity: 50, maxBytes: 1 << 20), (capacity: 5000, maxBytes: 4096)], [false, true])
    func theSameBytesInAnyChunksMakeTheSameWindow(limits: (capacity: Int, maxBytes: Int), longLines: Bool) {
        let (capacity, maxBytes) = limits
        var rng = FuzzTests.SplitMix64(state: UInt64(capacity + maxBytes))
        var text: [UInt8] = []
        while text.count < 200_000 {
            // Line lengths that are no multiple of the piece size, which a chunk boundary could split differently.
            var length = Int(rng.next() % 100)
            if longLines, rng.next() % 50 == 0 { length = 101 + Int(rng.next() % 800) }
            if length > 0, length % 100 == 0 { length += 1 }
            text += (0..<length).map { _ in UInt8(ascii: "a") + UInt8(rng.next() % 26) }
            text.append(UInt8(ascii: "\n"))
        }
        text += Array("unfinished".utf8)
        func window(_ cuts: [Int]) -> OutputWindow {
            var window = OutputWindow(capacity: capacity, maxLineBytes: 100, maxBytes: maxBytes)
            var from = 0
            for cut in cuts.map({ min($0, text.count) }) + [text.count] where cut > from {
                window.append(OutputChunk(stream: .stdout, bytes: Array(text[from..<cut]), atMs: 0))
                from = cut
            }
            return window
        }
        let whole = window([])
        var randomCuts: [Int] = []
        while (randomCuts.last ?? 0) < text.count {
            randomCuts.append((randomCuts.last ?? 0) + 1 + Int(rng.next() % 90_000))
        }
        let bytewiseTail = window(Array(text.count - 3_000..<text.count))
        for other in [window(randomCuts), bytewiseTail] {
            #expect(other.visible.map(\.bytes) == whole.visible.map(\.bytes))
            #expect(other.partialLine(.stdout)?.bytes == Array("unfinished".utf8))
            #expect(other.totalBytes == whole.totalBytes)
        }
        // Piece by piece, every piece of a long line counts; a flood's chunk skips
        // lines unread and counts each once, so there the count may be lower.
        let newlines = text.filter { $0 == UInt8(ascii: "\n") }.count
        if longLines {
            #expect(whole.dropped + whole.count >= newlines)
        } else {
            #expect(window(randomCuts).dropped == whole.dropped)
            #expect(bytewiseTail.dropped == whole.dropped)
            #expect(whole.dropped + whole.count == newlines)
        }
        #expect(whole.count <= capacity)
        #expect(whole.count < newlines)
        #expect(whole.visible.allSatisfy { $0.bytes.count <= 100 })
        #expect(whole.visible.reduce(0) { $0 + $1.bytes.count } <= maxBytes)
    }

    @Test func linesWithoutNewlinesAreBoundedInBytes() {
        var window = OutputWindow(capacity: 5000, maxLineBytes: 16 * 1024, maxBytes: 1024 * 1024)
        for _ in 0..<64 {
            window.append(OutputChunk(stream: .stdout, bytes: [UInt8](repeating: 0, count: 64 * 1024), atMs: 0))
        }
        let kept = window.visible.reduce(0) { $0 + $1.bytes.count }
        #expect(kept <= 1024 * 1024)
        #expect(window.totalBytes == 64 * 64 * 1024)
        #expect(window.visible.allSatisfy { $0.bytes.count == 16 * 1024 })
    }

    @Test func aLongLineIsShownFromItsStartWithoutConvertingAllOfIt() {
        let line = OutputWindow.Line(bytes: [UInt8](repeating: 0, count: 16 * 1024), stream: .stdout)
        // Only what a row of 80 columns can show is made (a flood of one endless line redraws it every frame).
        #expect(line.text(columns: 80) == String(repeating: "␀", count: 80))
        let tabs = OutputWindow.Line(bytes: Array("\tx\ty".utf8), stream: .stdout)
        #expect(tabs.text(columns: 10) == "        x       ")  // a tab is whole or not at all
        #expect(tabs.text(columns: 80) == "        x       y")
        #expect(DisplayText.line(Array("abc\u{1b}[31mdef".utf8), maxColumns: 4) == "abcd")
        let progress = OutputWindow.Line(bytes: Array("10%\r20%\r30%".utf8), stream: .stdout)
        #expect(progress.text(columns: 80) == "30%")
    }
}
