import Foundation
import Testing
@testable import RunbookGraph

/// The hand conversion of the seed document keeps every decision, command and link.
struct SeedRunbookTests {
    let runbook: Runbook

    init() throws {
        let result = RunbookLoader().load(path: Paths.seed)
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        runbook = try #require(result.runbook)
    }

    var commands: [String] { runbook.steps.compactMap(\.run?.command) }

    func command(of step: String) -> CommandSpec? { runbook.step(step)?.run }

    @Test(arguments: [
        "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_prometheus_scrape_failure.us-south",
        "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239__armada-api_scrape_failure.us-south",
        "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_docker-metrics-endpoint_scrape_failure.us-south",
        "ibmcloud.CloudFunctions.functions-prod-us-east-02.10.188.165.182:9100__scrape_failure.us-east",
        "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de"
    ])
    func matchesEveryExampleTitle(_ title: String) throws {
        let match = try #require(runbook.match)
        #expect(match.holds(in: Facts(alert: Alert(title: title))))
    }

    @Test func matchesTheExampleLabelBody() throws {
        let match = try #require(runbook.match)
        let alert = Alert(labels: ["alertname": "KubernetesEndpointScrapeFailure", "hostname": "10.176.31.239"])
        #expect(match.holds(in: Facts(alert: alert)))
        #expect(!match.holds(in: Facts(alert: Alert(title: "prod-dal10-carrier1 disk full"))))
    }

    @Test func calicoIsCheckedInBothNamespaces() throws {
        let calicoNS = try #require(runbook.variable("calico_ns"))
        #expect(calicoNS.choices.map(\.value) == ["kube-system", "calico-system"])
        #expect(
            command(of: "calico")?.command
                == "kubectl get pods -n {{calico_ns}} -l k8s-app=calico-node -o wide | grep {{worker_ip}}")
        #expect(command(of: "recheck-calico")?.command == command(of: "calico")?.command)
    }

    @Test func timedCurlRunsOnTheWorkerWithItsTenSecondThreshold() throws {
        let curl = try #require(command(of: "time-curl"))
        #expect(curl.command == "time curl -k {{instance}}/metrics")
        #expect(curl.host == "{{worker_ip}}")
        let slow = try #require(runbook.step("time-curl")?.outcomes.first { $0.id == "slow" }?.when)
        let fast = CommandResult(output: "real 0m0.285s", duration: .init(milliseconds: 285))
        let late = CommandResult(output: "real 0m14.1s", duration: .seconds(14))
        #expect(!slow.holds(in: Facts(result: fast)))
        #expect(slow.holds(in: Facts(result: late)))
    }

    @Test func everyCommandOfTheDocumentIsThere() {
        let expected = [
            "kubectl describe node {{worker_ip}}",
            "top -o %MEM",
            "cat /proc/{{pid}}/cpuset",
            "kubectl get pods -n {{namespace}} {{pod}}",
            "kubectl -n {{namespace}} logs {{pod}}",
            "sudo mtr -w -P {{cse_port}} -T -c 100 {{cse_ip}}",
            "kubectl get pods --all-namespaces -o wide | grep {{worker_ip}}",
            "kubectl get pod {{target_pod}} --template='{{(index (index .spec.containers 0).ports 0).containerPort}}{{\"\\n\"}}' -n armada",
            "kubectl port-forward -n armada {{target_pod}} {{port}}",
            "kubectl delete pod -n armada {{target_pod}}"
        ]
        for command in expected { #expect(commands.contains(command), "missing: \(command)") }
    }

    /// The document reads a value out of one command and types it into the next:
    /// the pod found on the worker's IP, then the port that pod serves.
    @Test func valuesReadFromOutputAreCaptured() throws {
        #expect(runbook.step("find-pod")?.capture?.names == ["target_pod"])
        #expect(runbook.step("pod-port")?.capture?.names == ["port"])
        let listing = """
            armada   armada-api-5867d86996-5fgc2   1/1   Running   0   3d   10.176.31.239   10.176.31.239
            """
        #expect(
            runbook.step("find-pod")?.capture?.read(listing).values == ["target_pod": "armada-api-5867d86996-5fgc2"])
        #expect(runbook.step("pod-port")?.capture?.read("8080\n").values == ["port": "8080"])
    }

    @Test func commandFlagsFollowTheDocument() {
        #expect(command(of: "port-forward")?.background == true)
        #expect(command(of: "delete-pod")?.confirm == true)
        #expect(command(of: "node-memory")?.interactive == true)
    }

    @Test func goTemplateInKubectlIsNotAVariable() throws {
        let spec = try #require(command(of: "pod-port"))
        #expect(Template.references(in: spec.command).map(\.name) == ["target_pod"])
    }

    @Test func chlorineLookupIsAManualStep() throws {
        let step = try #require(runbook.step("chlorine-lookup"))
        #expect(step.kind == .manual)
        #expect(step.text?.contains("lookup {{worker_ip}}") == true)
    }

    @Test func everyLinkOfTheDocumentIsThereWithItsURL() {
        var links: [String: RunbookLink] = [:]
        var returns: [String: Set<String>] = [:]
        for step in runbook.steps {
            for outcome in step.outcomes {
                guard case .link(let link) = outcome.next else { continue }
                links[link.runbook ?? ""] = link
                returns[link.runbook ?? "", default: []].insert(link.then ?? "")
            }
        }
        let expected = [
            "armada-ops-node-exporter-on-carrier-master-troubled", "armada-tugboats",
            "armada-network-calico-node-troubleshooting", "armada-etcd-general-troubleshooting",
            "netint_vyatta_healthcheck", "netint_vyatta_highping", "armada-carrier-vip-failover",
            "jenkins-cse-operations"
        ]
        #expect(Set(links.keys) == Set(expected))
        for (id, link) in links {
            #expect(link.url?.hasPrefix("https://pages.github.ibm.com/alchemy-conductors/") == true, "\(id)")
            #expect(link.url?.contains(id) == true, "\(id)")
        }
        #expect(returns["armada-tugboats"] == ["chlorine-lookup"])
        #expect(returns["armada-network-calico-node-troubleshooting"] == ["calico-fixed", "time-curl"])
        #expect(returns["armada-ops-node-exporter-on-carrier-master-troubled"] == [""])
        let references = runbook.steps.flatMap(\.links).map(\.url)
        #expect(references.contains("https://alchemy-dashboard.containers.cloud.ibm.com/carrier"))
        #expect(references.contains { $0.hasSuffix("armada_pagerduty_escalation_policies.html") })
    }

    @Test func endingsCoverResolutionAndEveryEscalation() {
        let ends = Dictionary(uniqueKeysWithValues: runbook.steps.compactMap { s in s.end.map { (s.id, $0) } })
        #expect(ends["resolved"]?.status == .resolved)
        #expect(ends["escalate-404"]?.status == .escalated)
        #expect(ends["escalate-owner"]?.status == .escalated)
        #expect(ends["escalate-ops"]?.to == "the armada-ops team")
        #expect(ends["engage-cse"]?.to == "CSE SRE (#service-endpoint-sre)")
        #expect(ends["docker-recovery"]?.status == .handedOff)
    }

    @Test func tugboatDecisionUsesTheCarrierNumber() throws {
        let outcomes = try #require(runbook.step("tugboat")?.outcomes)
        let facts = { (n: String) in Facts(variables: ["carrier_no": n], variableTypes: ["carrier_no": .int]) }
        #expect(outcomes.filter { $0.when?.holds(in: facts("100")) == true }.map(\.id) == ["tugboat"])
        #expect(outcomes.filter { $0.when?.holds(in: facts("99")) == true }.map(\.id) == ["carrier"])
    }
}
