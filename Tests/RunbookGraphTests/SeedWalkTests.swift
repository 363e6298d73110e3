import Foundation
import Testing
@testable import RunbookGraph

/// Walks the seed runbook along each of its main branches, the way an
/// operator would, with canned command results, checking suggestions, the
/// path and the ending.
struct SeedWalkTests {
    let seed = try! #require(RunbookLoader().load(path: Paths.seed).runbook)

    static let labelBody = """
        Labels:
        - alertname = KubernetesEndpointScrapeFailure
        - hostname = 10.176.31.239
        - instance = 10.176.31.239:9100
        - kubernetes_namespace = armada
        - pod_name = armada-api-5867d86996-5fgc2
        - service = armada-api
        """
    static let title = SeedAlert.title

    func walker(_ alertText: String = Self.title + "\n" + Self.labelBody) throws -> Walker {
        try Walker(seed, alert: AlertParser.parse(alertText))
    }

    /// From the start through the calico check to the Prometheus targets page.
    func toTargets(_ w: inout Walker) throws {
        #expect(w.session.suggestion?.outcome == "other-service")
        try w.choose("other-service")
        #expect(w.session.suggestion == OutcomeSuggestion(outcome: "carrier", reason: "carrier_no is 1, < 100"))
        try w.choose("carrier")
        try w.choose("done")  // chlorine lookup
        #expect(w.step == "calico")
        try w.set("calico_ns", "kube-system")
        #expect(
            w.session.suggestedCommand
                == "kubectl get pods -n kube-system -l k8s-app=calico-node -o wide | grep 10.176.31.239")
        try w.run(
            output: "calico-node-g8vgl   1/1       Running   4          22d       10.176.31.239   10.176.31.239\n")
        #expect(
            w.session.suggestion == OutcomeSuggestion(outcome: "running", reason: #"output matched /1/1\s+Running/"#))
        try w.choose("running")
        #expect(w.step == "open-targets")
    }

    func path(_ w: Walker) -> [String] { w.session.visits.map(\.step) }

    @Test func alertFillsTheVariables() throws {
        let w = try walker()
        let values = w.session.values(of: seed.id)
        #expect(values["worker_ip"] == "10.176.31.239")
        #expect(values["instance"] == "10.176.31.239:9100")
        #expect(values["port"] == nil, "the pod's port is read from kubectl (pod-port), not guessed from the alert")
        #expect(values["carrier"] == "prod-dal10-carrier1")
        #expect(values["carrier_no"] == "1")
        #expect(values["pod"] == "armada-api-5867d86996-5fgc2")
        #expect(values["metrics_path"] == "metrics")
        #expect(values["calico_ns"] == nil)
    }

    @Test func nodeExporterIsHandedOff() throws {
        var w = try walker(
            """
            Labels:
            - alertname = KubernetesEndpointScrapeFailure
            - hostname = 10.176.31.239
            - service = node-exporter
            """)
        #expect(
            w.session.suggestion
                == OutcomeSuggestion(outcome: "node-exporter", reason: "the alert contains 'node-exporter'"))
        try w.choose("node-exporter")
        #expect(w.session.phase == .atLink)
        #expect(
            w.session.pendingLink?.url?.hasSuffix("armada-ops-node-exporter-on-carrier-master-troubled.html") == true)
        try w.follow()
        #expect(
            w.session.phase == .ended(status: .handedOff, to: "How to handle node exporter problem on a master node"))
        #expect(path(w) == ["node-exporter"])
    }

    @Test func tugboatIsAccessedFirstThenTheWalkGoesOn() throws {
        var w = try walker(
            "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de")
        try w.choose("other-service")
        #expect(w.session.suggestion?.outcome == "tugboat")
        try w.choose("tugboat")
        #expect(w.session.pendingLink?.runbook == "armada-tugboats")
        try w.follow()
        #expect(w.step == "chlorine-lookup")
        #expect(w.session.rendered(w.session.step!.text!).contains("lookup 10.75.197.52"))
    }

    @Test func calicoBrokenLinksToTroubleshootingAndComesBack() throws {
        var w = try walker()
        try w.choose("other-service"); try w.choose("carrier"); try w.choose("done")
        try w.set("calico_ns", "calico-system")
        try w.run(output: "calico-node-g8vgl   0/1       CrashLoopBackOff   12   22d   10.176.31.239   10.176.31.239\n")
        #expect(
            w.session.suggestion
                == OutcomeSuggestion(outcome: "broken", reason: #"output did not match /1/1\s+Running/"#))
        try w.choose("broken")
        try w.follow()
        #expect(w.step == "calico-fixed")
        try w.choose("resolved")
        try w.finish()
        #expect(w.session.phase == .ended(status: .resolved, to: nil))
        #expect(path(w) == ["node-exporter", "tugboat", "chlorine-lookup", "calico", "calico-fixed", "resolved"])
    }

    @Test func http404IsEscalatedToTheOwner() throws {
        var w = try walker()
        try toTargets(&w)
        try w.choose("http-404")
        try w.finish()
        #expect(
            w.session.phase
                == .ended(status: .escalated, to: "the squad that owns the component Prometheus cannot scrape"))
    }

    @Test func slowEndpointLeadsToNodeMemoryChecks() throws {
        var w = try walker()
        try toTargets(&w)
        try w.choose("deadline")
        #expect(w.session.commandHost == "10.176.31.239")
        #expect(w.session.suggestedCommand == "time curl -k 10.176.31.239:9100/metrics")
        try w.run(output: "process_start_time_seconds 1.49e+09\n\nreal\t0m14.102s\n", seconds: 14.1)
        #expect(w.session.suggestion == OutcomeSuggestion(outcome: "slow", reason: "took 14s, over 10s"))
        try w.choose("slow")
        try w.run(output: "calico-node-g8vgl   1/1   Running   4   22d   10.176.31.239   10.176.31.239\n")
        try w.choose("running")
        try w.run(output: "Events:\n  Warning  SystemOOM  kubelet  System OOM encountered, victim process: java\n")
        try w.choose("done")
        #expect(w.step == "node-memory")
        try w.choose("high-memory")
        try w.set("pid", "4242")
        #expect(w.session.suggestedCommand == "cat /proc/4242/cpuset")
        try w.run(output: "/kubepods/burstable/pod1234/0f3c9a1b2c\n")
        try w.choose("component")
        try w.finish()
        #expect(
            w.session.phase == .ended(status: .escalated, to: "the development squad of the component using the memory")
        )
        #expect(
            path(w).suffix(6) == [
                "time-curl", "recheck-calico", "node-health", "node-memory", "process-cpuset", "escalate-dev"
            ])
    }

    @Test func multiCarrierEtcdFailureIsHandedToEtcdRunbook() throws {
        var w = try walker()
        try toTargets(&w)
        try w.choose("deadline")
        try w.run(output: "real\t0m0.285s\n", seconds: 0.3)
        #expect(w.session.suggestion?.outcome == "fast")
        try w.choose("fast")
        try w.choose("several")
        #expect(w.session.suggestedCommand == "kubectl get pods -n armada armada-api-5867d86996-5fgc2")
        try w.run(
            output:
                "NAME                          READY   STATUS             RESTARTS   AGE\narmada-api-5867d86996-5fgc2   0/1     CrashLoopBackOff   322        19h\n"
        )
        #expect(w.session.suggestion?.outcome == "not-running")
        try w.choose("not-running")
        try w.run(
            output:
                #"{"level":"fatal","msg":"error creating etcd client","error":"failed to create data.StoreFactory: Error getting etcd client: context deadline exceeded"}"#
                + "\n")
        #expect(w.session.suggestion?.outcome == "etcd")
        try w.choose("etcd")
        try w.follow()
        #expect(w.session.phase == .ended(status: .handedOff, to: "General etcd debugging runbook"))
    }

    @Test func networkBlastEndsWithCSE() throws {
        var w = try walker()
        try toTargets(&w)
        try w.choose("deadline")
        try w.run(output: "real\t0m0.3s\n", seconds: 0.3)
        try w.choose("fast"); try w.choose("one"); try w.choose("blast")
        try w.choose("done"); try w.follow()  // Vyatta healthcheck, then back
        #expect(w.step == "vyatta-performance")
        try w.choose("normal")
        try w.choose("done"); try w.follow()  // VIP failover, then back
        try w.choose("not-eased")
        try w.choose("done"); try w.follow()  // Jenkins CSE job, then back
        #expect(w.step == "mtr-probe")
        try w.set("vyatta_host", "prod-lon02-firewall-vyattaha1-02")
        try w.set("cse_ip", "166.9.30.13")
        #expect(w.session.suggestedCommand == "sudo mtr -w -P 30001 -T -c 100 166.9.30.13")
        try w.run(
            output: """
                HOST: prod-lon02-firewall-vyattaha1-02    Loss%   Snt   Last   Avg  Best  Wrst StDev
                  1.|-- 10.113.39.195                        0.0%   100    1.0   1.4   0.8  12.6   1.4
                  2.|-- ???                                 100.0   100    0.0   0.0   0.0   0.0   0.0
                  9.|-- d.1e.09a6.ip4.static.sl-reverse.com  7.0%   100  1083. 709.0  13.1 1113. 504.8

                """, seconds: 100)
        #expect(w.session.suggestion?.outcome == "loss")
        try w.choose("loss")
        try w.finish()
        #expect(w.session.phase == .ended(status: .escalated, to: "CSE SRE (#service-endpoint-sre)"))
    }

    @Test func otherChecksEndInDeletingThePod() throws {
        var w = try walker()
        try toTargets(&w)
        try w.choose("other")
        try w.run(output: "armada   armada-api-5867d86996-5fgc2   0/1   CrashLoopBackOff   10.176.31.239\n")
        try w.choose("done")
        #expect(
            w.session.suggestedCommand
                == #"kubectl get pod armada-api-5867d86996-5fgc2 --template='{{(index (index .spec.containers 0).ports 0).containerPort}}{{"\n"}}' -n armada"#
        )
        try w.run(output: "9100\n")
        try w.choose("done")
        #expect(w.session.step?.run?.background == true)
        try w.run(output: "Forwarding from 127.0.0.1:9100 -> 9100\n")
        try w.choose("done")
        #expect(w.session.suggestedCommand == "curl -sS -m 10 http://localhost:9100/metrics")
        try w.run(output: "curl: (7) Failed to connect to localhost port 9100\n", exit: 7)
        #expect(w.session.suggestion == OutcomeSuggestion(outcome: "broken", reason: "exit code was 7, not 0"))
        try w.choose("broken")
        #expect(w.session.step?.run?.confirm == true)
        try w.run(output: "pod \"armada-api-5867d86996-5fgc2\" deleted\n")
        try w.choose("done")
        try w.choose("fixed")
        try w.finish()
        #expect(w.session.phase == .ended(status: .resolved, to: nil))
        #expect(
            path(w).suffix(7) == [
                "find-pod", "pod-port", "port-forward", "check-endpoint", "delete-pod", "replacement-check", "resolved"
            ])
    }
}
