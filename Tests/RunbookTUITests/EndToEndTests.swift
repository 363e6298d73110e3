import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
import TestSupport

/// A private tmux server with one pane of a fixed size, running a shell.
final class Tmux {
    let socket = "runbook-e2e-\(UUID().uuidString.prefix(8))"
    let home: URL

    struct Missing: Error, CustomStringConvertible {
        var description: String { "tmux is not installed: apt-get install tmux" }
    }

    init(width: Int = 100, height: Int = 30) throws {
        // Without tmux (a required test in CI), fail at once and say why, not after every wait's timeout.
        guard RequiredTool.available("tmux") else { throw Missing() }
        home = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try tmux([
            "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-c", Paths.repository.path,
            "env", "-i", "PATH=\(ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")", "HOME=\(home.path)",
            "XDG_STATE_HOME=\(home.path)/state", "TERM=xterm-256color", "LANG=C.UTF-8", "USER=alice",
            "bash", "--norc", "--noprofile"
        ])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(at: home)
    }

    /// Runs tmux through the project's own executor: Foundation's Process
    /// waits on a descriptor that tmux's forked server keeps open.
    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        // The tmux server is meant to outlive this command: without the executor's
        // command id it is no escapee of it (the teardown tests make this process a subreaper).
        let words = ["env", "-u", Escapees.marker, "tmux", "-L", socket, "-f", "/dev/null"] + arguments
        let command =
            words.map(ShellQuote.quote).joined(separator: " ") + " 2>/dev/null </dev/null"
            + (arguments.first == "capture-pane" ? "" : " >/dev/null")
        let result = try ProcessRunner().start(
            CommandRequest(command: command, timeout: .seconds(20)), events: { _ in }
        ).wait()
        return result.output
    }

    func type(_ text: String) throws { try tmux(["send-keys", "-l", text]) }
    func keys(_ keys: String...) throws { try tmux(["send-keys"] + keys) }
    func screen() throws -> String { try tmux(["capture-pane", "-p"]) }

    /// Waits until the screen contains `text` (up to `seconds`); returns the screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 15) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(100_000)
        }
        Issue.record("timed out waiting for \"\(text)\"; the screen was:\n\(last)")
        return last
    }

    /// Writes a file (a runbook) into this terminal's home; returns its path.
    func write(_ name: String, _ text: String) throws -> String {
        let path = home.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func run(_ commandLine: String) throws {
        try type(commandLine)
        try keys("Enter")
    }
}

/// The built binary in a real terminal: keys in with send-keys, the screen read with capture-pane.
@Suite(.serialized, .requires("tmux", package: "tmux"))
struct EndToEndTests {
    let binary = Paths.binary

    func alertFile(_ t: Tmux) throws -> String {
        let path = t.home.appendingPathComponent("alert.txt").path
        try Harness.alertText.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Pick the seed, answer a prompt, run a real command, accept the suggestion, go back, add a note, quit.
    @Test func walkTheSeedRunbook() throws {
        let t = try Tmux()
        let journal = t.home.appendingPathComponent("walk.jsonl").path
        try t.run("\(binary) --library runbooks --alert \(try alertFile(t)) --journal \(journal)")
        try t.waitFor("Runbooks whose match: fits it")
        try t.waitFor("Handle a Prometheus scrape-failure alert")
        try t.keys("Enter")
        try t.waitFor("Is node-exporter the failing service?")
        try t.waitFor("suggested because the alert does not contain 'node-exporter'")
        try t.keys("Enter")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("Enter")
        try t.keys("Enter")
        try t.waitFor("IKS version of the carrier or tugboat?")
        try t.keys("1")
        try t.waitFor("$ kubectl get pods -n kube-system -l k8s-app=calico-node -o wide | grep 10.176.31.239")
        try t.keys("e", "C-u")
        try t.type("echo checking; sleep 1; printf 'calico-node-x   1/1     Running   0   1d\\n'")
        try t.keys("Enter")
        try t.waitFor("checking")
        let streaming = try t.screen()
        #expect(streaming.contains("running"), "the spinner shows while the command runs")
        try t.waitFor("exit 0 in")
        try t.waitFor("suggested because output matched /1/1\\s+Running/")
        try t.keys("Enter")
        try t.waitFor("Find the scrape error on the Prometheus targets page")
        try t.keys("b")
        try t.waitFor("Verify calico-node is running on the worker")
        try t.keys("c")
        try t.waitFor("Note for the journal")
        try t.type("paged at 03:12, calico fine")
        try t.keys("Enter")
        try t.waitFor("Note added to the journal.")
        try t.keys("q")
        let end = try t.waitFor("Resume with: runbook resume \(journal)")
        #expect(end.contains("Journal: \(journal)"))
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains(#""type":"went-back""#))
        #expect(text.contains(#""text":"paged at 03:12, calico fine""#))
        #expect(text.contains(#""source":"choice""#))
        #expect(text.contains(#""suggested":"running""#))
    }

    /// The seed's "find the pod, read its port, port-forward" with a stand-in kubectl:
    /// the pod's name is captured from the listing and the port from the template's
    /// output, and the port-forward runs with both (8080, not the alert's 9100).
    @Test func capturedValuesReachTheNextCommands() throws {
        let t = try Tmux(width: 120, height: 36)
        let bin = t.home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let log = t.home.appendingPathComponent("kubectl.log").path
        let kubectl = try t.write(
            "bin/kubectl",
            """
            #!/bin/sh
            printf '%s\n' "$*" >> \(log)
            case "$*" in
              *"get pods -n kube-system"*) echo "calico-node-x   1/1   Running   0   1d   10.176.31.239" ;;
              *"get pods --all-namespaces"*)
                echo "armada   armada-api-5867d86996-5fgc2   1/1   Running   0   3d   10.176.31.239   10.176.31.239" ;;
              *"--template"*) echo 8080 ;;
              *port-forward*) echo "Forwarding from 127.0.0.1:$5 -> $5"; sleep 30 ;;
            esac
            """)
        chmod(kubectl, 0o755)
        let journal = t.home.appendingPathComponent("walk.jsonl").path
        try t.run(
            "PATH=\(bin.path):$PATH \(binary) armada-scrape-failure --library runbooks --alert \(try alertFile(t)) --journal \(journal)"
        )
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("Enter")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("Enter")
        try t.keys("Enter")
        try t.waitFor("IKS version of the carrier or tugboat?")
        try t.keys("1")
        try t.waitFor("$ kubectl get pods -n kube-system")
        try t.keys("Enter")
        try t.waitFor("suggested because output matched")
        try t.keys("Enter")
        try t.waitFor("Find the scrape error on the Prometheus targets page")
        try t.keys("4")  // another error, or none shown: find the pod
        try t.waitFor("Find the pod matching the problem host IP")
        try t.keys("Enter")
        try t.waitFor("Captured from the output: target_pod = armada-api-5867d86996-5fgc2")
        try t.keys("Enter")
        try t.waitFor("Discover the port of the pod")
        try t.keys("Enter")
        try t.waitFor("Captured from the output: port = 8080")
        try t.keys("Enter")
        try t.waitFor("$ kubectl port-forward -n armada armada-api-5867d86996-5fgc2 8080")
        try t.keys("Enter")
        try t.waitFor("Forwarding from 127.0.0.1:8080 -> 8080")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
        let calls = try String(contentsOfFile: log, encoding: .utf8)
        #expect(calls.contains("port-forward -n armada armada-api-5867d86996-5fgc2 8080\n"), "\(calls)")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        let captured = text.split(separator: "\n").filter { $0.contains(#""source":"captured""#) }
        #expect(captured.count == 2)
        #expect(
            captured.last?.contains(#""name":"port""#) == true && captured.last?.contains(#""value":"8080""#) == true)
    }

    /// A step with a 2-second time-box: the banner comes without a key, blocks none,
    /// and E records the escalation and says whom to.
    @Test func aTimeboxPromptsAndTheEscalationIsRecorded() throws {
        let t = try Tmux(width: 120, height: 30)
        let runbook = try t.write(
            "boxed.yaml",
            """
            runbook: boxed
            title: Boxed
            start: look
            steps:
              look:
                title: Look at the disks
                timebox: { after: 2s, to: the storage squad (#storage-oncall) }
                outcomes:
                  fine: { label: Fine, next: done }
                  bad: { label: Bad, next: done }
              done: { title: Done, end: resolved }
            """)
        let journal = t.home.appendingPathComponent("boxed.jsonl").path
        try t.run("\(binary) \(runbook) --journal \(journal)")
        try t.waitFor("Look at the disks")
        try t.waitFor("past its 2s time-box · E: escalate to the storage squad (#storage-oncall) · z: snooze 15m")
        try t.keys("c")  // the banner blocks no key
        try t.waitFor("Note for the journal")
        try t.keys("Escape")
        usleep(400_000)  // an Escape followed at once by a letter is Alt and the letter
        try t.keys("E")
        try t.waitFor("Escalate to: the storage squad (#storage-oncall)")
        try t.keys("Escape")
        try t.keys("1")
        try t.waitFor("Done")
        try t.keys("Enter")
        try t.waitFor("Walk ended: resolved")
        try t.keys("q")
        try t.waitFor("Transcript: runbook export")
        let types = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").compactMap { line in
            line.range(of: #""type":"[a-z-]+""#, options: .regularExpression).map { String(line[$0]) }
        }
        #expect(types.contains(#""type":"timebox-passed""#))
        #expect(types.contains(#""type":"timebox-escalated""#))
        let passed = types.firstIndex(of: #""type":"timebox-passed""#) ?? 99
        let escalated = types.firstIndex(of: #""type":"timebox-escalated""#) ?? -1
        #expect(passed < escalated)
    }

    /// The bash completions: runbook ids right after `runbook` and after `walk`, scenario
    /// ids after `practice`, and file names wherever nothing else matches.
    @Test func bashCompletesIdsAndStillFileNames() throws {
        let t = try Tmux(width: 120, height: 20)
        let bin = t.home.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: bin.appendingPathComponent("runbook").path, withDestinationPath: binary)
        try t.run("export PATH=\(bin.path):$PATH; source <(runbook completions bash); clear")
        for (typed, completed) in [
            ("runbook armada-sc", "runbook armada-scrape-failure"),
            ("runbook walk armada-sc", "runbook walk armada-scrape-failure"),
            ("runbook practice crashloo", "runbook practice crashlooping-pod"),
            ("runbook runbooks/armada-sc", "runbook runbooks/armada-scrape-failure.yaml"),
            ("runbook validate runbooks/pra", "runbook validate runbooks/practice/")
        ] {
            try t.type(typed)
            try t.keys("Tab")
            try t.waitFor(completed, seconds: 10)
            try t.keys("C-u")
        }
        try t.run("runbook --version")
        try t.waitFor("runbook 0.")
    }

    /// `runbook import` on the seed document, then the imported runbook walked in the UI:
    /// the alert suggests the first decision, and a branch's command is filled in from it.
    @Test func importTheSeedDocumentAndWalkIt() throws {
        let t = try Tmux()
        let out = t.home.appendingPathComponent("imported").path
        let seed = Paths.repository.appendingPathComponent(
            "Tests/RunbookGraphTests/Fixtures/markdown/armada-global-scrape-failure.md"
        ).path
        try t.run("\(binary) import \(seed) -o \(out)/ && echo IMPORT''ED")
        try t.waitFor("IMPORTED")
        #expect(try t.screen().contains("13 commands"))
        try t.run("clear; \(binary) \(out)/armada-global-scrape-failure.yaml --alert \(try alertFile(t))")
        try t.waitFor("Is there a node-exporter failure?")
        try t.waitFor("suggested because the alert does not contain 'node-exporter'")
        try t.keys("Enter")
        try t.waitFor("Is the carrier a tugboat")
        try t.keys("2")
        try t.waitFor("Troubleshooting tips")
        try t.keys("Enter")
        // `export WORKER_IP=<worker IP address>` became a variable read from the alert's hostname.
        try t.waitFor("Is the carrier or tugboat running IKS version 1.28 or lower?")
        try t.keys("1")
        try t.waitFor("$ kubectl get pods -n kube-system -l k8s-app=calico-node -o wide | grep 10.176.31.239")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// `runbook page.md`: a Markdown runbook is imported in memory and walked; its
    /// review notes show on their steps; nothing is written next to the page.
    @Test func walkAMarkdownPageDirectly() throws {
        let t = try Tmux(width: 120, height: 36)
        let page = try t.write(
            "out-of-disk.md",
            """
            # Out of disk

            * Check `df -h /tmp`

            * If the `pg_xlog` directory is the problem:

            If the replica cannot be resurrected then run `select pg_drop_replication_slot('slot_name');`
            """)
        try t.run("\(binary) \(page)")
        try t.waitFor("Check `df -h /tmp`")
        try t.keys("Enter")
        try t.waitFor("exit 0")
        try t.keys("1")
        try t.waitFor("Is the `pg_xlog` directory the problem?")
        // The importer's note on this step is on screen.
        try t.waitFor("Review:")
        try t.keys("1")
        try t.waitFor("The replica cannot be resurrected?")
        try t.keys("1")
        // The SQL is text with a note, never a command sh would run.
        let screen = try t.waitFor("SQL")
        #expect(!screen.contains("$ select"))
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
        #expect(!FileManager.default.fileExists(atPath: t.home.appendingPathComponent("out-of-disk.yaml").path))
    }

    /// An interactive command gets the whole terminal (its prompt is answered by
    /// typing), then the UI comes back with the exit status recorded.
    @Test func interactiveCommandGetsTheTerminalAndComesBack() throws {
        let t = try Tmux()
        let journal = t.home.appendingPathComponent("i.jsonl").path
        let answer = t.home.appendingPathComponent("answer.txt").path
        let runbook = try t.write(
            "interactive.yaml",
            """
            runbook: interactive
            title: Interactive
            start: ask
            steps:
              ask:
                title: Answer the prompt
                run: { command: "printf 'type %s: ' something; read answer; echo \\"$answer\\" > \(answer); exit 3", interactive: true }
                outcomes:
                  done: { next: end }
              end: { title: End, end: resolved }
            """)
        try t.run("\(binary) \(runbook) --journal \(journal)")
        try t.waitFor("Answer the prompt")
        usleep(300_000)
        try t.keys("Enter")
        // Printed by the command only (the UI shows `type %s`): the terminal is the command's now.
        try t.waitFor("type something:")
        try t.type("hello")
        try t.keys("Enter")
        // What it printed stays until Enter; then the UI redraws with the result.
        try t.waitFor("[runbook] exit 3. Press Enter to return to the walk.")
        #expect(try t.screen().contains("type something: hello"))
        try t.keys("Enter")
        try t.waitFor("exit 3 in")
        #expect(try String(contentsOfFile: answer, encoding: .utf8) == "hello\n", "the command read what was typed")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains(#""exitCode":3"#), "the result is journaled")
        // What it printed is in the journal too (recorded through util-linux's script).
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/script") {
            #expect(text.contains("type something: hello"), "the output is journaled:\n\(text)")
        }
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Ctrl-C cancels a running `sleep 100` (the process is gone) and the tool stays.
    /// Issue 11: a label made of shell code, in a placeholder inside double quotes,
    /// is shown and printed literally, and nothing runs.
    @Test func aHostileLabelInsideQuotesIsPrintedNotRun() throws {
        let t = try Tmux()
        let alert = t.home.appendingPathComponent("alert.txt").path
        let pwned = t.home.appendingPathComponent("PWNED").path
        let runbook = try t.write(
            "quoted.yaml",
            """
            runbook: quoted
            title: Quoted placeholder
            variables:
              pod: { from: alert.pod }
            start: say
            steps:
              say:
                title: Say which pod
                run: { command: 'echo "pod is {{pod}}"' }
                next: end
              end: { title: End, end: resolved }
            """)
        try "Labels:\n- alertname = PodDown\n- pod = $(touch \(pwned))`touch \(pwned)`\n".write(
            toFile: alert, atomically: true, encoding: .utf8)
        try t.run("\(binary) \(runbook) --alert \(alert) --journal \(t.home.path)/q.jsonl")
        try t.waitFor("Say which pod")
        let shown = try t.waitFor(#"$ echo "pod is \$(touch"#)
        #expect(shown.contains(#"\`touch"#), "the backticks are shown escaped:\n\(shown)")
        usleep(300_000)
        try t.keys("Enter")
        try t.waitFor("pod is $(touch \(pwned))`touch \(pwned)`")
        try t.waitFor("exit 0")
        #expect(!FileManager.default.fileExists(atPath: pwned), "the label ran as code")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    @Test func ctrlCCancelsTheCommandNotTheTool() throws {
        let t = try Tmux()
        let runbook = try t.write(
            "sleepy.yaml",
            """
            runbook: sleepy
            title: Sleepy
            start: wait
            steps:
              wait:
                title: Wait a long time
                run: sleep 100.4242
                outcomes:
                  done: { next: end }
              end: { title: End, end: resolved }
            """)
        try t.run("\(binary) \(runbook)")
        try t.waitFor("Wait a long time")
        try t.keys("Enter")
        try t.waitFor("running")
        #expect(!pids("sleep 100.4242").isEmpty)
        try t.keys("C-c")
        try t.waitFor("cancelled")
        usleep(300_000)
        #expect(pids("sleep 100.4242").isEmpty, "the command's process is gone")
        #expect(try t.screen().contains("Wait a long time"), "the tool is still there")
        // Resize below the minimum and back: a clear message, then the same screen.
        try t.tmux(["resize-window", "-x", "50", "-y", "14"])
        try t.waitFor("Terminal too small: 50x14")
        try t.tmux(["resize-window", "-x", "100", "-y", "30"])
        try t.waitFor("Wait a long time")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Quit, resume from the journal in a new process, finish, export, read the file.
    @Test func resumeAndExport() throws {
        let t = try Tmux()
        let journal = t.home.appendingPathComponent("walk.jsonl").path
        try t.run("\(binary) runbooks/armada-scrape-failure.yaml --alert \(try alertFile(t)) --journal \(journal)")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("2")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume \(journal)")
        try t.run("clear; \(binary) resume \(journal) --operator bob")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("Enter")
        try t.waitFor("Look the node up with the Chlorine bot")
        try t.keys("Enter")
        try t.waitFor("IKS version")
        try t.keys("2")
        try t.keys("e", "C-u")
        try t.type("printf 'calico-node-x 0/1 CrashLoopBackOff\\n'")
        try t.keys("Enter")
        try t.waitFor("suggested because output did not match")
        try t.keys("Enter")
        try t.waitFor("Follow the linked runbook")
        try t.keys("Enter")
        try t.waitFor("Did the page auto-resolve after fixing calico-node?")
        try t.keys("1")
        try t.waitFor("End: resolved")
        try t.keys("Enter")
        try t.waitFor("Walk ended: resolved")
        try t.keys("x")
        let transcript = t.home.appendingPathComponent("walk.md").path
        try t.waitFor("Transcript: \(transcript)")
        let markdown = try String(contentsOfFile: transcript, encoding: .utf8)
        #expect(markdown.hasPrefix("# Incident transcript: Handle a Prometheus scrape-failure alert"))
        #expect(markdown.contains("| Operators | alice, bob |"))
        #expect(markdown.contains("| Outcome | resolved |"))
        #expect(markdown.contains("$ printf 'calico-node-x 0/1 CrashLoopBackOff\\n'"))
        #expect(markdown.contains("Edited before running"))
        try t.keys("q")
        try t.waitFor("Walk ended: resolved. Journal: \(journal)")
    }

    /// SIGTERM to the running UI: the terminal is back in its normal mode.
    /// Every signal that ends a process by default leaves the terminal as it was:
    /// the ones sent to end it quit through the normal path (the journal says how
    /// to resume); the crash ones restore it from the handler and die.
    @Test(arguments: [
        ("TERM", SIGTERM, true), ("HUP", SIGHUP, true), ("QUIT", SIGQUIT, true), ("USR1", SIGUSR1, true),
        ("ALRM", SIGALRM, true), ("XCPU", SIGXCPU, false), ("ABRT", SIGABRT, false), ("SEGV", SIGSEGV, false)
    ])
    func everyEndingSignalRestoresTheTerminal(_ name: String, _ signal: Int32, _ graceful: Bool) throws {
        let t = try Tmux()
        try t.run("\(binary) runbooks/armada-scrape-failure.yaml --journal \(t.home.path)/j.jsonl")
        try t.waitFor("Is node-exporter the failing service?")
        let pid = try #require(pids("runbooks/armada-scrape-failure.yaml --journal \(t.home.path)/j.jsonl").first)
        kill(pid, signal)
        if graceful { try t.waitFor("Resume with: runbook resume") }
        try t.run("echo; stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo")
        let screen = try t.waitFor("\nicanon echo")
        let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.contains("icanon echo"), "SIG\(name): canonical mode and echo are back on")
    }

    /// Issue 20: the pattern that froze the UI for minutes on a 65 KB log line.
    /// The suggestion is given up on within its budget and keys answer at once.
    @Test func aCatastrophicPatternNeverFreezesTheKeys() throws {
        let t = try Tmux()
        let journal = t.home.appendingPathComponent("slow.jsonl").path
        let runbook = try t.write(
            "slow.yaml",
            #"""
            runbook: slow
            title: Slow pattern
            start: logs
            steps:
              logs:
                title: Read the logs
                run: "printf 'etcd %.0s' $(seq 13000); echo"
                outcomes:
                  etcd: { label: etcd trouble, when: { output_matches: '(?i)etcd[^\n]*(context deadline exceeded|connection refused|timed out)' }, next: done }
                  other: { label: something else, next: done }
              done: { title: Done, end: resolved }
            """#)
        try t.run("\(binary) \(runbook) --journal \(journal)")
        try t.waitFor("Read the logs")
        usleep(300_000)
        try t.keys("Enter")
        try t.waitFor("no suggestion: a pattern took longer than 250 ms")
        var worst = 0.0
        for key in ["?", "Escape", "?", "Escape"] {
            let before = try t.screen()
            let sent = Date()
            try t.keys(key)
            while try t.screen() == before, Date().timeIntervalSince(sent) < 10 { usleep(5_000) }
            worst = max(worst, Date().timeIntervalSince(sent))
        }
        print("key answered within \(Int(worst * 1000)) ms (tmux round trip included) while the pattern runs on")
        #expect(worst < 0.5, "a key took \(worst) s")
        try t.keys("2")
        try t.waitFor("End: resolved")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(
            text.contains("no suggestion: a pattern took longer than 250 ms"),
            "the journal says why there was no suggestion")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Issue 20: quitting the tool in any way while a command's child has left
    /// its group (and holds its output, or ignores SIGTERM) never hangs and
    /// leaves no survivor.
    @Test(arguments: ["q", "TERM", "HUP", "close-pty"], ["setsid", "python-ignores-term"])
    func quittingWithEscapeesLeavesNoSurvivor(_ how: String, _ technique: String) throws {
        let t = try Tmux()
        let runbook = t.home.appendingPathComponent("escape.yaml").path
        let pidfile = t.home.appendingPathComponent("pid").path
        let command =
            technique == "setsid"
            ? "setsid sh -c 'echo $$ > \(pidfile); exec sleep 1000'"
            : "python3 -c 'import signal,time,os; signal.signal(signal.SIGTERM, signal.SIG_IGN); open(\"\(pidfile)\",\"w\").write(str(os.getpid())); time.sleep(1000)'"
        try """
        runbook: escape
        title: Escape
        start: run
        steps:
          run:
            title: Start something that gets away
            run:
              command: |
                \(command)
            next: done
          done: { title: Done, end: resolved }
        """.write(toFile: runbook, atomically: true, encoding: .utf8)
        try t.run("\(binary) \(runbook) --journal \(t.home.path)/e.jsonl")
        try t.waitFor("Start something that gets away")
        usleep(300_000)
        try t.keys("Enter")
        var escapee: pid_t?
        for _ in 0..<100 where escapee == nil {
            escapee = (try? String(contentsOfFile: pidfile, encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            usleep(50_000)
        }
        let pid = try #require(escapee)
        let tool = try #require(pids("\(runbook) --journal").first)
        let started = Date()
        switch how {
        case "q": try t.keys("q"); try t.waitFor("A command is still running"); try t.keys("1")  // stop it and quit
        case "TERM": kill(tool, SIGTERM)
        case "HUP": kill(tool, SIGHUP)
        default: try t.tmux(["kill-pane"])
        }
        while ProcessState.isAlive(tool), Date().timeIntervalSince(started) < 10 { usleep(50_000) }
        let took = Date().timeIntervalSince(started)
        #expect(!ProcessState.isAlive(tool), "\(how)/\(technique): the tool hung")
        #expect(took < 5, "\(how)/\(technique): took \(took) s")
        usleep(200_000)
        #expect(!ProcessState.isAlive(pid), "\(how)/\(technique): pid \(pid) survived")
        if ProcessState.isAlive(pid) { kill(pid, SIGKILL) }
    }

    /// Issue 13 (6): a prompt edits as readline does, with the keys a terminal really sends
    /// (arrows, Home, Ctrl-W, Ctrl-K, Alt-B as Esc b); the note recorded is the edited text.
    @Test func promptsEditLikeReadline() throws {
        let t = try Tmux(width: 100, height: 30)
        let journal = t.home.appendingPathComponent("edit.jsonl").path
        try t.run("\(binary) \(Paths.seed) --alert \(try alertFile(t)) --journal \(journal)")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("c")
        try t.waitFor("Note for the journal")
        try t.type("paged at 03:12 by oncall")
        try t.keys("M-b", "M-b", "M-b", "M-b")  // to before "03"
        try t.keys("C-k")  // "paged at "
        try t.type("3am")
        try t.keys("Home", "Delete")
        try t.type("P")
        try t.keys("End", "Left", "Left", "Left", "C-w")  // the word before "3am": "at "
        try t.keys("End")
        try t.type(" ok")
        try t.keys("Enter")
        try t.waitFor("Note added to the journal.")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(text.contains("\"Paged 3am ok\""), "\(text)")
    }

    /// Issue 13 (14): the UI draws on /dev/tty, so standard output carries only data:
    /// `practice --json > file` shows the walk on the screen and writes the debrief alone to the file.
    @Test func practiceJSONGoesToAFileWhileTheUIDrawsOnTheTerminal() throws {
        let t = try Tmux(width: 100, height: 30)
        let out = t.home.appendingPathComponent("debrief.json").path
        try t.run("\(binary) practice http-404 --library runbooks --json > \(out); echo EXIT=$?")
        try t.waitFor("PRACTICE")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("2")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("q")
        try t.waitFor("EXIT=0")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "only JSON in the file:\n\(text)"
        )
        #expect(json["score"] != nil, "\(json.keys)")
        #expect(!text.contains("\u{1b}"), "no terminal codes in the file")
        // The messages for people went to the screen (standard error).
        #expect(try t.screen().contains("Resume with: runbook resume"))
    }

    /// Issue 13 (12): Ctrl-Z gives the shell its terminal back (the job is stopped) and `fg` brings the walk back.
    @Test func ctrlZSuspendsAndFgComesBack() throws {
        let t = try Tmux(width: 100, height: 30)
        try t.run("\(binary) \(Paths.seed) --alert \(try alertFile(t)) --journal \(t.home.path)/z.jsonl")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("C-z")
        try t.waitFor("Stopped")
        try t.run("echo SHELL-IS-BACK")
        try t.waitFor("SHELL-IS-BACK")
        try t.run("fg")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Issue 13 (11): half a split screen (60x16) still walks: the compact layout, a
    /// footer that keeps `?` and `q`, and a help that scrolls.
    @Test func aWalkAt60x16() throws {
        let t = try Tmux(width: 60, height: 16)
        try t.run("\(binary) \(Paths.seed) --alert \(try alertFile(t)) --journal \(t.home.path)/small.jsonl")
        try t.waitFor("Is node-exporter the failing service?")
        var screen = try t.screen()
        #expect(!screen.contains("too small"))
        #expect(screen.contains("? help") && screen.contains("q quit"), "\(screen)")
        try t.keys("2")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("?")
        try t.waitFor("more keys")
        for _ in 0..<12 { try t.keys("j") }
        screen = try t.waitFor("keys above")
        #expect(screen.contains("quit (the journal stays"))
        try t.keys("Escape")
        try t.keys("2")
        try t.waitFor("Look the node up with the Chlorine bot")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Issue 13 (8, 9): at a link the whole address shows (wrapped), `o` opens it with
    /// $BROWSER (a script here that records its argument), `y` says honestly what copying did.
    @Test func aLinkWrapsOpensAndCopies() throws {
        let t = try Tmux(width: 60, height: 20)
        let recorded = t.home.appendingPathComponent("opened.txt").path
        let browser = try t.write("browser.sh", "#!/bin/sh\nprintf '%s' \"$1\" > \(recorded)\n")
        chmod(browser, 0o755)
        let url =
            "https://runbooks.example.com/platform/storage/ceph/osd-down-and-out-handling.html#when-the-osd-will-not-start-again"
        let runbook = try t.write(
            "link.yaml",
            """
            runbook: link
            title: Link
            start: go
            steps:
              go:
                title: Hand over
                outcomes:
                  ceph: { label: Ceph, next: { url: '\(url)', title: OSD runbook, then: done } }
              done: { title: Done, end: resolved }
            """)
        try t.run("BROWSER=\(browser) \(binary) \(runbook) --journal \(t.home.path)/l.jsonl")
        try t.waitFor("Hand over")
        try t.keys("1")
        try t.waitFor("Follow the linked runbook")
        let screen = try t.screen()
        let joined = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()
        #expect(joined.contains(url), "the whole address is on screen, wrapped:\n\(screen)")
        try t.keys("o")
        try t.waitFor("Opened the link with")
        for _ in 0..<50 where !FileManager.default.fileExists(atPath: recorded) { usleep(100_000) }
        #expect(try String(contentsOfFile: recorded, encoding: .utf8) == url)
        try t.keys("y")
        // No clipboard program and no display here: OSC 52, said as a request the terminal may refuse.
        try t.waitFor("Asked the terminal to copy the link (OSC 52)")
        try t.keys("Enter")
        try t.waitFor("Done")
        try t.keys("q")
    }

    /// Issue 13 (5): search as in less: `/` asks, `n` and `N` move between matches
    /// (wrapping, and saying so), an empty search repeats the last, no match says "not found".
    @Test func searchTheOutputWithNAndShiftN() throws {
        let t = try Tmux(width: 100, height: 30)
        let runbook = try t.write(
            "search.yaml",
            """
            runbook: search
            title: Search the output
            start: print
            steps:
              print: { title: Print many lines, run: 'for i in $(seq 1 300); do echo "row $i"; done; for x in A B C; do echo "needle-$x"; seq 1 50; done', next: done }
              done: { title: Done, end: resolved }
            """)
        try t.run("\(binary) \(runbook) --journal \(t.home.path)/s.jsonl")
        try t.waitFor("Print many lines")
        try t.keys("Enter")
        try t.waitFor("exit 0")
        try t.keys("/")
        try t.waitFor("Search the output")
        try t.type("needle")
        try t.keys("Enter")
        try t.waitFor("Match 3 of 3: needle")
        try t.keys("N")
        try t.waitFor("Match 2 of 3: needle")
        var screen = try t.screen()
        #expect(screen.contains("needle-B"))
        try t.keys("N")
        try t.waitFor("Match 1 of 3: needle")
        screen = try t.screen()
        #expect(
            screen.contains("needle-A") && !screen.contains("needle-C"), "scrolled up to the first match:\n\(screen)")
        try t.keys("N")
        try t.waitFor("Search wrapped to the bottom.")
        try t.keys("n")
        try t.waitFor("Search wrapped to the top.")
        // Enter on an empty search looks for the last term again.
        try t.keys("/")
        try t.waitFor("Search the output")
        try t.keys("Enter")
        try t.waitFor("Match 3 of 3: needle")
        try t.keys("/")
        try t.type("haystack")
        try t.keys("Enter")
        try t.waitFor("Not found: haystack")
        try t.keys("q")
    }

    /// Issue 13 (1, 2): the last line of output is on screen, and `q` while a
    /// command runs asks: cancel, keep it as a background job, or stop and quit.
    @Test func theLastOutputLineShowsAndQuitAsksWhileACommandRuns() throws {
        let t = try Tmux(width: 100, height: 30)
        let runbook = try t.write(
            "last.yaml",
            """
            runbook: last
            title: Last line
            start: print
            steps:
              print: { title: Print many lines, run: 'seq 1 200; echo THE-LAST-LINE', next: wait }
              wait: { title: Wait a while, run: 'sleep 30', next: done }
              done: { title: Done, end: resolved }
            """)
        try t.run("\(binary) \(runbook) --journal \(t.home.path)/l.jsonl")
        try t.waitFor("Print many lines")
        usleep(300_000)
        try t.keys("Enter")
        try t.waitFor("exit 0")
        let screen = try t.waitFor("THE-LAST-LINE")
        #expect(screen.contains("200\n"), "the line before it too:\n\(screen)")
        try t.keys("Enter")  // on to the next step
        try t.waitFor("Wait a while")
        usleep(200_000)
        try t.keys("Enter")  // sleep 30
        try t.waitFor("running")
        try t.keys("q")
        try t.waitFor("A command is still running")
        try t.keys("Enter")  // the default: cancel, back to the walk
        try t.waitFor("x cancels")
        try t.keys("q")
        try t.waitFor("A command is still running")
        try t.keys("2")  // keep it as a background job (a digit picks at once)
        try t.waitFor("runs on as a background job")
        try t.keys("Enter")  // the walk goes on
        try t.waitFor("End: resolved")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Issue 13 (15): a dry run says so, journals it, and suggests nothing from
    /// output that was never produced.
    @Test func aDryRunSaysSoAndSuggestsNothingFromOutput() throws {
        let t = try Tmux()
        let journal = t.home.appendingPathComponent("dry.jsonl").path
        try t.run(
            "\(binary) runbooks/armada-scrape-failure.yaml --alert \(try alertFile(t)) --journal \(journal) --dry-run")
        try t.waitFor("DRY RUN")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("Enter")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("Enter")
        try t.waitFor("Look the node up with the Chlorine bot")
        try t.keys("Enter")
        try t.waitFor("IKS version")
        try t.keys("1")
        try t.waitFor("$ kubectl get pods -n kube-system")
        try t.keys("Enter")
        let screen = try t.waitFor("dry run, not executed")
        usleep(500_000)
        #expect(!(try t.screen()).contains("suggested because output"), "\(screen)")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
        #expect(try String(contentsOfFile: journal, encoding: .utf8).contains(#""mode":"dry-run""#))
    }

    /// Issue 13 (24): a runbook changed since the walk began is said on the first screen of the resume.
    @Test func aChangedRunbookIsSaidInsideTheUIOnResume() throws {
        let t = try Tmux()
        let text = """
            runbook: changing
            title: Changing
            start: a
            steps:
              a: { title: First step, next: b }
              b: { title: Second step, next: done }
              done: { title: Done, end: resolved }
            """
        let runbook = try t.write("changing.yaml", text)
        let journal = t.home.appendingPathComponent("c.jsonl").path
        try t.run("\(binary) \(runbook) --journal \(journal)")
        try t.waitFor("First step")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
        _ = try t.write("changing.yaml", text.replacingOccurrences(of: "Second step", with: "Second step (edited)"))
        try t.run("clear; \(binary) resume \(journal)")
        try t.waitFor("Note: runbook 'changing' has changed since this walk began")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// Issue 20: the tool is killed while a command runs; resume says the command
    /// is still running, with its process group, and stops it when asked.
    @Test func aCommandThatOutlivesTheToolIsFoundAndStoppedOnResume() throws {
        let t = try Tmux()
        let journal = t.home.appendingPathComponent("long.jsonl").path
        let runbook = try t.write(
            "long.yaml",
            """
            runbook: long
            title: Long
            start: wait
            steps:
              wait: { title: Wait a long time, run: 'sleep 300', next: done }
              done: { title: Done, end: resolved }
            """)
        try t.run("\(binary) \(runbook) --journal \(journal)")
        try t.waitFor("Wait a long time")
        usleep(300_000)
        try t.keys("Enter")
        try t.waitFor("running")
        let text = try String(contentsOfFile: journal, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.contains(#""type":"command-process""#) })
        let group = try #require(line.firstMatch(of: /"group":(\d+)/).map { Int32($0.1)! })
        let pid = try #require(pids("\(runbook) --journal \(journal)").first)
        kill(pid, SIGKILL)
        usleep(300_000)
        #expect(ProcessState.groupIsAlive(group), "the command outlived the tool")
        try t.run("stty sane; clear; \(binary) resume \(journal) --status")
        try t.waitFor("is still running (stop it with: kill -TERM -- -\(group))")
        try t.run("clear; \(binary) resume \(journal)")
        try t.waitFor("Stop process group \(group) now? [y/N]")
        try t.type("y")
        try t.keys("Enter")
        try t.waitFor("Wait a long time")
        #expect(!ProcessState.groupIsAlive(group), "the command was stopped")
        try t.keys("q")
        try t.waitFor("Resume with: runbook resume")
    }

    /// A practice run from the picker: the recorded output replays, a hint is counted, the debrief scores it.
    @Test func practiceRunFromThePickerToTheDebrief() throws {
        let t = try Tmux()
        try t.run("\(binary) --library runbooks")
        try t.waitFor("pick a runbook")
        try t.type("http-404")
        try t.waitFor("Practice: The target answers 404 Not Found")
        try t.keys("Enter")
        try t.waitFor("PRACTICE")
        try t.waitFor("Is node-exporter the failing service?")
        // Practice hides the suggestions: Enter does not accept one, the trainee chooses.
        try t.keys("Enter")
        try t.waitFor("no suggestion is shown")
        #expect(!(try t.screen()).contains("suggested because"))
        try t.keys("2")
        try t.waitFor("Is the carrier a tugboat?")
        try t.keys("2")
        try t.waitFor("Look the node up with the Chlorine bot")
        try t.keys("Enter")
        try t.waitFor("$ kubectl get pods -n calico-system")
        try t.keys("Enter")
        try t.waitFor("calico-node-g8vgl   1/1       Running")
        try t.waitFor("exit 0")
        #expect(!(try t.screen()).contains("suggested because"))
        try t.keys("1")
        try t.waitFor("Find the scrape error on the Prometheus targets page")
        try t.keys("H")
        try t.waitFor("Hint (counted in the debrief)")
        try t.waitFor("The targets page shows")
        try t.keys("Escape")
        usleep(300_000)
        #expect(!(try t.screen()).contains("Hint (counted in the debrief)"), "Esc closes the hint")
        try t.keys("2")  // a wrong turn: context deadline exceeded
        try t.waitFor("Time the metrics endpoint from the worker node")
        try t.keys("b")
        try t.waitFor("Find the scrape error on the Prometheus targets page")
        try t.keys("1")
        try t.waitFor("End: escalated")
        try t.keys("Enter")
        let debrief = try t.waitFor("Practice score: 75/100")
        #expect(debrief.contains("At open-targets you went to time-curl; expected escalate-404."))
        #expect(debrief.contains("Hints: 1"))
        try t.keys("x")
        let screen = try t.waitFor("Transcript: ")
        let line = try #require(screen.split(separator: "\n").first { $0.contains("Transcript: ") })
        let path = String(line.split(separator: " ").last!)
        #expect(path.hasPrefix(t.home.path + "/state/runbook/practice-http-404-"))
        let markdown = try String(contentsOfFile: path, encoding: .utf8)
        #expect(markdown.contains("## Debrief: 75/100"))
        #expect(markdown.contains("| Mode | practice |"))
    }

    func pids(_ pattern: String) -> [Int32] {
        guard let out = try? runCommand("/usr/bin/pgrep", ["-f", "--", pattern]) else { return [] }
        return out.split(separator: "\n").compactMap { Int32($0) }.filter { $0 != getpid() }
    }

    func runCommand(_ path: String, _ arguments: [String]) throws -> String {
        // exec: no shell stays around whose command line pgrep would match.
        let command = "exec " + ([path] + arguments).map(ShellQuote.quote).joined(separator: " ")
        return try ProcessRunner().start(CommandRequest(command: command, timeout: .seconds(20)), events: { _ in })
            .wait().output
    }
}
