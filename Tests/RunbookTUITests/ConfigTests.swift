import Foundation
import Testing
@testable import RunbookTUI

/// The configuration file: what it sets, where each setting comes from, and
/// errors at their line and column.
struct ConfigTests {
    @Test func aFileSetsEachSettingAtItsPlace() throws {
        let text = """
            library: [~/runbooks, /srv/team/runbooks]
            journals: ~/incidents
            shared_journals: /mnt/team/journals
            operator: bob
            ssh_template: ssh -J bastion -- {{host}} {{command}}
            dangerous: ['\\bterraform destroy\\b']
            color: false
            alertmanager:
              url: https://alertmanager.example.com
              user: runbook
              token_env: AM_PASSWORD
              token_file: ~/.config/runbook/am-token
              timeout: 5s
            """
        let file = try ConfigFile.parse(text, path: "config.yaml", home: "/home/bob").get()
        #expect(file.library?.value == ["/home/bob/runbooks", "/srv/team/runbooks"])
        #expect(file.library?.location.description == "config.yaml:1:10")
        #expect(file.journals?.value == "/home/bob/incidents")
        #expect(file.sharedJournals?.value == ["/mnt/team/journals"])
        #expect(file.operatorName?.value == "bob")
        #expect(file.sshTemplate?.value == "ssh -J bastion -- {{host}} {{command}}")
        #expect(file.dangerous?.value == [#"\bterraform destroy\b"#])
        #expect(file.color?.value == false)
        #expect(file.alertmanager?.value == "https://alertmanager.example.com")
        #expect(file.alertmanagerUser?.value == "runbook")
        #expect(file.alertmanagerTokenEnv?.value == "AM_PASSWORD")
        #expect(file.alertmanagerTokenFile?.value == "/home/bob/.config/runbook/am-token")
        #expect(file.alertmanagerTimeout?.value == 5)
        #expect(file.alertmanagerTimeout?.location.description == "config.yaml:13:12")
        // An address alone is the url.
        let short = try ConfigFile.parse("alertmanager: http://127.0.0.1:9093\n", path: "c.yaml", home: "/h").get()
        #expect(short.alertmanager?.value == "http://127.0.0.1:9093")
    }

    @Test(arguments: [
        ("colour: false\n", "c.yaml:1:1: error: unknown setting 'colour'; did you mean 'color'?"),
        (
            "alertmanager:\n  tokn_env: X\n",
            "c.yaml:2:3: error: unknown setting 'alertmanager.tokn_env'; did you mean 'alertmanager.token_env'?"
        ),
        ("color: maybe\n", "c.yaml:1:8: error: expected true or false"),
        ("library: {a: b}\n", "c.yaml:1:10: error: expected a list of strings, found a mapping"),
        ("dangerous: ['(']\n", "c.yaml:1:12: error: dangerous: '(' is not a regular expression"),
        ("ssh_template: ssh {{host}}\n", "c.yaml:1:15: error: ssh_template:"),
        ("alertmanager:\n  timeout: soon\n", "c.yaml:2:12: error: alertmanager.timeout: a duration such as 10s"),
        ("operator: [a\n", "c.yaml:2:1: error:"),
        ("- a\n- b\n", "c.yaml:1:1: error: the configuration is a mapping of settings")
    ])
    func aBadFileSaysWhereAndWhat(_ text: String, _ expected: String) {
        guard case .failure(let problems) = ConfigFile.parse(text, path: "c.yaml", home: "/h") else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(problems.description.hasPrefix(expected), "\(problems.description)")
    }

    @Test func runbookConfigSaysWhereEachSettingComesFrom() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config.yaml").path
        try """
        library: [\(Paths.runbooks.path)]
        operator: bob
        color: false
        alertmanager: http://127.0.0.1:9093
        """.write(toFile: config, atomically: true, encoding: .utf8)
        let result = try runProcess(
            Paths.binary, ["config", "--operator", "carol"],
            environment: [
                "RUNBOOK_CONFIG": config, "RUNBOOK_ALERTMANAGER": "", "RUNBOOK_PATH": "", "NO_COLOR": "",
                "RUNBOOK_ALERTMANAGER_TOKEN": "s3cr3t"
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String { lines.first { $0.hasPrefix(name + " ") } ?? "" }
        #expect(line("library").hasSuffix("file \(config):1:10"))
        #expect(line("operator").contains("carol") && line("operator").hasSuffix("flag --operator"))
        #expect(line("color").hasSuffix("file \(config):3:8"))
        #expect(line("alertmanager").contains("http://127.0.0.1:9093"))
        #expect(line("alertmanager.token_env").contains("RUNBOOK_ALERTMANAGER_TOKEN (set)"))
        #expect(!result.stdout.contains("s3cr3t"), "the token's value is never shown")
        #expect(line("alertmanager.timeout").contains("10s") && line("alertmanager.timeout").hasSuffix("default"))

        // The library the file names is the one commands use, from any folder.
        let triage = try runProcess(
            "/bin/sh", ["-c", "cd / && \(Paths.binary) triage -"], stdin: SeedAlert.body,
            environment: ["RUNBOOK_CONFIG": config, "RUNBOOK_PATH": ""])
        #expect(triage.status == 0, "\(triage.stderr)")
        #expect(triage.stdout.contains("1. armada-scrape-failure"))
    }

    @Test func aBrokenFileStopsEveryCommandWithItsErrors() throws {
        let folder = try TemporaryFolder()
        let config = folder.url.appendingPathComponent("config.yaml").path
        try "libary: [runbooks]\n".write(toFile: config, atomically: true, encoding: .utf8)
        let result = try runProcess(
            Paths.binary, ["validate", Paths.runbooks.path], environment: ["RUNBOOK_CONFIG": config])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(config):1:1: error: unknown setting 'libary'; did you mean 'library'?"))
        #expect(result.stderr.contains("RUNBOOK_CONFIG=/dev/null"))
        let ignored = try runProcess(Paths.binary, ["config"], environment: ["RUNBOOK_CONFIG": "/dev/null"])
        #expect(ignored.status == 0)
    }
}
