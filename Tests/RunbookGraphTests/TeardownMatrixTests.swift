import Foundation
import Testing
@testable import RunbookGraph
import RunbookRuntime

/// Issue 20: whatever a command's children do to get away (a new session, a
/// new group, ignoring SIGTERM, redirecting their output), cancel and
/// timeout finish within the grace period and nothing survives.
@Suite(.serialized)
struct TeardownMatrixTests {
    /// Each command starts a process that writes its pid to `PIDFILE`, then keeps running.
    static let techniques: [(name: String, command: String)] = [
        ("bg", "sleep 1000 & echo $! > PIDFILE; wait"),
        ("noterm", "sh -c 'trap \"\" TERM; echo $$ > PIDFILE; while :; do sleep 1; done'"),
        ("setsid", "setsid sh -c 'echo $$ > PIDFILE; exec sleep 1000'"),
        (
            "setpgid",
            "python3 -c 'import os,time; os.setpgid(0,0); open(\"PIDFILE\",\"w\").write(str(os.getpid())); time.sleep(1000)'"
        ),
        ("nohup", "nohup sh -c 'echo $$ > PIDFILE; exec sleep 1000' > /dev/null 2>&1 & wait"),
        ("orphan", "(sleep 1000 & echo $! > PIDFILE); sleep 1000"),
        (
            "setsid-redirected",
            "setsid sh -c 'echo $$ > PIDFILE; exec sleep 1000' > /dev/null 2>&1 < /dev/null & sleep 1000"
        ),
        (
            "python-ignores-term",
            "python3 -c 'import signal,time,os; signal.signal(signal.SIGTERM, signal.SIG_IGN); open(\"PIDFILE\",\"w\").write(str(os.getpid())); time.sleep(1000)'"
        )
    ]

    func check(_ technique: (name: String, command: String), stop: String) throws {
        Escapees.becomeSubreaper()
        let folder = try TemporaryFolder()
        let pidfile = folder.url.appendingPathComponent("pid").path
        var request = CommandRequest(
            command: technique.command.replacingOccurrences(of: "PIDFILE", with: pidfile),
            timeout: stop == "timeout" ? .seconds(1) : .seconds(60), gracePeriod: RunDuration(milliseconds: 500))
        request.outputFile = nil
        let running = try ProcessRunner(drainPeriod: RunDuration(milliseconds: 200)).start(request, events: { _ in })
        var escapee: pid_t?
        for _ in 0..<100 where escapee == nil {
            escapee = (try? String(contentsOfFile: pidfile, encoding: .utf8)).flatMap {
                pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if escapee == nil { usleep(20_000) }
        }
        let pid = try #require(escapee, "\(technique.name): the escapee never started")
        let started = Date()
        if stop == "cancel" { running.cancel() }
        _ = running.wait()
        let took = Date().timeIntervalSince(started)
        #expect(took < (stop == "timeout" ? 4 : 3), "\(technique.name)/\(stop): took \(took) s")
        usleep(100_000)
        #expect(!ProcessState.isAlive(pid), "\(technique.name)/\(stop): pid \(pid) survived")
        if ProcessState.isAlive(pid) { kill(pid, SIGKILL) }
    }

    @Test(arguments: techniques.map(\.name))
    func cancel(_ name: String) throws {
        try check(Self.techniques.first { $0.name == name }!, stop: "cancel")
    }

    @Test(arguments: techniques.map(\.name))
    func timeout(_ name: String) throws {
        try check(Self.techniques.first { $0.name == name }!, stop: "timeout")
    }
}
