import Foundation
import RunbookGraph
import Testing
@testable import RunbookTUI

/// The Alerts view and silences as update drives them: no network, the
/// answers Alertmanager would give are actions.
struct InboxTests {
    static let address = "http://127.0.0.1:9093"

    static func alerts() throws -> [FiringAlert] {
        try AlertmanagerJSON.alerts(
            #"""
            [{"fingerprint":"5c33208f89c8288a","startsAt":"2026-11-26T08:51:39.222Z","status":{"inhibitedBy":[],"silencedBy":[],"state":"active"},
              "labels":{"alertname":"KubernetesEndpointScrapeFailure","hostname":"10.176.31.239","instance":"10.176.31.239:9100","job":"kubernetes-service-endpoints","note":"\u001b]0;pwned\u0007\u001b[2J"},
              "annotations":{"summary":"A service-endpoint hosted on 10.176.31.239 is failing to scrape"}},
             {"fingerprint":"0a1b2c3d4e5f6071","startsAt":"2026-11-26T08:40:00.000Z","status":{"inhibitedBy":[],"silencedBy":["s1"],"state":"suppressed"},
              "labels":{"alertname":"DiskFull","instance":"db1\nrm -rf /"}}]
            """#)
    }

    /// The Alerts view after a first read of `alerts()`.
    static func readAlerts(_ h: inout Harness) {
        h.env.alertmanager = address
        h.effects += App.begin(&h.state, env: h.env)
        h.act(
            .alertsRead(
                AlertInbox(
                    try! alerts(),
                    library: h.env.catalog.triageRunbooks(for: try! alerts().map { $0.alert(from: address) }),
                    address: address)))
    }

    static func fetches(_ effects: [Effect]) -> Int {
        effects.filter { if case .fetchAlerts = $0 { true } else { false } }.count
    }

    @Test func theInboxIsReadEveryIntervalAndBacksOffWhenItFails() throws {
        var h = Harness(width: 100, height: 30)
        h.env.alertmanager = Self.address
        _ = App.begin(&h.state, env: h.env)
        #expect(h.state.picker.showsAlerts, "with an Alertmanager the picker opens on its alerts")
        #expect(h.state.inbox.fetching)
        h.act(.tick)
        #expect(Self.fetches(h.effects) == 0, "one read at a time")

        h.act(.alertsFailed("cannot reach Alertmanager at \(Self.address): connection refused"))
        #expect(h.screen.contains("connection refused; retrying in 2 s"))
        // Keys work meanwhile: typing filters, the view switches.
        h.type("disk")
        #expect(h.screen.contains("Filter: disk"))
        var waits: [Int] = []
        for _ in 0..<6 {
            let before = Self.fetches(h.effects)
            var seconds = 0
            while Self.fetches(h.effects) == before, seconds < 100 {
                h.clock.advance(1)
                h.act(.tick)
                seconds += 1
            }
            waits.append(seconds)
            h.act(.alertsFailed("Alertmanager at \(Self.address) answered 500"))
        }
        #expect(waits == [2, 4, 8, 16, 30, 30], "backs off, up to the refresh interval")

        h.act(
            .alertsRead(
                AlertInbox(
                    try Self.alerts(),
                    library: h.env.catalog.triageRunbooks(for: try Self.alerts().map { $0.alert(from: Self.address) }),
                    address: Self.address)))
        #expect(h.state.inbox.problem == nil)
        h.send(.escape)  // clear the filter
        #expect(h.screen.contains("2 alerts in \(Self.address), read just now"))
        let before = Self.fetches(h.effects)
        for _ in 0..<29 {
            h.clock.advance(1)
            h.act(.tick)
        }
        #expect(Self.fetches(h.effects) == before)
        h.clock.advance(1)
        h.act(.tick)
        #expect(Self.fetches(h.effects) == before + 1, "every 30 s")
    }

    @Test func theAlertsViewListsEachAlertWithItsRunbookAndNothingRaw() throws {
        var h = Harness(width: 100, height: 30)
        Self.readAlerts(&h)
        let screen = h.screen
        #expect(screen.contains("DiskFull (1)"))
        #expect(screen.contains("KubernetesEndpointScrapeFailure (1)"))
        #expect(screen.contains("→ armada-scrape-failure"))
        #expect(screen.contains("worker_ip=10.176.31.239"))
        #expect(screen.contains("→ no runbook  (silenced)"))
        #expect(screen.contains("db1␊rm -rf /"), "a newline in a label is shown, not obeyed")
        #expect(!screen.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        #expect(!screen.contains("firing without a runbook"), "the silenced alert is not counted as unhandled")
    }

    @Test func enterWalksTheAlertAndSRequestsASilenceOfItsLabels() throws {
        var h = Harness(width: 100, height: 30)
        Self.readAlerts(&h)
        h.send(.down, .enter)
        let start = try #require(h.session?.start)
        #expect(start.alert.source?.fingerprint == "5c33208f89c8288a")
        #expect(start.alert.source?.alertmanager == Self.address)
        #expect(h.session?.values(of: "armada-scrape-failure")["worker_ip"] == "10.176.31.239")

        h.send(.char("S"))
        let screen = h.screen
        #expect(screen.contains("Silence this alert in Alertmanager for"))
        #expect(screen.contains(#"alertname="KubernetesEndpointScrapeFailure""#))
        #expect(screen.contains(#"instance="10.176.31.239:9100""#))
        #expect(screen.contains("Comment: runbook armada-scrape-failure walked by alice; journal"))
        #expect(screen.contains("/var/lib/runbook/walk.jsonl"), "the comment wraps, whole")
        h.send(.char("2"))  // 1 hour
        guard case .createSilence(let request)? = h.effects.last else {
            Issue.record("no silence asked for: \(h.effects)")
            return
        }
        #expect(request.matchers.count == 5)
        #expect(request.endsAt.timeIntervalSince(request.startsAt) == 3600)
        #expect(h.session?.silences.isEmpty == true, "nothing journaled before Alertmanager made it")

        h.act(.silenceCreated(request, address: Self.address, id: "silence-1"))
        #expect(h.session?.activeSilences(now: h.clock.read()).map(\.id) == ["silence-1"])
        #expect(h.screen.contains("(silence silence-1); S expires it."))
        #expect(h.screen.contains("silenced until"))

        // A typed duration is checked before anything is asked of Alertmanager.
        h.act(.silenceExpired(id: "silence-1"))
        h.send(.char("S"), .char("4"))
        h.type("forever")
        h.send(.enter)
        #expect(h.screen.contains("Give a duration from 1m to 14d"))
    }

    @Test func thePickerSaysWhenNoAlertmanagerIsConfigured() {
        var h = Harness()
        h.send(.right)
        #expect(h.screen.contains("No Alertmanager is configured"))
        h.openSeed()
        h.send(.char("S"))
        #expect(h.screen.contains("No Alertmanager is configured"))
        var withOne = Harness()
        withOne.env.alertmanager = Self.address
        withOne.openSeed()  // pasted, not read from Alertmanager
        withOne.send(.char("S"))
        #expect(withOne.screen.contains("This alert was not read from Alertmanager"))
    }

    @Test func theEndOfTheWalkOffersToExpireItsSilence() throws {
        var h = Harness(width: 100, height: 30)
        Self.readAlerts(&h)
        h.send(.down, .enter, .char("S"), .char("1"))
        guard case .createSilence(let request)? = h.effects.last else { throw Loopback.Failure("no silence") }
        h.act(.silenceCreated(request, address: Self.address, id: "silence-2"))
        // node-exporter fails: a hand-off to a document outside the library ends the walk.
        h.send(.char("1"))
        h.send(.enter)  // followed it
        #expect(h.session?.isEnded == true, "\(h.screen)")
        #expect(h.screen.contains("The walk has ended. Expire the silence it made?"))
        h.send(.char("1"))
        guard case .expireSilence(let id)? = h.effects.last else { throw Loopback.Failure("no expiry") }
        #expect(id == "silence-2")
        h.act(.silenceExpired(id: id))
        #expect(h.session?.activeSilences(now: h.clock.read()).isEmpty == true)
        #expect(h.session?.records.last?.event == .silenceExpired(id: "silence-2"))
    }
}
