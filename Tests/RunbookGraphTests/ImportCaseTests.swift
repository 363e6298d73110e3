import Foundation
import Testing
@testable import RunbookGraph

/// The graph an operator needs from each import case (`Fixtures/import-cases`,
/// copied from the cases the import issue gave us): which decisions exist,
/// where each outcome leads and which steps a path can reach. Structure, not YAML text.
struct ImportCaseTests {
    static func imported(_ name: String) throws -> Runbook {
        let path = Paths.fixtures.appendingPathComponent("import-cases/\(name).md").path
        let result = try MarkdownImporter().importFile(path)
        let load = RunbookLoader().load(text: result.yaml, path: "\(name).yaml")
        #expect(load.diagnostics.filter { $0.severity == .error }.isEmpty, "\(load.diagnostics)")
        return try #require(load.runbook, "\(result.yaml)")
    }

    @Test func alternativesAreOneDecisionWhosePathsNeverMeet() throws {
        let rb = try Self.imported("case-01-alternatives")
        let first = try #require(rb.step(rb.start))
        #expect(first.outcomes.count >= 3)
        let purge = try rb.stepRunning("rabbitmqctl purge_queue")
        let find = try rb.stepRunning("find . -name")
        let undo = try rb.stepRunning("kubectl rollout undo")
        #expect(find.run?.command.hasPrefix("cd /srv/export/spool && ") == true)
        for step in [purge, find, undo] {
            #expect(step.run?.confirm == true, "\(step.id) asks first")
            // Entered by its own case's outcome.
            #expect(first.outcomes.contains { $0.next.stepID == step.id })
            // No path runs two cases' commands one after another.
            for other in [purge, find, undo] where other.id != step.id {
                #expect(!rb.reachable(from: step.id).contains(other.id), "\(step.id) leads on to \(other.id)")
            }
        }
    }

    @Test func conditionalBulletsEachGuardTheirOwnCommand() throws {
        let rb = try Self.imported("case-02-conditional-bullets")
        let decision = try #require(rb.steps.first { $0.outcomes.count >= 3 })
        let unlock = try rb.stepRunning("pg_advisory_unlock_all")
        let cancel = try rb.stepRunning("pg_cancel_backend")
        let delete = try rb.stepRunning("kubectl delete job")
        for (k, step) in [unlock, cancel, delete].enumerated() {
            let outcome = decision.outcomes[k]
            #expect(
                rb.reachesOnlyThrough(step.id, decision: decision.id, outcome: outcome.id),
                "\(step.id) only through \(outcome.label)")
        }
        #expect(cancel.run?.confirm == true && delete.run?.confirm == true)
        for name in ["pid", "release"] {
            #expect(rb.variable(name)?.ask != nil && rb.variable(name)?.from.isEmpty == true)
        }
        #expect(unlock.text?.contains("Re-run the migration job afterwards") == true)
    }

    @Test func aTrailingConditionBranchesAfterItsCheck() throws {
        let rb = try Self.imported("case-03-trailing-condition")
        let status = try rb.stepRunning("service redis-server status")
        let queues = try rb.stepRunning("sentry queues list")
        #expect(status.outcomes.count == 2)
        let start = try #require(
            status.outcomes.compactMap { $0.next.stepID.flatMap(rb.step) }.first {
                $0.title.lowercased().contains("start the service")
            })
        #expect(start.outcomes.first?.next.stepID == queues.id)
        #expect(status.outcomes.contains { $0.next.stepID == queues.id })
        #expect(status.text?.contains("Example") != true, "the condition is not sample output")
    }

    @Test func theCheckRunsBeforeTheQuestionAndResizeNeverReachesPurge() throws {
        let rb = try Self.imported("case-04-check-after-question")
        let check = try rb.stepRunning("kubectl get storageclass")
        let edit = try rb.stepRunning("edit pvc")
        #expect(rb.start == check.id, "the check runs first")
        #expect(check.outcomes.count == 2)
        #expect(edit.run?.interactive == true || edit.run?.confirm == true)
        let purge = try #require(rb.steps.first { $0.title.lowercased().contains("purge the volume") })
        #expect(purge.text?.contains("permanently delete") == true)
        #expect(!rb.reachable(from: edit.id).contains(purge.id), "after a resize no path goes on to purge")
        let no = try #require(check.outcomes.first { $0.label == "No" })
        #expect(rb.reachable(from: no.next.stepID!).contains(purge.id))
        for name in ["ns", "pvc"] { #expect(rb.variable(name) != nil) }
    }

    @Test func aHowToLinkIsAReferenceAndBothBranchesGoOn() throws {
        let rb = try Self.imported("case-05-howto-link-handoff")
        let state = try rb.stepRunning("kubectl get pod -n kubx-masters")
        let decision = try #require(rb.steps.first { $0.outcomes.count == 2 && $0.title.contains("100 or greater") })
        for outcome in decision.outcomes {
            if case .link = outcome.next { Issue.record("\(outcome.label) hands off") }
            #expect(rb.reachable(from: outcome.next.stepID!).contains(state.id))
        }
        #expect(rb.steps.contains { $0.links.contains { $0.url.contains("general-debugging-info") } })
    }

    @Test func literalPlaceholdersAreAsked() throws {
        let rb = try Self.imported("case-06-literal-placeholders")
        #expect(rb.variable("n")?.ask != nil)
        let namespace = try #require(rb.variable("namespace"))
        #expect(
            namespace.choices.map(\.label) == ["legacy", "tugboat"]
                && namespace.choices.map(\.value) == ["kube-system", "armada"])
        for step in rb.steps {
            #expect(!(step.run?.command.contains("=kube-system") ?? false), "\(step.id) runs the literal choice")
        }
        #expect(try rb.stepRunning("fab ").run?.command.contains("api-mongo-{{n}}") == true)
    }

    @Test func theIDIsAskedAfterTheListing() throws {
        let rb = try Self.imported("case-07-list-then-act")
        let list = try rb.stepRunning("kubectl get pod -n kubx-masters")
        let delete = try rb.stepRunning("delete pod")
        #expect(!(list.run?.command.contains("{{") ?? true), "nothing is asked before the listing runs")
        #expect(delete.run?.command.contains("{{troubled_pod_id}}") == true && delete.run?.confirm == true)
        #expect(rb.reachable(from: list.id).contains(delete.id))
    }

    @Test func aMentionedCommandIsNotAStep() throws {
        let rb = try Self.imported("case-08-prose-mention")
        #expect(!rb.steps.contains { $0.run?.command == "az login" })
        let show = try rb.stepRunning("az vm show")
        #expect(show.run?.command.contains("{{group}}") == true && show.run?.command.contains("{{vm}}") == true)
    }

    @Test func anInlineAnchorIsAJumpTarget() throws {
        let rb = try Self.imported("case-09-inline-anchor")
        let delete = try rb.stepRunning("delete deployment")
        let jump = try #require(rb.steps.first { $0.title.contains("deleted") && $0.outcomes.count == 2 })
        #expect(jump.outcomes.contains { $0.next.stepID == delete.id }, "the jump leads to the delete")
        #expect(delete.outcomes.first?.next.stepID.flatMap(rb.step)?.end?.status == .resolved)
    }

    @Test func noWhenOnAWordTheCommandAlwaysPrintsAndSQLIsNotRunBySh() throws {
        let rb = try Self.imported("case-10-output-word-when")
        for step in rb.steps {
            #expect(!(step.run?.command.lowercased().hasPrefix("select") ?? false))
            for outcome in step.outcomes { #expect(!(outcome.when.map { "\($0)".contains("pg_xlog") } ?? false)) }
        }
        #expect(rb.steps.contains { ($0.review ?? "").contains("SQL") })
    }

    @Test func descriptiveProseIsNotADecision() throws {
        let rb = try Self.imported("case-11-reference-list")
        let decisions = rb.steps.filter { $0.outcomes.count >= 2 && $0.id != "is-it-resolved" }
        #expect(decisions.isEmpty, "\(decisions.map(\.title))")
    }

    @Test func alertValuesComeOnlyFromLabelsTheExampleShows() throws {
        let rb = try Self.imported("case-12-label-mapping")
        #expect(rb.variable("cluster_id")?.from == ["alert.clusterID"])
        for name in ["pod_name", "ns"] {
            #expect(rb.variable(name)?.from == [], "\(name) is asked")
            #expect(rb.variable(name)?.ask != nil)
        }
    }

    @Test func yesNoBulletsAreOutcomes() throws {
        let rb = try Self.imported("case-13-yes-no-bullets")
        let fixed = try #require(rb.steps.first { $0.title.contains("restart fix it") })
        let yes = try #require(fixed.outcomes.first { $0.label == "Yes" })
        #expect(yes.next.stepID.flatMap(rb.step)?.end?.status == .resolved)
        let revert = try rb.stepRunning("git revert")
        #expect(revert.run?.confirm == true)
        let main = try #require(rb.steps.first { $0.title.contains("main branch") && $0.outcomes.count == 2 })
        let no = try #require(fixed.outcomes.first { $0.label == "No" })
        #expect(rb.reachable(from: no.next.stepID!).contains(main.id))
        #expect(
            rb.reachesOnlyThrough(revert.id, decision: main.id, outcome: main.outcomes.first { $0.label == "Yes" }!.id))
        #expect(main.outcomes.first { $0.label == "No" }?.next.stepID.flatMap(rb.step)?.end?.status == .escalated)
    }

    @Test func exampleValuesAreHintsNotDefaults() throws {
        let rb = try Self.imported("case-14-example-export")
        #expect(rb.variable("node")?.defaultValue == nil && rb.variable("node")?.ask?.contains("cache-eu-3") == true)
        #expect(rb.variable("size_gb")?.defaultValue == nil && rb.variable("size_gb")?.ask?.contains("512") == true)
        #expect(try rb.stepRunning("cachectl stop").run?.confirm == true)
    }

    @Test func nothingIsDropped() throws {
        let rb = try Self.imported("case-15-nothing-dropped")
        for words in [
            "four short paragraphs", "https://dash.example.com/certs", "30 days before expiry", "two** renewal paths",
            "renewal paths"
        ] {
            #expect(
                rb.description?.contains(words.replacingOccurrences(of: "**", with: "")) == true
                    || rb.description?.contains(words) == true,
                "description lost \(words)")
        }
        #expect(rb.steps.contains { $0.links.contains { $0.url.contains("cert-renewal-failed") } })
        let escalate = try #require(rb.steps.first { $0.end?.status == .escalated })
        #expect(escalate.end?.to == "platform-security rotation")
    }

    @Test func markdownDialects() throws {
        let rb = try Self.imported("case-16-markdown-dialects")
        #expect(rb.title == "Queue stuck")
        let step = try rb.stepRunning("queuectl consumers --stuck")
        #expect(step.links.contains { $0.url == "../guides/consumers.md" })
        #expect(step.links.contains { $0.url == "../ops/queues.md" })
    }

    @Test func aCommandAndItsOutputInOneBlock() throws {
        let rb = try Self.imported("case-17-command-with-output")
        let df = try rb.stepRunning("df -h")
        #expect(df.run?.command == "df -h /var/lib/data")
        #expect(df.text?.contains("Use%") == true)
        let rotate = try rb.stepRunning("logrotate")
        #expect(
            rb.reachesOnlyThrough(
                rotate.id, decision: df.id, outcome: df.outcomes.first { $0.label.hasPrefix("Yes") }!.id))
    }

    @Test func onePagePerSeveralAlertsStartsAtTheOneThatFired() throws {
        let rb = try Self.imported("case-18-several-alerts")
        let names = ["IngesterUnhealthy", "IngesterTSDBHeadCompactionFailed"]
        for name in names {
            #expect(Triage.rank([rb], alert: Alert(labels: ["alertname": name])).count == 1, "match: has \(name)")
        }
        let first = try #require(rb.step(rb.start))
        for name in names {
            let outcome = try #require(first.outcomes.first { $0.label == name })
            #expect(outcome.when != nil, "suggested from the alert")
        }
        let unhealthy = try rb.stepRunning("kubectl get pods -l name=ingester")
        #expect(
            rb.reachesOnlyThrough(
                unhealthy.id, decision: first.id, outcome: first.outcomes.first { $0.label == names[0] }!.id))
    }
}

extension Runbook {
    func stepRunning(_ fragment: String) throws -> Step {
        try #require(steps.first { $0.run?.command.contains(fragment) == true }, "no step runs \(fragment)")
    }

    /// Every step a walk can reach from `start` (itself included), without taking the outcomes `cut` picks.
    func reachable(from start: String, cutting cut: (Step, Outcome) -> Bool = { _, _ in false }) -> Set<String> {
        var seen: Set<String> = [start]
        var queue = [start]
        while let id = queue.popLast() {
            guard let step = step(id) else { continue }
            for outcome in step.outcomes where !cut(step, outcome) {
                if let next = outcome.next.stepID, seen.insert(next).inserted { queue.append(next) }
            }
        }
        return seen
    }

    /// Reachable from the start, and not once that one outcome is taken away.
    func reachesOnlyThrough(_ target: String, decision: String, outcome: String) -> Bool {
        reachable(from: start).contains(target)
            && !reachable(from: start, cutting: { $0.id == decision && $1.id == outcome }).contains(target)
    }
}

extension ImportCaseTests {
    /// Case 10's nested condition stays inside the case that opens it.
    @Test func aNestedConditionStaysInsideItsCase() throws {
        let rb = try Self.imported("case-10-output-word-when")
        let outer = try #require(
            rb.steps.first { $0.title == "Is the `pg_xlog` directory the problem?" && $0.outcomes.count == 2 })
        let inner = try #require(
            rb.steps.first { $0.title.contains("cannot be resurrected") && $0.outcomes.count == 2 })
        #expect(
            rb.reachesOnlyThrough(
                inner.id, decision: outer.id, outcome: try #require(outer.outcomes.first { $0.label == "Yes" }).id))
    }
}

extension ImportCaseTests {
    /// A word the command always prints (its own path) suggests nothing; a word it prints only sometimes does.
    @Test func aWhenNeverMatchesWhatTheCommandAlwaysPrints() throws {
        func outcomesWhen(_ markdown: String) throws -> [String] {
            let result = try MarkdownImporter().importText(markdown, path: "w.md")
            let rb = try #require(RunbookLoader().load(text: result.yaml, path: "w.yaml").runbook)
            return rb.steps.flatMap { $0.outcomes.compactMap { $0.when.map { "\($0)" } } }
        }
        let own = try outcomesWhen(
            "# Disk\n\nCheck the folder:\n\n```sh\ndu -sh /data/pg_xlog\n```\n\nIf `pg_xlog` is the problem, run `rm -rf /data/pg_xlog/old`.\n"
        )
        #expect(own.isEmpty, "\(own)")
        let printed = try outcomesWhen(
            "# Pods\n\nCheck the pod:\n\n```sh\nkubectl get pod web\n```\n\nIf it shows `CrashLoopBackOff`, run `kubectl delete pod web`.\n"
        )
        #expect(printed.contains { $0.contains("CrashLoopBackOff") }, "\(printed)")
    }
}

extension ImportCaseTests {
    /// "Escalate to the storage squad" ends at an escalation to them, not the document's generic one.
    @Test func escalateToANamedTeamEndsThere() throws {
        let markdown = """
            # Volume full

            Check the volume with `df -h /data`.

            If the disk is failing, escalate to the storage squad.

            ## Escalation

            Page the platform on-call.
            """
        let result = try MarkdownImporter().importText(markdown, path: "v.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "v.yaml").runbook)
        let decision = try #require(rb.steps.first { $0.outcomes.contains { $0.label.contains("disk is failing") } })
        let yes = try #require(decision.outcomes.first { $0.label.contains("disk is failing") })
        let end = try #require(yes.next.stepID.flatMap(rb.step))
        #expect(end.end?.status == .escalated && end.end?.to == "storage squad")
        #expect(rb.steps.contains { $0.end?.to == "platform on-call" })
    }
}

extension ImportCaseTests {
    /// Titles are short phrases, never sentences cut with "…"; the sentence stays in the text.
    @Test func titlesAreShortPhrases() throws {
        #expect(
            Text.title("Check the cluster ID against the bot, to see if the status is `deleted` or `deleting`.")
                == "Check the cluster ID against the bot")
        #expect(
            Text.title(
                "This will report the time taken for the metrics endpoint to respond to the request from the worker node"
            ) == "This will report the time taken for the metrics endpoint")
        let seed = Paths.fixtures.appendingPathComponent("markdown/armada-global-scrape-failure.md").path
        let rb = try #require(
            RunbookLoader().load(text: try MarkdownImporter().importFile(seed).yaml, path: "s.yaml").runbook)
        for step in rb.steps where step.run == nil || !step.title.hasPrefix("Run `") {
            #expect(step.title.count <= 75 && !step.title.hasSuffix("…"), "\(step.title)")
        }
    }
}

extension ImportCaseTests {
    /// "If this takes more than 10 seconds" after a command: the command's own time suggests the answer.
    @Test func aTimeThresholdBecomesDurationOver() throws {
        let markdown =
            "# Slow\n\nTime the endpoint:\n\n```sh\ntime curl -k https://example.com/metrics\n```\n\nIf this takes more than 10 seconds, check the node memory with `kubectl top node`.\n"
        let result = try MarkdownImporter().importText(markdown, path: "slow.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "slow.yaml").runbook)
        let timed = try rb.stepRunning("time curl")
        let yes = try #require(timed.outcomes.first { $0.label.hasPrefix("Yes") })
        #expect(yes.when.map { "\($0)" }?.contains("10") == true, "\(String(describing: yes.when))")
        #expect(result.yaml.contains("when: { duration_over: 10s }"))
        #expect(ImportReader.durationThreshold("it answers in less than 2 minutes")! == ("2m", false))
        #expect(ImportReader.durationThreshold("the carrier number is 100 or greater") == nil)
    }
}

extension ImportCaseTests {
    /// SQL runs with the client the document connects with; without one it stays text (case 10).
    @Test func sqlRunsWithTheDocumentsClient() throws {
        let markdown =
            "# Locks\n\nConnect to the primary:\n\n```sh\npsql -h db-primary -U postgres app\n```\n\nIf a query blocks the migration, cancel it:\n\n```sql\nselect pg_cancel_backend(<pid>);\n```\n"
        let result = try MarkdownImporter().importText(markdown, path: "locks.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "locks.yaml").runbook, "\(result.yaml)")
        let cancel = try rb.stepRunning("pg_cancel_backend")
        #expect(cancel.run?.command == "psql -h db-primary -U postgres app -c 'select pg_cancel_backend({{pid}});'")
        #expect(cancel.run?.confirm == true && cancel.review?.contains("runs with `psql -h db-primary") == true)
        #expect(rb.variable("pid")?.ask != nil)
    }
}

extension ImportCaseTests {
    /// "If X, …" then "If not X, …": one yes/no question, the second sentence its "No";
    /// "the X team will need to investigate" escalates to that team.
    @Test func aConditionAndItsOppositeAreOneQuestion() throws {
        let markdown = """
            # Endpoint

            Check the endpoint with `curl http://localhost:8080/metrics`.

            If the endpoint is working, then there is an issue between prometheus and the endpoint and the armada-ops team will need to investigate.

            If the endpoint is not working, delete the pod using `kubectl delete pod <name>` and kubernetes will replace it.

            """
        let result = try MarkdownImporter().importText(markdown, path: "endpoint.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "endpoint.yaml").runbook, "\(result.yaml)")
        let decision = try #require(rb.steps.first { $0.outcomes.count >= 2 }, "\(result.yaml)")
        #expect(decision.outcomes.map(\.label) == ["Yes: the endpoint is working", "No: the endpoint is not working"])
        let yes = try #require(rb.step(decision.outcomes[0].next.stepID ?? ""))
        #expect(yes.end?.status == .escalated && yes.end?.to == "armada-ops team")
        let no = try #require(rb.step(decision.outcomes[1].next.stepID ?? ""))
        #expect(no.run?.command == "kubectl delete pod {{name}}")
        // Not opposites: different words, or both negated.
        #expect(!ConditionSentence.isOpposite("the pod is running", "the node is not running"))
        #expect(!ConditionSentence.isOpposite("the pod isn't running", "the pod is not running"))
        #expect(ConditionSentence.isOpposite("the logs show errors", "the logs don't show errors"))
    }
}

extension ImportCaseTests {
    /// Condition shapes met in the corpus: emphasis around the sentence, no comma before
    /// "you can", a meaning followed by the order, "In such a case" after what it answers.
    @Test(arguments: [
        ("_If the pods are crashing then collect their logs._", "the pods are crashing", "collect their logs"),
        ("**If the disk is full, truncate the logs.**", "the disk is full", "truncate the logs"),
        ("If the machine needs more space you can add a disk.", "the machine needs more space", "you can add a disk"),
        ("In such a case, open a support case.", "that case", "open a support case")
    ])
    func conditionShapesAreRead(_ sentence: String, _ condition: String, _ action: String) throws {
        let parsed = try #require(ConditionSentence.parse(sentence), "\(sentence)")
        #expect(parsed.condition == condition)
        #expect(parsed.action.hasPrefix(action), "\(parsed.action)")
    }

    @Test func aMeaningFollowedByAnOrderIsSomethingToDo() {
        let meaning = "it could mean that the build has expired."
        #expect(BranchAction.classify(meaning, links: [], hasCommand: false) == .proceed)
        let then = meaning + " Return to the pipeline and start a new build."
        #expect(BranchAction.classify(then, links: [], hasCommand: false) == .steps(text: then))
    }
}

extension ImportCaseTests {
    /// "4. If X, check A" then "5. If needed, check B": two yes/no questions in a row,
    /// the second about its own step; and "If you get X, it could mean Y" is a question
    /// the reader answers, with what it means as the step of its "yes".
    @Test func anOptionalItemIsItsOwnQuestion() throws {
        let markdown = """
            # Handlers

            1. If pods are in `CrashLoopBackOff`, check the logs:

               ```bash
               kubectl logs -l app=handler
               ```

            2. If needed, check the DaemonSet and its events:

               ```bash
               kubectl describe daemonset handler
               ```

            3. Check the nodes with `kubectl get nodes`.

            In the case when you are running on AWS, the instance retirement might need a manual reboot.

            """
        let result = try MarkdownImporter().importText(markdown, path: "handlers.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "handlers.yaml").runbook, "\(result.yaml)")
        let crash = try #require(rb.steps.first { $0.title.contains("CrashLoopBackOff") && $0.outcomes.count == 2 })
        let optional = try #require(rb.step(crash.outcomes[1].next.stepID ?? ""), "\(result.yaml)")
        #expect(optional.title == "Do you need to check the DaemonSet and its events?")
        #expect(optional.outcomes.map(\.id) == ["yes", "no"])
        #expect(rb.step(optional.outcomes[0].next.stepID ?? "")?.run?.command == "kubectl describe daemonset handler")
        #expect(rb.step(optional.outcomes[1].next.stepID ?? "")?.run?.command == "kubectl get nodes")
        let aws = try #require(rb.steps.first { $0.title == "Are you running on AWS?" }, "\(result.yaml)")
        let yes = try #require(rb.step(aws.outcomes[0].next.stepID ?? ""))
        #expect(yes.title.hasPrefix("The instance retirement might need a manual reboot"))
    }
}

extension ImportCaseTests {
    /// A Deployment's pod name copied from a transcript is a value to ask for, never part of the command.
    @Test func aPodNameFromATranscriptIsAsked() {
        #expect(
            Placeholders.podNamesAsPlaceholders("kubectl -n armada logs armada-api-5867d86996-5fgc2 --tail=50")
                == "kubectl -n armada logs <pod> --tail=50")
        #expect(
            Placeholders.podNamesAsPlaceholders("kubectl delete pod/web-7d4b9c8f6d-x2x9k") == "kubectl delete pod/<pod>"
        )
        // Not pods: a StatefulSet's stable name, words, a version, a hash without a digit.
        for kept in [
            "kubectl logs etcd-0", "kubectl logs node-exporter-4hgbs", "helm upgrade cert-manager-v1.14.5-linux",
            "kubectl logs my-app-abcdefgh-abcde"
        ] {
            #expect(Placeholders.podNamesAsPlaceholders(kept) == kept)
        }
    }
}

extension ImportCaseTests {
    /// "If the pods are not running then obtain the logs (example commands below)" and a block
    /// of two commands: both are that branch's, its "no" goes past them (and past the question
    /// about the logs they print) to the next section. The seed's line 170 reads so.
    @Test func aBranchKeepsEveryCommandOfItsBlock() throws {
        let markdown = """
            # Scrape failures

            ## Many carriers

            - Check the pods that fail to scrape.
            `kubectl get pods -n <namespace> <pod>`
            _If the pods are in a non-running state then obtain the logs of one (example commands below)._

            ```
            $ kubectl get pods -n armada -o wide | grep armada-api
            armada-api-5867d86996-5fgc2   0/1   CrashLoopBackOff   322   19h
            $ kubectl -n armada logs armada-api-5867d86996-5fgc2
            {"level":"fatal","msg":"error creating etcd client"}
            ```

            If the logs show that the pod cannot connect to etcd, escalate to the etcd team.

            ## Network

            Check the VIP with `ping -c 3 <vip>`.
            """
        let result = try MarkdownImporter().importText(markdown, path: "scrape.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "scrape.yaml").runbook, "\(result.yaml)")
        let check = try rb.stepRunning("kubectl get pods -n")
        let (yes, no) = try (#require(check.outcomes.first), #require(check.outcomes.last))
        #expect(check.outcomes.count == 2, "\(result.yaml)")
        #expect(rb.step(no.next.stepID ?? "")?.run?.command == "ping -c 3 {{vip}}", "\(result.yaml)")
        for command in ["grep armada-api", "logs {{pod}}"] {
            let step = try rb.stepRunning(command)
            #expect(rb.reachesOnlyThrough(step.id, decision: check.id, outcome: yes.id), "\(command)")
        }
        #expect(try rb.stepRunning("grep armada-api").text?.contains("CrashLoopBackOff") == true)
    }
}

extension ImportCaseTests {
    /// "If X: `a` Else: `b`" is one yes/no question: its else is the "No", as the title asks.
    @Test func anElseAnswersNo() throws {
        let markdown = """
            # Calico

            If the cluster is running version 1.28 or lower:
            `kubectl get pods -n kube-system -l k8s-app=calico-node`
            Else:
            `kubectl get pods -n calico-system -l k8s-app=calico-node`
            """
        let result = try MarkdownImporter().importText(markdown, path: "calico.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "calico.yaml").runbook, "\(result.yaml)")
        let question = try #require(rb.steps.first { $0.outcomes.count == 2 }, "\(result.yaml)")
        #expect(question.title.hasSuffix("?"))
        #expect(question.outcomes.map(\.label) == ["Yes", "No"])
        #expect(rb.step(question.outcomes[1].next.stepID ?? "")?.run?.command.contains("calico-system") == true)
    }
}

extension ImportCaseTests {
    /// "when" and a gerund say when to do something as a habit: not a question. With a
    /// subject and verb, or after "if", it is a condition.
    @Test func aWhenClauseWithAGerundIsNotAQuestion() {
        #expect(ConditionSentence.parse("Use appropriate volume sizes when provisioning VMs.") == nil)
        #expect(ConditionSentence.parse("Restart the pod when it hangs.")?.condition == "it hangs")
        #expect(
            ConditionSentence.parse("Restart the pod if running out of memory.")?.condition == "running out of memory")
        #expect(ConditionSentence.parse("Escalate when nothing works.")?.condition == "nothing works")
    }
}

extension ImportCaseTests {
    /// "If you see one … you can get more info using `kubectl describe certificate`", then a
    /// transcript of `$ kubectl describe certificate <name>`: the condition ends before "you
    /// can", "If you see" does not announce output, and the step runs the fuller command once.
    @Test func aCommandGivenInShortThenInFullIsOneStep() throws {
        let markdown = """
            # Certificates

            ## Checking the certificate

            If you see one with ready status `False` you can get more info using `kubectl describe certificate`, if the status is `True` it was issued.
            ```console
            $ kubectl describe certificate <certificate-name>
            Status:
              Conditions:
                Type:   Ready
            ```
            """
        let result = try MarkdownImporter().importText(markdown, path: "certs.md")
        let rb = try #require(RunbookLoader().load(text: result.yaml, path: "certs.yaml").runbook, "\(result.yaml)")
        let commands = rb.steps.compactMap { $0.run?.command }
        #expect(commands == ["kubectl describe certificate {{certificate_name}}"], "\(result.yaml)")
        let question = try #require(rb.steps.first { $0.outcomes.count == 2 }, "\(result.yaml)")
        #expect(question.title == "Do you see one with ready status `False`?")
        let describe = try rb.stepRunning("kubectl describe certificate")
        #expect(rb.reachesOnlyThrough(describe.id, decision: question.id, outcome: question.outcomes[0].id))
    }
}

extension ImportCaseTests {
    /// "If X then it can be deleted" then "Delete …": the deletion is the case's, never done when X fails.
    @Test func aPermissionGatesTheOrderAfterIt() throws {
        let page = """
            # Shards

            1. Search the "Warm" indexes and note the size
            2. If the "Cold" index size is smaller than "Warm" then it can be deleted
            3. Delete the index with `kubectl delete pvc data-cold-0 -n search`
            4. Retry the policy with `kubectl annotate ism retry=now -n search`
            """
        let rb = try #require(try MarkdownImporter().importText(page, path: "shards.md").runbook)
        let question = try #require(rb.steps.first { $0.outcomes.count == 2 })
        #expect(question.title == "Is the \"Cold\" index size smaller than \"Warm\"?")
        let yes = try #require(rb.step(question.outcomes[0].next.stepID ?? ""))
        let no = try #require(rb.step(question.outcomes[1].next.stepID ?? ""))
        #expect(yes.run?.command == "kubectl delete pvc data-cold-0 -n search")
        #expect(no.run?.command.hasPrefix("kubectl annotate") == true)
        // The deletion only on "yes"; both go on to the retry.
        #expect(rb.reachesOnlyThrough(yes.id, decision: question.id, outcome: question.outcomes[0].id))
        #expect(question.review != nil)

        // A permission with no order after it that does it stays text.
        let prose = page.replacingOccurrences(of: "3. Delete the index with", with: "3. Note the index with")
        let plain = try #require(try MarkdownImporter().importText(prose, path: "shards.md").runbook)
        #expect(!plain.steps.contains { $0.outcomes.count == 2 && $0.title.contains("Cold") })
    }
}
