import Foundation
import Testing
@testable import RunbookGraph

struct AlertParserTests {
    struct TitleCase: Sendable, CustomTestStringConvertible {
        var title: String
        var hostname: String
        var port: String?
        var carrier: String?
        var service: String?
        var region: String
        var testDescription: String { title }
    }

    static let seedTitles = [
        TitleCase(
            title: "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_prometheus_scrape_failure.us-south",
            hostname: "10.176.31.239", port: nil, carrier: "prod-dal10-carrier1", service: "prometheus",
            region: "us-south"),
        TitleCase(
            title:
                "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239__armada-api_scrape_failure.us-south",
            hostname: "10.176.31.239", port: nil, carrier: "prod-dal10-carrier1", service: "armada-api",
            region: "us-south"),
        TitleCase(
            title:
                "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_docker-metrics-endpoint_scrape_failure.us-south",
            hostname: "10.176.31.239", port: nil, carrier: "prod-dal10-carrier1", service: "docker-metrics-endpoint",
            region: "us-south"),
        TitleCase(
            title: "ibmcloud.CloudFunctions.functions-prod-us-east-02.10.188.165.182:9100__scrape_failure.us-east",
            hostname: "10.188.165.182", port: "9100", carrier: nil, service: nil, region: "us-east"),
        TitleCase(
            title:
                "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de",
            hostname: "10.75.197.52", port: nil, carrier: "prod-fra02-carrier100", service: "kubernetes-cadvisor",
            region: "eu-de")
    ]

    @Test(arguments: seedTitles)
    func pagerDutyTitles(_ c: TitleCase) {
        let alert = AlertParser.parse(c.title)
        #expect(alert.title == c.title)
        #expect(alert.labels["hostname"] == c.hostname)
        #expect(alert.labels["port"] == c.port)
        #expect(alert.labels["instance"] == c.port.map { "\(c.hostname):\($0)" })
        #expect(alert.labels["carrier_name"] == c.carrier)
        #expect(alert.labels["service"] == c.service)
        #expect(alert.labels["region"] == c.region)
    }

    static let seedBody = SeedAlert.body

    @Test func seedLabelBodyWithFenceAndProse() {
        let alert = AlertParser.parse(Self.seedBody)
        #expect(alert.labels.count == 12)
        #expect(alert.labels["alertname"] == "KubernetesEndpointScrapeFailure")
        #expect(alert.labels["instance"] == "10.176.31.239:9100")
        #expect(alert.labels["pod_name"] == "node-exporter-4hgbs")
        #expect(alert.annotations.count == 3)
        #expect(alert.annotations["summary"] == "A service-endpoint hosted on 10.176.31.239 is failing to scrape")
        #expect(alert.annotations["description"]?.hasSuffix("unable to scrape for data") == true)
        #expect(alert.title == "A service-endpoint hosted on 10.176.31.239 is failing to scrape")
    }

    @Test func titleAndBodyPastedTogether() {
        let alert = AlertParser.parse(SeedWalkTests.title + "\n\n" + SeedWalkTests.labelBody)
        #expect(alert.title == SeedWalkTests.title)
        #expect(alert.labels["carrier_name"] == "prod-dal10-carrier1")
        #expect(alert.labels["pod_name"] == "armada-api-5867d86996-5fgc2")
        #expect(alert.labels["service"] == "armada-api")
    }

    @Test func alertmanagerWebhook() {
        let json = """
            {"version":"4","status":"firing","receiver":"pd","groupKey":"{}:{alertname=\\"KubernetesEndpointScrapeFailure\\"}",
             "commonLabels":{"alertname":"KubernetesEndpointScrapeFailure","severity":"critical"},
             "commonAnnotations":{"runbook":"https://example.com/rb.html"},
             "alerts":[{"status":"firing",
                        "labels":{"hostname":"10.176.31.239","instance":"10.176.31.239:9100","service":"node-exporter","replicas":3},
                        "annotations":{"summary":"A service-endpoint hosted on 10.176.31.239 is failing to scrape"},
                        "startsAt":"2026-11-25T03:00:00Z"}]}
            """
        let alert = AlertParser.parse(json)
        #expect(alert.labels["alertname"] == "KubernetesEndpointScrapeFailure")
        #expect(alert.labels["instance"] == "10.176.31.239:9100")
        #expect(alert.labels["replicas"] == "3")
        #expect(alert.annotations["runbook"] == "https://example.com/rb.html")
        #expect(alert.title == "A service-endpoint hosted on 10.176.31.239 is failing to scrape")
    }

    @Test func garbageIsJustText() {
        let alert = AlertParser.parse("{ not json at all\nhello: world")
        #expect(alert.labels.isEmpty)
        #expect(alert.text == "{ not json at all\nhello: world")
    }
}

struct ShellQuoteTests {
    static let payloads = [
        "$(touch /tmp/runbook-pwned)", "`touch /tmp/runbook-pwned`", "a'b\"c", "x; touch /tmp/runbook-pwned",
        "line1\nline2", "", " spaced  out ", "*", "$HOME", "\\", "-rf", "'", "ünïcødé"
    ]

    @Test(arguments: payloads)
    func valuesReachTheCommandLiterally(_ payload: String) throws {
        let dir = try TemporaryFolder()
        let marker = dir.url.appendingPathComponent("pwned").path
        let value = payload.replacingOccurrences(of: "/tmp/runbook-pwned", with: marker)
        let command = try ShellQuote.render("printf '%s|' {{v}} && printf '%s' done", values: ["v": value])
        let result = try runProcess("/bin/sh", ["-c", command])
        #expect(result.status == 0)
        #expect(result.stdout == value + "|done", "sh saw a different argument for \(command)")
        #expect(!FileManager.default.fileExists(atPath: marker), "the payload ran: \(command)")
    }

    @Test func safeValuesStayBare() {
        #expect(ShellQuote.quote("10.176.31.239:9100") == "10.176.31.239:9100")
        #expect(ShellQuote.quote("kube-system") == "kube-system")
        #expect(ShellQuote.quote("it's") == #"'it'\''s'"#)
    }
}

/// Issue 19: alerts in the shapes that used to lose their labels silently.
struct AlertShapeTests {
    @Test func aLabelsBodyWithCRLFLineEndings() {
        let alert = AlertParser.parse(
            "Labels:\r\n- alertname = PodDown\r\n- pod = web-1\r\nAnnotations:\r\n- summary = down\r\n")
        #expect(alert.labels == ["alertname": "PodDown", "pod": "web-1"])
        #expect(alert.annotations["summary"] == "down")
    }

    @Test func alertmanagerJSONWithAByteOrderMark() {
        let alert = AlertParser.parse(
            "\u{FEFF}{\"alerts\": [{\"labels\": {\"alertname\": \"PodDown\", \"pod\": \"web-1\"}}]}")
        #expect(alert.labels["pod"] == "web-1")
        #expect(alert.problem == nil)
    }

    @Test func hugeNumbersAndLoneSurrogatesDoNotDropTheAlert() {
        let alert = AlertParser.parse(
            #"{"alerts": [{"labels": {"alertname": "X", "pod": "a\ud800b", "ratio": 1e400}, "annotations": {"value": 1e400}}]}"#
        )
        #expect(alert.labels["alertname"] == "X")
        #expect(alert.labels["pod"] == "a\u{FFFD}b")
        #expect(alert.labels["ratio"] == "1e400")
        #expect(alert.problem == nil)
    }

    @Test func invalidJSONSaysWhereAndIsReadAsText() {
        let alert = AlertParser.parse("{\"alerts\": [{\"labels\": {\"alertname\": \"X\",}}]}\n")
        #expect(
            alert.problem?.contains("line 1, column 42: expected a \"key\"") == true,
            "\(String(describing: alert.problem))")
        #expect(alert.text.hasPrefix("{"))
    }

    @Test func goTemplateKeywordsAreNeverVariables() throws {
        let text = minimalRunbook.replacingOccurrences(
            of: "a: { title: A, next: done }",
            with:
                #"a: { title: A, run: "kubectl get pods -o go-template='{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}{{if .x}}y{{else}}z{{end}}'", next: done }"#
        )
        let result = RunbookLoader().load(text: text, path: "t.yaml")
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(Template.references(in: "{{end}} {{ else }} {{pod}}").map(\.name) == ["pod"])
    }
}
