import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
@testable import RunbookTUI

/// Against Debian's prometheus-alertmanager on 127.0.0.1 (started per test),
/// and against loopback servers that fail the way networks and proxies do.
@Suite(.serialized, .requires("prometheus-alertmanager", package: "prometheus-alertmanager"))
struct AlertmanagerLiveTests {
    /// The seed's alert as Prometheus would post it.
    static let seedAlert = (
        labels: [
            "alertname": "KubernetesEndpointScrapeFailure", "hostname": "10.176.31.239",
            "instance": "10.176.31.239:9100", "job": "kubernetes-service-endpoints", "service": "node-exporter",
            "severity": "critical"
        ],
        annotations: ["summary": "A service-endpoint hosted on 10.176.31.239 is failing to scrape"]
    )

    static func client(_ address: String, token: String? = nil, timeout: TimeInterval = 5) throws -> AlertmanagerClient
    {
        AlertmanagerClient(
            access: try AlertmanagerAccess.parse(address, credentials: token.map { .bearer($0) }, timeout: timeout)
                .get())
    }

    @Test func listsSilencesAndExpiresAgainstTheRealAlertmanager() throws {
        let server = try AlertmanagerServer()
        try server.post([Self.seedAlert, (labels: ["alertname": "DiskFull", "instance": "db1"], annotations: [:])])
        let client = try Self.client(server.address)
        let alerts = try client.alerts().get()
        #expect(Set(alerts.map(\.alertname)) == ["KubernetesEndpointScrapeFailure", "DiskFull"])
        let seed = try #require(alerts.first { $0.alertname == "KubernetesEndpointScrapeFailure" })
        #expect(seed.state == .active)
        #expect(seed.fingerprint.count == 16)

        let now = Date()
        let request = SilenceRequest(
            matchers: seed.labels.keys.sorted().map { SilenceMatcher(name: $0, value: seed.labels[$0]!) },
            startsAt: now, endsAt: now.addingTimeInterval(1800), createdBy: "alice", comment: "runbook test")
        let id = try client.createSilence(request).get()
        #expect(try client.silenceState(id).get() == "active")
        // Only the walked alert is silenced.
        let after = try client.alerts().get()
        #expect(after.first { $0.alertname == "KubernetesEndpointScrapeFailure" }?.silencedBy == [id])
        #expect(after.first { $0.alertname == "DiskFull" }?.state == .active)

        try client.expireSilence(id).get()
        #expect(try client.silenceState(id).get() == "expired")
    }

    @Test func faultsAreSaidPlainlyAndNeverShowTheToken() throws {
        let token = "s3cr3t-t0ken-value"
        let closed = Loopback.freePort()
        let unreachable = try Self.client("http://127.0.0.1:\(closed)", token: token).alerts()
        #expect(
            unreachable.failure?.description
                == "cannot reach Alertmanager at http://127.0.0.1:\(closed): connection refused")

        let echo = try FaultyServer(.status(500, body: "upstream failed; you sent:\n$AUTHORIZATION"))
        let failed = try Self.client(echo.address, token: token).alerts()
        let message = try #require(failed.failure?.description)
        #expect(message.hasPrefix("Alertmanager at \(echo.address) answered 500: upstream failed; you sent:"))
        #expect(echo.requests.first?.contains("Authorization: Bearer \(token)") == true, "the token was sent")
        #expect(!message.contains(token), "but it never appears in a message: \(message)")
        #expect(message.contains("Bearer ••••"))

        let html = try FaultyServer(.body("<html>login</html>"))
        let notJSON = try Self.client(html.address).alerts().failure?.description ?? ""
        #expect(
            notJSON.hasPrefix(
                "Alertmanager at \(html.address) sent a bad answer: the answer is not JSON (line 1, column 1"))

        let huge = try FaultyServer(.body("[" + String(repeating: "{\"x\": 1},", count: 40_000) + "{}]"))
        var access = try AlertmanagerAccess.parse(huge.address, timeout: 5).get()
        access.answerLimit = 64 << 10
        #expect(
            AlertmanagerClient(access: access).alerts().failure == .tooLarge(address: huge.address, limit: 64 << 10))

        let slow = try FaultyServer(.silence)
        let started = Date()
        let timedOut = try Self.client(slow.address, timeout: 1).alerts()
        #expect(timedOut.failure == .timedOut(address: slow.address, seconds: 1))
        #expect(Date().timeIntervalSince(started) < 5)

        let withPassword = try AlertmanagerAccess.parse("http://bob:pa55word@127.0.0.1:9/").get()
        #expect(withPassword.address == "http://127.0.0.1:9")
        if case .basic(let user, let password)? = withPassword.credentials {
            #expect(user == "bob" && password == "pa55word")
        } else {
            Issue.record("the user in the address is basic auth")
        }
        let bad = AlertmanagerAccess.parse("ftp://bob:pa55word@host")
        #expect(bad.failure?.description == "'ftp://…@host' is not an http:// or https:// address")
    }

    /// Alertmanager's own basic auth (a bcrypt hash of "runbook-test-password", cost 4).
    static let basicAuth = """
        basic_auth_users:
          runbook: $2b$04$tQI6Tn5PUKI3oCR143R6j.AGyqe7.5HllsHE2nEEBuT9X45YnYxry
        """

    @Test func basicAuthLogsInAndAWrongPasswordIsSaidWithoutIt() throws {
        let server = try AlertmanagerServer(webConfig: Self.basicAuth)
        func client(_ password: String?) throws -> AlertmanagerClient {
            AlertmanagerClient(
                access: try AlertmanagerAccess.parse(
                    server.address, credentials: password.map { .basic(user: "runbook", password: $0) }, timeout: 5
                ).get())
        }
        #expect(try client("runbook-test-password").alerts().get().isEmpty)
        let wrong = try #require(try client("not-the-password").alerts().failure?.description)
        #expect(wrong.hasPrefix("Alertmanager at \(server.address) answered 401 (check the credentials)"))
        #expect(!wrong.contains("not-the-password"))
        #expect(try client(nil).alerts().failure?.description.contains("answered 401") == true)

        // From the command line: the password comes from the environment or a file, never the command line.
        let folder = try TemporaryFolder()
        let file = folder.url.appendingPathComponent("token").path
        try "runbook-test-password\n".write(toFile: file, atomically: true, encoding: .utf8)
        let fromFile = try runProcess(
            Paths.binary,
            [
                "alerts", "--alertmanager", server.address, "--alertmanager-user", "runbook",
                "--alertmanager-token-file", file
            ])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.contains("No alerts in \(server.address)."))
        let fromEnvironment = try runProcess(
            Paths.binary, ["alerts", "--alertmanager", server.address, "--alertmanager-user", "runbook"],
            environment: ["RUNBOOK_ALERTMANAGER_TOKEN": "runbook-test-password"])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
    }

    @Test(.requires("openssl", package: "openssl"))
    func anUntrustedCertificateIsSaidPlainly() throws {
        let folder = try TemporaryFolder()
        let cert = folder.url.appendingPathComponent("cert.pem").path
        let key = folder.url.appendingPathComponent("key.pem").path
        let made = try runProcess(
            "/usr/bin/env",
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"
            ])
        #expect(made.status == 0, "\(made.stderr)")
        let server = try AlertmanagerServer(
            webConfig: "tls_server_config:\n  cert_file: \(cert)\n  key_file: \(key)\n")
        #expect(server.address.hasPrefix("https://"))
        let failure = try #require(try Self.client(server.address).alerts().failure?.description)
        #expect(failure.contains("SSL certificate problem: self-signed certificate"), "\(failure)")
        #expect(failure.contains("update-ca-certificates"))
    }

    @Test func runbookAlertsListsTheSeedAlertWithItsRunbook() throws {
        let server = try AlertmanagerServer()
        try server.post([Self.seedAlert])
        let table = try runProcess(
            Paths.binary, ["alerts", "--alertmanager", server.address, "--library", Paths.runbooks.path])
        #expect(table.status == 0, "every firing alert has a runbook: \(table.stderr)")
        #expect(table.stdout.contains("KubernetesEndpointScrapeFailure (1)"))
        #expect(table.stdout.contains("runbook: armada-scrape-failure  worker_ip=10.176.31.239"))

        try server.post([(labels: ["alertname": "DiskFull", "instance": "db1\u{1B}[2J"], annotations: [:])])
        let json = try runProcess(
            Paths.binary, ["alerts", "--json", "--alertmanager", server.address, "--library", Paths.runbooks.path])
        #expect(json.status == 1, "a firing alert without a runbook fails the check")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["unhandled"] as? Int == 1)
        let rows = try #require(object["alerts"] as? [[String: Any]])
        #expect(
            rows.first { $0["alertname"] as? String == "KubernetesEndpointScrapeFailure" }?["runbook"] as? String
                == "armada-scrape-failure")

        let shown = try runProcess(
            Paths.binary, ["alerts", "--alertmanager", server.address, "--library", Paths.runbooks.path])
        #expect(shown.stdout.contains("instance=db1\\e[2J"), "escape sequences are shown, not sent")
        #expect(!shown.stdout.contains("\u{1B}"))

        // A 10 KB label is listed cut short; JSON has it whole.
        let long = String(repeating: "x", count: 10_240)
        try server.post([(labels: ["alertname": "Huge", "instance": long], annotations: [:])])
        let huge = try runProcess(Paths.binary, ["alerts", "--alertmanager", server.address])
        #expect(huge.stdout.contains("instance=" + String(repeating: "x", count: 79) + "…"))
        #expect(huge.stdout.split(separator: "\n").allSatisfy { $0.count < 200 })
        let whole = try runProcess(Paths.binary, ["alerts", "--json", "--alertmanager", server.address])
        #expect(whole.stdout.contains(long))

        let down = try runProcess(Paths.binary, ["alerts", "--alertmanager", "http://127.0.0.1:\(Loopback.freePort())"])
        #expect(down.status == 2)
        #expect(down.stderr.contains("connection refused"))
    }

    @Test func theUIStaysResponsiveWhateverAlertmanagerDoes() throws {
        let closed = Loopback.freePort()
        let broken = try FaultyServer(.status(500, body: "internal error"))
        let garbage = try FaultyServer(.body("{\"not\": \"a list\"}"))
        let cases = [
            ("http://127.0.0.1:\(closed)", "connection refused; retrying in"),
            (broken.address, "answered 500: internal error; retrying in"),
            (garbage.address, "expected a list of alerts, found an object; retrying in")
        ]
        for (address, said) in cases {
            var program = Program(options: try UIOptions.parse([]), library: [Harness.seed])
            program.alertmanager = try Self.client(address)
            var env = program.environment(practice: false)
            env.memory = .none
            let state = program.initialState(environment: ["LANG": "C.UTF-8"])
            let backend = HeadlessBackend(width: 120, height: 30)
            let typist = Thread {
                #expect(backend.waitForFrame(containing: said), "\(backend.screen)")
                backend.type(.char("x"))  // keys still work: the filter
                #expect(backend.waitForFrame(containing: "Filter: x"))
                backend.type(.left)  // and the view switches
                #expect(backend.waitForFrame(containing: "pick a runbook"))
                backend.type(.escape)
                backend.type(.escape)
            }
            typist.start()
            var runtime = Runtime.bench
            runtime.alertmanager = program.alertmanager
            let final = EventLoop(state: state, env: env, runtime: runtime, backend: backend).run()
            #expect(final.quitting)
            #expect(final.inbox.problem?.contains(address) == true)
        }
    }

    /// The must-show: the inbox in a real terminal, the walk from it, the silence and its expiry.
    @Test(.requires("tmux", package: "tmux"))
    func theInboxWalkAndSilenceInARealTerminal() throws {
        let server = try AlertmanagerServer()
        try server.post([Self.seedAlert])
        let t = try Tmux(width: 120, height: 32)
        let journal = t.home.appendingPathComponent("walk.jsonl").path
        try t.run("\(Paths.binary) --library runbooks --alertmanager \(server.address) --journal \(journal)")
        try t.waitFor("KubernetesEndpointScrapeFailure (1)")
        let inbox = try t.waitFor("→ armada-scrape-failure")
        #expect(inbox.contains("worker_ip=10.176.31.239"))
        #expect(inbox.contains("1 alert in \(server.address), read"))
        try t.keys("Enter")
        try t.waitFor("Is node-exporter the failing service?")
        try t.keys("v")
        let variables = try t.waitFor("10.176.31.239")
        #expect(variables.contains("worker_ip"))
        try t.keys("Escape")
        usleep(400_000)

        try t.keys("S")
        let ask = try t.waitFor("Silence this alert in Alertmanager for")
        #expect(ask.contains(#"alertname="KubernetesEndpointScrapeFailure""#))
        try t.keys("2")
        try t.waitFor("S expires it.")
        let silences = try server.silences()
        #expect(silences.count == 1)
        let silence = try #require(silences.first)
        #expect((silence["status"] as? [String: Any])?["state"] as? String == "active")
        #expect((silence["comment"] as? String)?.contains("runbook armada-scrape-failure walked by alice") == true)
        let id = try #require(silence["id"] as? String)
        let alert = try #require(try server.alerts().first)
        #expect((alert["status"] as? [String: Any])?["state"] as? String == "suppressed")

        // node-exporter fails: the hand-off ends the walk, which offers to expire the silence.
        try t.keys("1")
        try t.waitFor("Follow the linked runbook")
        try t.keys("Enter")
        try t.waitFor("The walk has ended. Expire the silence it made?")
        try t.keys("1")
        try t.waitFor("Silence \(id) expired")
        let state = try server.silences().first { $0["id"] as? String == id }?["status"] as? [String: Any]
        #expect(state?["state"] as? String == "expired")
        try t.keys("q")

        let lines = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n")
        #expect(lines.first?.contains(#""fingerprint":"#) == true, "the journal records which alert was walked")
        #expect(lines.first?.contains(server.address) == true)
        #expect(lines.contains { $0.contains(#""type":"silence-created""#) && $0.contains(id) })
        #expect(lines.contains { $0.contains(#""type":"silence-expired""#) })
    }
}

extension Result {
    var failure: Failure? { if case .failure(let f) = self { f } else { nil } }
}
