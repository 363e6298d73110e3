import Foundation
import Testing
@testable import RunbookGraph

/// `runbook import` on the seed document: what the issue asks the imported runbook to hold.
struct SeedImportTests {
    static let seedPath = Paths.fixtures.appendingPathComponent("markdown/armada-global-scrape-failure.md").path

    static func imported() throws -> (ImportResult, Runbook) {
        let result = try MarkdownImporter().importFile(seedPath)
        let load = RunbookLoader().load(text: result.yaml, path: "armada-global-scrape-failure.yaml")
        #expect(load.diagnostics.filter { $0.severity == .error }.isEmpty, "\(load.diagnostics)")
        return (result, try #require(load.runbook))
    }

    @Test func everyCommandOfTheDocumentIsAStepCommand() throws {
        let (_, runbook) = try Self.imported()
        let commands = Set(runbook.steps.compactMap { $0.run?.command })
        let expected = [
            "kubectl get pods -n kube-system -l k8s-app=calico-node -o wide | grep {{worker_ip}}",
            "kubectl get pods -n calico-system -l k8s-app=calico-node -o wide | grep {{worker_ip}}",
            "time curl -k {{instance}}/metrics",
            "kubectl describe node {{worker_ip}}",
            "top -o  %MEM",
            "kubectl get pods -n {{name_space}} {{pod_name}}",
            "kubectl get pods -n armada -o wide | grep armada-api",
            // The transcript's pod (armada-api-5867d86996-5fgc2) is never the same twice: asked for.
            "kubectl -n armada logs {{pod}}",
            "sudo mtr -w -P 30001 -T -c 100 166.9.30.13",
            "kubectl get pods --all-namespaces -o wide | grep {{ip}}",
            #"kubectl get pod {{pod_name}} --template='{{(index (index .spec.containers 0).ports 0).containerPort}}{{"\n"}}' -n armada"#,
            "kubectl port-forward -n armada {{pod_name}} {{port}}",
            "kubectl delete pod {{name}}"
        ]
        for command in expected { #expect(commands.contains(command), "missing \(command)") }
        #expect(commands.count == expected.count, "\(commands.subtracting(expected))")
        // The Chlorine bot's `lookup` is a chat command, kept in the text; `export WORKER_IP=` became a variable.
        #expect(runbook.steps.contains { $0.text?.contains("lookup <node IP>") == true })
        #expect(runbook.variable("worker_ip")?.ask == "Worker IP address?")
        // Commands keep their traits: top takes the terminal, port-forward runs on, delete asks first.
        let byCommand = Dictionary(
            runbook.steps.compactMap { s in s.run.map { ($0.command, $0) } }, uniquingKeysWith: { a, _ in a })
        #expect(byCommand["top -o  %MEM"]?.interactive == true)
        #expect(byCommand["kubectl port-forward -n armada {{pod_name}} {{port}}"]?.background == true)
        #expect(byCommand["kubectl delete pod {{name}}"]?.confirm == true)
    }

    @Test func exampleValuesBecomeAlertVariables() throws {
        let (_, runbook) = try Self.imported()
        let instance = try #require(runbook.variable("instance"))
        #expect(instance.from == ["alert.instance"])
        #expect(runbook.variable("pod_name")?.from == ["alert.pod_name"])
        // Placeholders naming a label in other words read it too.
        #expect(runbook.variable("worker_ip")?.from == ["alert.hostname"])
        #expect(runbook.variable("name_space")?.from == ["alert.kubernetes_namespace"])
        #expect(!runbook.steps.contains { $0.run?.command.contains("10.176.31.239") == true })
    }

    @Test func linksToOtherRunbooksAreKept() throws {
        let (_, runbook) = try Self.imported()
        var links: [String: RunbookLink] = [:]
        for step in runbook.steps {
            for outcome in step.outcomes {
                if case .link(let link) = outcome.next, let id = link.runbook { links[id] = link }
            }
        }
        for id in [
            "armada-ops-node-exporter-on-carrier-master-troubled", "armada-tugboats",
            "armada-network-calico-node-troubleshooting",
            "armada-etcd-general-troubleshooting", "netint_vyatta_highping"
        ] {
            #expect(links[id] != nil, "no link to \(id)")
        }
        // Relative links resolve against the page's address from the example alert.
        #expect(
            links["armada-tugboats"]?.url
                == "https://pages.github.ibm.com/alchemy-conductors/documentation-pages/docs/runbooks/armada/armada-tugboats.html"
        )
        // "to access the tugboat first": the walk comes back.
        #expect(links["armada-tugboats"]?.then != nil)
        #expect(links["armada-network-calico-node-troubleshooting"]?.then == nil)
        // Every link of the document is somewhere in the runbook.
        let yaml = try Self.imported().0.yaml
        for target in [
            "netint_vyatta_healthcheck.html", "armada-carrier-vip-failover.html", "jenkins-cse-operations.html",
            "armada_pagerduty_escalation_policies.html", "alchemy-dashboard.containers.cloud.ibm.com/carrier"
        ] {
            #expect(yaml.contains(target), "missing link \(target)")
        }
    }

    @Test func theDocumentsBranchesAreDecisions() throws {
        let (_, runbook) = try Self.imported()
        func decision(_ match: (Step) -> Bool) -> Step? { runbook.steps.first { $0.outcomes.count >= 2 && match($0) } }
        // node-exporter: suggested from the alert.
        let nodeExporter = try #require(decision { $0.title.contains("node-exporter") })
        #expect(nodeExporter.outcomes.contains { $0.when.map { "\($0.kind)".contains("node-exporter") } == true })
        #expect(decision { $0.title.lowercased().contains("tugboat") } != nil)
        // calico: IKS 1.28 or lower, else: one command each.
        let calico = try #require(decision { $0.title.contains("1.28 or lower") })
        let calicoCommands = calico.outcomes.compactMap { $0.next.stepID.flatMap { runbook.step($0)?.run?.command } }
        #expect(calicoCommands.count == 2 && calicoCommands.allSatisfy { $0.contains("k8s-app=calico-node") })
        // 404 versus deadline.
        let errors = try #require(decision { step in step.outcomes.contains { $0.label.contains("404") } })
        #expect(errors.outcomes.contains { $0.label.lowercased().contains("deadline") })
        let onward404 = errors.outcomes.first { $0.label.contains("404") }?.next.stepID.flatMap { runbook.step($0) }
        #expect(
            onward404?.outcomes.first?.next.stepID == "escalate"
                || onward404.map { step in
                    if case .step("escalate", _)? = step.outcomes.first?.next { true } else { false }
                } == true)
        // Multi-carrier: a decision of its own.
        #expect(decision { $0.title.contains("multiple carriers") } != nil)
        // The escalation section is the escalation end.
        let escalate = try #require(runbook.step("escalate"))
        #expect(escalate.end?.status == .escalated)
        #expect(escalate.end?.to == "owning squad")
    }

    @Test func matchSelectsItForTheFiveExampleTitles() throws {
        let (_, runbook) = try Self.imported()
        let titles = [
            "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_prometheus_scrape_failure.us-south",
            "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239__armada-api_scrape_failure.us-south",
            "bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_docker-metrics-endpoint_scrape_failure.us-south",
            "ibmcloud.CloudFunctions.functions-prod-us-east-02.10.188.165.182:9100__scrape_failure.us-east",
            "bluemix.containers-kubernetes.prod-fra02-carrier100.10.75.197.52_kubernetes-cadvisor_scrape_failure.eu-de"
        ]
        for title in titles {
            #expect(Triage.rank([runbook], alert: AlertParser.parse(title)).count == 1, "\(title)")
        }
        #expect(Triage.rank([runbook], alert: AlertParser.parse("KubePodCrashLooping default/web-1")).isEmpty)
    }

    @Test func frontMatterGivesServiceAndTags() throws {
        let (_, runbook) = try Self.imported()
        #expect(runbook.service == "armada")
        #expect(runbook.tags == ["alchemy", "armada", "scrape"])
        // One word is a list of one.
        let one = RunbookLoader().load(
            text: "runbook: a\ntitle: A\ntags: disk\nstart: s\nsteps:\n  s: { title: S, end: resolved }\n",
            path: "a.yaml")
        #expect(one.runbook?.tags == ["disk"])
    }

    @Test func importIsDeterministicAndReportsReviews() throws {
        let a = try MarkdownImporter().importFile(Self.seedPath)
        let b = try MarkdownImporter().importFile(Self.seedPath)
        #expect(a.yaml == b.yaml)
        #expect(a.report == b.report)
        #expect(a.report.commands == 13)
        // Five linked runbooks, and "In this case, … run `VIP Failover` [link]" after the slowness it answers.
        #expect(a.report.runbookLinks == 6)
        // "If this is the case" reads its question from the sentence before: a person should look.
        #expect(a.report.reviews.contains { $0.note.contains("If this is the case") && $0.note.contains("line 57") })
        #expect(a.yaml.contains("review: "))
    }

    @Test func theImportWalksFromStartToAnEnd() throws {
        let (_, runbook) = try Self.imported()
        // Always take the first outcome: the walk ends at an end step or a hand-off.
        var id: String? = runbook.start
        var seen: Set<String> = []
        var last: Step?
        while let current = id, seen.insert(current).inserted, let step = runbook.step(current) {
            last = step
            id = step.outcomes.first.flatMap { $0.next.stepID }
        }
        let final = try #require(last)
        #expect(
            final.end != nil || final.outcomes.first.map { if case .link = $0.next { true } else { false } } == true)
    }
}

/// Public Markdown runbooks of other organisations (see Fixtures/markdown/external/SOURCES.md).
struct ExternalImportTests {
    static let folder = Paths.fixtures.appendingPathComponent("markdown/external")

    static let expectedCommands: [(String, Int)] = [
        ("prometheus-operator-KubePodCrashLooping.md", 3),
        ("openshift-etcdMembersDown.md", 6),
        ("openshift-TargetDown.md", 8),
        ("govuk-mongod-replication-lag.html.md", 3),
        ("govuk-low-available-disk-space.html.md", 15),
        ("cloudgov-troubleshooting-bosh.md", 18),
        ("gitlab-ci_pending_builds.md", 8),
        ("gitlab-TrafficAbsent.md", 0)
    ]

    @Test(arguments: expectedCommands)
    func importsToAValidRunbook(_ file: String, _ commands: Int) throws {
        let path = Self.folder.appendingPathComponent(file).path
        let result = try MarkdownImporter().importFile(path)
        let load = RunbookLoader().load(text: result.yaml, path: MarkdownImporter.outputName(path))
        #expect(!load.diagnostics.hasErrors, "\(load.diagnostics)")
        let runbook = try #require(load.runbook)
        #expect(runbook.steps.filter { $0.run != nil }.count == commands)
        #expect(result.report.commands == commands)
    }

    @Test func prometheusStylePlaceholdersReadTheAlert() throws {
        let result = try MarkdownImporter().importFile(
            Self.folder.appendingPathComponent("prometheus-operator-KubePodCrashLooping.md").path)
        let runbook = try #require(RunbookLoader().load(text: result.yaml, path: "x.yaml").runbook)
        #expect(runbook.steps.contains { $0.run?.command == "kubectl -n {{namespace}} get pod {{pod}}" })
        // The page shows no example alert: `$NAMESPACE` is asked, never guessed from a label some alert might carry.
        #expect(runbook.variable("namespace")?.from == [])
        #expect(runbook.variable("namespace")?.ask != nil)
        #expect(Triage.rank([runbook], alert: Alert(labels: ["alertname": "KubePodCrashLooping"])).count == 1)
    }

    @Test func promptsAndTheirOutputAreToldApart() throws {
        let result = try MarkdownImporter().importFile(
            Self.folder.appendingPathComponent("cloudgov-troubleshooting-bosh.md").path)
        let runbook = try #require(RunbookLoader().load(text: result.yaml, path: "x.yaml").runbook)
        let commands = runbook.steps.compactMap { $0.run?.command }
        #expect(commands.contains("bosh deployments"))
        #expect(commands.contains("fly -t {{your_concourse_target_name}} builds"))
        // The table `bosh deployments` prints is the step's example output, not a command.
        #expect(!commands.contains { $0.contains("admin-ui/10") })
        #expect(
            runbook.steps.contains { $0.run?.command == "bosh deployments" && $0.text?.contains("admin-ui/10") == true }
        )
        // "(e.g. https://ci.example.com)" after a command is prose.
        #expect(
            commands.contains("fly --target {{your_concourse_target_name}} login --concourse-url {{concourse_url}}"))
    }

    @Test func alertNamesInTheTextBecomeMatchRules() throws {
        let result = try MarkdownImporter().importFile(
            Self.folder.appendingPathComponent("gitlab-ci_pending_builds.md").path)
        let runbook = try #require(RunbookLoader().load(text: result.yaml, path: "x.yaml").runbook)
        for name in ["CICDTooManyPendingJobsPerNamespace", "CICDTooManyRunningJobsPerNamespaceOnSharedRunnersGitLabOrg"]
        {
            #expect(Triage.rank([runbook], alert: Alert(labels: ["alertname": name])).count == 1, "\(name)")
        }
    }

    @Test func logLinesAndPayloadsAreNotCommands() throws {
        let result = try MarkdownImporter().importFile(
            Self.folder.appendingPathComponent("gitlab-ci_pending_builds.md").path)
        #expect(!result.yaml.contains("command: Mar 20"))
        let target = try MarkdownImporter().importFile(
            Self.folder.appendingPathComponent("openshift-TargetDown.md").path)
        #expect(!target.yaml.contains("command: apiVersion"))
        #expect(!target.yaml.contains("command: notAfter"))
    }
}

/// The pieces the importer is built from.
struct ImportPiecesTests {
    @Test func codeBlocksAreReadAsCommandsOrOutput() {
        #expect(
            CodeReading.read("$ oc get nodes\nNAME STATUS\nm1   Ready", language: "console", intro: "") == [
                .command("oc get nodes"), .output("NAME STATUS\nm1   Ready")
            ])
        #expect(
            CodeReading.read("{\"level\":\"fatal\"}", language: "", intro: "") == [.output("{\"level\":\"fatal\"}")])
        #expect(
            CodeReading.read("kubectl get pods\nkubectl get svc", language: "", intro: "") == [
                .command("kubectl get pods\nkubectl get svc")
            ])
        #expect(
            CodeReading.read("kubectl get pods", language: "", intro: "The output will be similar to:") == [
                .output("kubectl get pods")
            ])
        #expect(
            CodeReading.read("Mar 20 13:16:36 host runner[1]: msg", language: "", intro: "") == [
                .output("Mar 20 13:16:36 host runner[1]: msg")
            ])
        #expect(
            CodeReading.read("user@host:~$ ls -l\ntotal 0", language: "", intro: "") == [
                .command("ls -l"), .output("total 0")
            ])
        #expect(CodeReading.read("some-tool --flag", language: "bash", intro: "") == [.command("some-tool --flag")])
        // A SQL block is a statement for the database: the reader runs it with the document's client or keeps it as text.
        #expect(CodeReading.read("SELECT 1;", language: "sql", intro: "") == [.command("SELECT 1;")])
        #expect(CodeReading.read("id | name\n 1 | a", language: "sql", intro: "") == [.output("id | name\n 1 | a")])
        let text = try? MarkdownImporter().importText(
            "# Q\n\nCount them:\n\n```sql\nselect count(*) from jobs;\n```\n", path: "q.md")
        #expect(
            text?.yaml.contains("run:") == false && text?.report.reviews.contains { $0.note.contains("SQL") } == true)
    }

    @Test func commandTraits() {
        #expect(CodeReading.traits(of: "sudo -u postgres psql postgres").interactive)
        #expect(!CodeReading.traits(of: "sudo -u postgres psql -c 'select 1'").interactive)
        #expect(CodeReading.traits(of: "top -o %MEM").interactive)
        #expect(!CodeReading.traits(of: "top -b -n 1").interactive)
        #expect(CodeReading.traits(of: "kubectl port-forward -n x pod 8080").background)
        #expect(CodeReading.traits(of: "journalctl -xef | grep x").interactive)
        #expect(CodeReading.traits(of: "ssh host").interactive)
        #expect(!CodeReading.traits(of: "ssh host uptime").interactive)
        #expect(ImportReader.isDestructive("fab prod app.restart:mongodb"))
        #expect(!ImportReader.isDestructive("kubectl get pods --field-selector=status.phase!=Running"))
    }

    @Test func inlineSpansAreCommandsOnlyWhenTheyRunSomething() {
        #expect(CodeReading.isInlineCommand("kubectl get pods -n x", context: "run `kubectl get pods -n x`"))
        #expect(!CodeReading.isInlineCommand("etcdctl", context: "To run `etcdctl` commands, rsh into it"))
        #expect(CodeReading.isInlineCommand("jps", context: "which can be done by running `jps`"))
        #expect(!CodeReading.isInlineCommand("node-exporter", context: "search for `node-exporter`"))
        #expect(!CodeReading.isInlineCommand("context deadline exceeded", context: ""))
        #expect(!CodeReading.isInlineCommand("/proc/<PID>/cpuset", context: ""))
    }

    @Test func conditionSentences() throws {
        let a = try #require(
            ConditionSentence.parse("If the carrier is a tugboat (`carrier_name` >= 100), follow [x](./x.html) first."))
        #expect(a.condition == "the carrier is a tugboat (`carrier_name` >= 100)")
        #expect(a.action == "follow [x](./x.html) first.")
        #expect(ConditionSentence.parse("If this is the case, follow the runbook.")?.anaphoric == true)
        #expect(ConditionSentence.parse("Else:")?.kind == .otherwise)
        #expect(ConditionSentence.parse("Failing that, reboot it.")?.kind == .failingThat)
        #expect(ConditionSentence.parse("b. If the pod exists")?.condition == "the pod exists")
        #expect(ConditionSentence.parse("Check the logs.") == nil)
        #expect(
            ConditionSentence.parse("If alerts fire, and X holds, then it is etcd.")?.condition
                == "alerts fire, and X holds")
    }

    @Test func placeholdersBecomeVariables() {
        var p = Placeholders()
        p.exampleValues = [("instance", "10.176.31.239:9100"), ("hostname", "10.176.31.239")]
        #expect(
            p.rewrite(command: "curl 10.176.31.239:9100/metrics && ping 10.176.31.2390")
                == "curl {{instance}}/metrics && ping 10.176.31.2390")
        #expect(
            p.rewrite(command: "kubectl delete pod <pod name> -n $NAMESPACE")
                == "kubectl delete pod {{pod_name}} -n {{namespace}}")
        #expect(
            p.rewrite(command: "awk '{ print $NF }' < in.txt > out.txt; echo $HOME")
                == "awk '{ print $NF }' < in.txt > out.txt; echo $HOME")
        #expect(p.rewrite(command: "X=1; echo $X ${env}") == "X=1; echo $X {{env}}")
        let absorbed = p.absorbExports("export WORKER_IP=<worker IP address>\nkubectl get node", example: false)
        #expect(absorbed.taken == ["export WORKER_IP=<worker IP address>"] && absorbed.rest == "kubectl get node")
        #expect(p.rewrite(command: "grep ${WORKER_IP}") == "grep {{worker_ip}}")
        #expect(p.variables.map(\.name) == ["instance", "pod_name", "namespace", "env", "worker_ip"])
        #expect(p.rewrite(text: "`kubectl delete pod <pod name>`") == "`kubectl delete pod {{pod_name}}`")
    }

    @Test func linksResolveAndNameRunbooks() {
        let base = "https://example.com/docs/runbooks/armada/page.html"
        #expect(LinkReading.resolve("./x.html", base: base) == "https://example.com/docs/runbooks/armada/x.html")
        #expect(LinkReading.resolve("../y.md", base: base) == "https://example.com/docs/runbooks/y.md")
        #expect(LinkReading.resolve("/z.html", base: base) == "https://example.com/z.html")
        #expect(LinkReading.runbookID("docs/etcd/README.md#top") == "etcd")
        #expect(LinkReading.runbookID("./armada-tugboats.html") == "armada-tugboats")
        let link = MarkdownInline.Link(text: "dashboard", target: "https://grafana.example.com/d/x", isImage: false)
        #expect(!LinkReading.isRunbookLink(link, context: "open the dashboard"))
    }

    /// A step shows its own links, and the first step the references sections' too: at
    /// most 30, each address once, in the order of the page.
    @Test func theFirstStepShowsTheReferencesSectionsLinks() throws {
        var page =
            "# Disk full\n\n## Check the disk\n\nRun `df -h` ([df](https://man.example/df), [du](https://man.example/du)).\n\n"
        page += "## Clean up\n\nRun `rm -rf /tmp/cache` ([rm](https://man.example/rm)).\n\n"
        for section in 0..<3 {
            page +=
                "## References\n\n"
                + (0..<15).map { "- [ref \(section)-\($0)](https://ref.example/\(section)/\($0 % 12))" }.joined(
                    separator: "\n")
            page += "\n- [df again](https://man.example/df)\n- [more \(section)](https://more.example/\(section))\n\n"
        }
        let runbook = try #require(try MarkdownImporter().importText(page, path: "disk.md").runbook)
        let first = try #require(runbook.step(runbook.start))
        let refs = { (section: Int) in (0..<12).map { "https://ref.example/\(section)/\($0)" } }
        #expect(
            first.links.map(\.url)
                == ["https://man.example/df", "https://man.example/du"] + refs(0) + ["https://more.example/0"] + refs(1)
                + ["https://more.example/1"] + refs(2).prefix(2))
        let cleanUp = try #require(runbook.steps.first { $0.run?.command.hasPrefix("rm ") == true })
        #expect(cleanUp.links.map(\.url) == ["https://man.example/rm"])
    }

    /// A condition is asked with its verb first where it is a short subject and its
    /// auxiliary; a negative, two clauses or anything less plain stay a statement.
    @Test(
        arguments: [
            ("the disk is over 90% full", "is the disk over 90% full"),
            ("there are errors in the logs", "are there errors in the logs"),
            ("calico-node is running", "is calico-node running"),
            ("the carrier or tugboat is running IKS 1.28", "is the carrier or tugboat running IKS 1.28"),
            ("The `pg_xlog` directory is the problem", "is the `pg_xlog` directory the problem"),
            ("you see repeated failures", "do you see repeated failures"),
            ("you have registered for the Slack", "have you registered for the Slack"),
            ("the node has 3 taints", "does the node have 3 taints"),
            ("the pod has restarted twice", "has the pod restarted twice"),
            ("the issue persists", "does the issue persist"),
            ("the issue still exists with the pod", "does the issue still exist with the pod"),
            ("the MySQL master runs out of disk space", "does the MySQL master run out of disk space"),
            ("the issue persists or the disk continues to fill", nil), ("the pod never restarts", nil),
            ("the service needs are unclear", nil),
            ("the replica cannot be resurrected", nil), ("MCO is not working on the master", nil),
            ("you never see it", nil), ("you don't see it", nil),
            ("the data is ephemeral and expansion is not available", nil),
            ("a common issue is that the CA is expired", nil), ("the command that runs is slow", nil),
            ("the output shows the pod is running", nil), ("no issue is found with it", nil),
            ("your are using a cloud", nil), ("is the pod running", nil), ("it works", nil),
            ("in the above steps you saw an error", nil)
        ] as [(String, String?)])
    func conditionsAreAskedVerbFirst(clause: String, asked: String?) {
        #expect(ConditionSentence.asked(clause) == asked)
    }

    @Test func referenceStyleLinksAndBareURLs() {
        let refs = ["fallback": "https://prometheus.io/docs"]
        let links = MarkdownInline.links(
            "See [the docs][fallback] and [`fallback`] or <https://a.example> and https://b.example/x.",
            references: refs)
        #expect(links.map(\.target) == ["https://prometheus.io/docs", "https://a.example", "https://b.example/x"])
    }

    @Test func indentedCodeAndTOMLFrontMatter() {
        let doc = MarkdownDocument(
            "+++\ntitle = \"Disk full\"\n+++\nRun this:\n\n    df -h\n    du -sh /var\n\nDone.\n")
        #expect(doc.frontMatterIsTOML)
        #expect(FrontMatter(doc.frontMatter ?? "", toml: true).title == "Disk full")
        #expect(doc.blocks.contains(.code(language: "", text: "df -h\ndu -sh /var", line: 6)))
    }
}

/// Each decision shape of the issue, in a small document.
struct ImportDecisionTests {
    static func runbook(_ markdown: String) throws -> (Runbook, ImportReport) {
        let result = try MarkdownImporter().importText(markdown, path: "doc.md")
        let load = RunbookLoader().load(text: result.yaml, path: "doc.yaml")
        #expect(!load.diagnostics.hasErrors, "\(load.diagnostics)\n\(result.yaml)")
        return (try #require(load.runbook), result.report)
    }

    @Test func conditionHeadingsAreOneDecision() throws {
        let (runbook, _) = try Self.runbook(
            """
            # Stale lock

            ## a. If the lock file does not exist

            Run `touch /var/run/app.lock`.

            ## b. If the lock file exists

            Run `rm /var/run/app.lock`.

            ## Restart

            Run `systemctl restart app`.
            """)
        let decision = try #require(runbook.step(runbook.start))
        #expect(decision.title == "Which case applies?")
        #expect(decision.outcomes.map(\.label) == ["The lock file does not exist", "The lock file exists"])
        let branches = decision.outcomes.compactMap { $0.next.stepID.flatMap { runbook.step($0) } }
        #expect(branches.map { $0.run?.command } == ["touch /var/run/app.lock", "rm /var/run/app.lock"])
        // Both branches rejoin at the section after them.
        let after = branches.map { $0.outcomes.first?.next.stepID ?? "" }
        #expect(after.allSatisfy { runbook.step($0)?.run?.command == "systemctl restart app" }, "\(after)")
    }

    @Test func stopHereFailingThatAndAnchors() throws {
        let (runbook, _) = try Self.runbook(
            """
            # Queue stuck

            1. Look for the poison message, run `queuectl peek orders`
            2. If found, STOP HERE and delete it with the queue owner.
            3. Restart the consumer: `systemctl restart consumer`
            4. Failing that, see [Rebuild the queue](#rebuild-the-queue).

            ## Rebuild the queue

            Run `queuectl rebuild orders`.
            """)
        let stop = try #require(runbook.steps.first { $0.outcomes.contains { $0.next.stepID == "resolved" } })
        #expect(stop.outcomes.count == 2)
        // "Failing that" right after a command: outcomes of the command's own step.
        let failing = try #require(runbook.steps.first { $0.outcomes.contains { $0.label == "No, it still fails" } })
        #expect(failing.run?.command == "systemctl restart consumer")
        let jump = try #require(failing.outcomes.first { $0.label == "No, it still fails" })
        #expect(runbook.step(jump.next.stepID ?? "")?.run?.command == "queuectl rebuild orders")
    }

    /// Case lists inside case branches: each section is read once (it was read once
    /// per enclosing branch, which grew exponentially).
    @Test func nestedCaseListsReadEachSectionOnce() throws {
        var markdown = "# T\n\n## s0 a\n\n"
        for i in 0..<200 {
            markdown +=
                "Errors:\n\n- `s\(i + 1) a` - x\n- `s\(i + 1) b` - y\n\n## s\(i + 1) a\n\nRun `ls a\(i)`.\n\n## s\(i + 1) b\n\n"
        }
        let (runbook, _) = try Self.runbook(markdown)
        let commands = runbook.steps.compactMap { $0.run?.command }
        #expect(commands.count == 200)
        #expect(Set(commands).count == 200, "no section is imported twice")
    }

    @Test func todoAndHTMLAreMarkedForReview() throws {
        let (_, report) = try Self.runbook(
            """
            # Disk

            ## Clean up

            Run `df -h`.

            <table><tr><td>old</td></tr></table>

            ## Long-term fix

            TODO
            """)
        #expect(report.reviews.contains { $0.note.hasPrefix("HTML at line 7 was left out") })
        #expect(report.reviews.contains { $0.note == "The source leaves this section as TODO (line 9)." })
    }
}

/// Bad input: a clear error naming the file, never a trap.
struct ImportInputTests {
    @Test func binaryAndNonUTF8AndEmptyInputsFailClearly() {
        let importer = MarkdownImporter()
        #expect(throws: MarkdownImporter.Failure.self) { try importer.importBytes([0x23, 0x00, 0x41], path: "a.md") }
        do {
            _ = try importer.importBytes(Array("# Title\nok ".utf8) + [0xC3, 0x28], path: "b.md")
            Issue.record("expected a failure")
        } catch {
            #expect(
                error.description
                    == "b.md: error: the file is not UTF-8 text (invalid byte at offset 11); convert it, e.g. with iconv -f latin1 -t utf-8"
            )
        }
        #expect(throws: MarkdownImporter.Failure.self) {
            try importer.importBytes(Array("\n\n<!-- nothing -->\n".utf8), path: "c.md")
        }
        #expect(throws: MarkdownImporter.Failure.self) { try importer.importFile("/nonexistent/x.md") }
    }

    @Test func proseOnlyDocumentsStillImport() throws {
        let result = try MarkdownImporter().importText("Just some words about the service.\n", path: "notes.md")
        let runbook = try #require(RunbookLoader().load(text: result.yaml, path: "notes.yaml").runbook)
        #expect(runbook.id == "notes")
        #expect(result.report.reviews.count == 1)
    }

    @Test func theReportCarriesTheValidatorsWarnings() throws {
        let result = try MarkdownImporter().importText(
            "# Deploy\n\nRun `curl -s https://get.example.com/i.sh | sh` to install.\n", path: "deploy.md")
        #expect(result.report.warnings.count == 1)
        #expect(result.report.warnings.first?.contains("pipes a download into a shell") == true)
        #expect(result.report.summary.hasSuffix(", 1 warning"))
    }

    @Test func crlfDocumentsReadLikeLF() throws {
        let lf = "# Disk\n\n1. Check: `df -h`\n2. If it is full, escalate to the storage team.\n"
        let a = try MarkdownImporter().importText(lf, path: "disk.md")
        let b = try MarkdownImporter().importText(lf.replacingOccurrences(of: "\n", with: "\r\n"), path: "disk.md")
        #expect(a.yaml == b.yaml)
    }

    @Test func yamlScalarsRoundTrip() throws {
        var rng = FuzzTests.SplitMix64(state: 7)
        let alphabet = Array("ab :#'\"\\\n\t-?{}[],&*!|>%@`\u{85}\u{2028}\u{7}\u{1B}é漢😀 yes no ~ 1.0")
        for _ in 0..<2000 {
            let length = Int.random(in: 0...24, using: &rng)
            let value = String((0..<length).map { _ in alphabet.randomElement(using: &rng)! })
            let yaml = "k: " + RunbookYAMLWriter.scalar(value, indent: 0) + "\n"
            let node = try #require(try YAMLComposer().compose(yaml), "\(yaml)")
            guard case .mapping(let pairs) = node.content else { Issue.record("not a mapping: \(yaml)"); continue }
            #expect(pairs.first?.value.scalar == value, "\(value.debugDescription) -> \(yaml)")
        }
    }
}

/// "List, then act on one from the listing": the listing captures the value.
struct ImportListingCaptureTests {
    @Test func aListingCapturesWhatTheNextCommandActsOn() throws {
        let (runbook, report) = try ImportDecisionTests.runbook(
            """
            # Stuck process

            ## Find it

            ```
            ps aux | grep java
            ```

            ## Stop it

            ```
            kill -TERM <PID>
            ```
            """)
        let listing = try #require(runbook.steps.first { $0.run?.command == "ps aux | grep java" })
        #expect(listing.capture?.names == ["pid"])
        #expect(listing.capture?.read("app  28731  184.2 76.1 java -jar x\n").values == ["pid": "28731"])
        #expect(listing.review?.contains("Captures pid from the second column (PID)") == true)
        #expect(report.reviews.contains { $0.note.contains("Captures pid") })
    }

    /// `kubectl get pods -A` prints the namespace first: the pod name is the second column
    /// (`-A` read as typed; lower-cased it is another flag).
    @Test(arguments: [("kubectl get pods -A", "second"), ("kubectl get pods -n armada", "first")])
    func aPodListingAcrossNamespacesCapturesTheSecondColumn(_ listingCommand: String, _ column: String) throws {
        let (runbook, _) = try ImportDecisionTests.runbook(
            """
            # Pod stuck

            ## Find it

            ```
            \(listingCommand)
            ```

            ## Restart it

            ```
            kubectl delete pod <pod>
            ```
            """)
        let listing = try #require(runbook.steps.first { $0.run?.command == listingCommand })
        #expect(listing.review?.contains("Captures pod from the \(column) column (NAME)") == true)
        let row = column == "second" ? "armada  web-7d9f-x2  1/1  Running\n" : "web-7d9f-x2  1/1  Running\n"
        #expect(listing.capture?.read(row).values == ["pod": "web-7d9f-x2"])
    }

    /// A way to the acting step that skips the listing: no capture (it would be used before it is made).
    @Test func noCaptureWhenTheListingCanBeSkipped() throws {
        let (runbook, _) = try ImportDecisionTests.runbook(
            """
            # Pod stuck

            ## Do you know the pod?

            - If you do not know the pod, list them:

              ```
              kubectl get pods -n armada
              ```

            ## Restart it

            ```
            kubectl delete pod <pod-name> -n armada
            ```
            """)
        #expect(runbook.steps.allSatisfy { $0.capture == nil })
    }

    @Test func aValueTheAlertGivesIsNotCaptured() throws {
        let (runbook, _) = try ImportDecisionTests.runbook(
            """
            # Pod stuck

            ## Example alert

            ```
            Labels:
            - alertname = PodStuck
            - pod = api-1
            ```

            ## Find it

            ```
            kubectl get pods -n armada
            ```

            ## Restart it

            ```
            kubectl delete pod <pod> -n armada
            ```
            """)
        #expect(runbook.steps.allSatisfy { $0.capture == nil })
    }
}
