import Foundation
import Testing
import TestSupport
@testable import RunbookGraph

/// Issue 19: a host is never an ssh option, and values from the alert never
/// start with `-` unless the runbook says they may.
struct SSHHostTests {
    static let ssh = "/usr/bin/ssh"

    /// Real OpenSSH: the payload runs with the old layout (host before `--`),
    /// so it is a real one; with ours (`--` before the host) nothing runs and
    /// ssh refuses the name before any lookup.
    @Test(.requires(ssh, package: "openssh-client"))
    func realOpenSSHNeverReadsTheHostAsAnOption() throws {
        let folder = try TemporaryFolder()
        let pwned = folder.url.appendingPathComponent("PWNED").path
        let host = "-oProxyCommand=touch \(pwned)"
        let values = ["host": host, "command": "true"]
        let oldLayout = try ShellTemplate(
            "\(Self.ssh) -F /dev/null -o BatchMode=yes -o ConnectTimeout=1 {{host}} -- {{command}}"
        )
        .render(values) { $0.name == "command" }
        _ = try runProcess("/bin/sh", ["-c", oldLayout])
        #expect(
            FileManager.default.fileExists(atPath: pwned), "control: the payload should run with the host before --")
        try FileManager.default.removeItem(atPath: pwned)

        let ours = RemoteCommand.defaultTemplate.replacingOccurrences(of: "ssh -o", with: "\(Self.ssh) -F /dev/null -o")
        let rendered = try ShellTemplate(ours).render(values) { $0.name == "command" }
        let result = try runProcess("/bin/sh", ["-c", rendered])
        #expect(result.status != 0)
        #expect(!FileManager.default.fileExists(atPath: pwned), "ssh ran the ProxyCommand of the host")
        // And the wrapper refuses such a host before ssh ever sees it.
        #expect(throws: ExecutionError.self) { try RemoteCommand.wrap("true", host: host, template: ours) }
    }

    static let runbook = """
        runbook: t
        title: T
        variables:
          host: { from: alert.hostname }
          pod: { from: alert.pod }
          flag: { from: alert.flag, leading_dash: true }
          level: { ask: Level?, leading_dash: false }
        start: a
        steps:
          a: { title: A, run: { command: 'kubectl delete pod {{pod}} {{flag}} {{level}}', host: '{{host}}' }, next: done }
          done: { title: Done, end: resolved }
        """

    @Test func alertValuesThatStartWithADashAreNotTaken() throws {
        let runbook = try #require(RunbookLoader().load(text: Self.runbook, path: "t.yaml").runbook)
        let alert = Alert(labels: ["hostname": "-oProxyCommand=touch PWNED", "pod": "--all", "flag": "--now"])
        var walker = try Walker(runbook, alert: alert)
        let values = walker.session.values(of: "t")
        #expect(values["host"] == nil)
        #expect(values["pod"] == nil)
        #expect(values["flag"] == "--now", "leading_dash: true lets the runbook take it")
        #expect(walker.session.alertValueProblem("pod")?.contains("starts with '-'") == true)
        // The operator may type one (the command is theirs to read), unless the variable forbids it.
        try walker.set("pod", "--all")
        #expect(throws: SessionError.self) { try walker.set("level", "-1") }
        try walker.set("level", "1")
    }

    @Test func valuesWithNULAreRefusedFromAnySource() throws {
        let runbook = try #require(RunbookLoader().load(text: Self.runbook, path: "t.yaml").runbook)
        var walker = try Walker(runbook, alert: Alert(labels: ["pod": "a\u{0}; rm -rf /"]))
        #expect(walker.session.values(of: "t")["pod"] == nil)
        #expect(throws: SessionError.self) { try walker.set("level", "1\u{0}2") }
    }
}
