import Foundation
import Testing
@testable import RunbookGraph

/// The import's safety promise over generated documents: a command the source
/// places under a condition is never reachable on a path that did not answer
/// that condition "yes" (for an "Otherwise" command: on a path that answered
/// the "If" before it "yes"). The generator knows which condition each command
/// stands under; the check reads only the imported graph, by the condition's
/// own words in its labels and questions, never the importer's bookkeeping.
struct ImportSafetyPropertyTests {
    /// What the source says about one command.
    enum Requirement {
        case under(String)  // reachable only through a "yes" to this condition
        case otherwise(String)  // never after a "yes" to this condition
        case free
    }

    struct Document {
        var text = "# Generated runbook\n\n"
        var commands: [String: Requirement] = [:]
        var counter = 0

        mutating func token(_ prefix: String) -> String {
            counter += 1
            return "\(prefix)\(String(format: "%04d", counter))x"
        }

        mutating func command(_ requirement: Requirement) -> String {
            let pod = token("pod")
            commands[pod] = requirement
            return "kubectl delete pod \(pod)"
        }
    }

    /// Every decision shape the importer recognises, each with its own condition.
    static let shapes: [(String, @Sendable (inout Document) -> Void)] = [
        (
            "heading",
            { d in
                let c = d.token("cond")
                d.text +=
                    "## If the \(c) check fails\n\n```sh\n\(d.command(.under(c)))\n```\n\n## Next part \(d.token("n"))\n\n"
            }
        ),
        (
            "bullet with nested code",
            { d in
                let c = d.token("cond")
                d.text += "- If the \(c) check fails:\n\n    ```sh\n    \(d.command(.under(c)))\n    ```\n\n"
            }
        ),
        (
            "bullet inline",
            { d in
                let c = d.token("cond")
                d.text += "- If the \(c) check fails, run `\(d.command(.under(c)))`.\n\n"
            }
        ),
        (
            "paragraph inline",
            { d in
                let c = d.token("cond")
                d.text += "If the \(c) check fails, run `\(d.command(.under(c)))`.\n\n"
            }
        ),
        (
            "paragraph colon then code",
            { d in
                let c = d.token("cond")
                d.text += "If the \(c) check fails:\n\n```sh\n\(d.command(.under(c)))\n```\n\n"
            }
        ),
        (
            "trailing condition",
            { d in
                let c = d.token("cond")
                d.text += "Restart it with `\(d.command(.under(c)))` if the \(c) check fails.\n\n"
            }
        ),
        (
            "when",
            { d in
                let c = d.token("cond")
                d.text += "When the \(c) check fails, run `\(d.command(.under(c)))`.\n\n"
            }
        ),
        (
            "if and otherwise bullets",
            { d in
                let c = d.token("cond")
                d.text +=
                    "- If the \(c) check fails, run `\(d.command(.under(c)))`.\n- Otherwise, run `\(d.command(.otherwise(c)))`.\n\n"
            }
        ),
        (
            "yes and no answers",
            { d in
                let c = d.token("cond")
                d.text +=
                    "Does the \(c) check fail?\n\n- **Yes**: run `\(d.command(.under(c)))`.\n- **No**: go on with the next point.\n\n"
            }
        ),
        (
            "case bullets",
            { d in
                let a = d.token("cond"), b = d.token("cond")
                d.text +=
                    "- If the \(a) check fails, run `\(d.command(.under(a)))`.\n- If the \(b) check fails, run `\(d.command(.under(b)))`.\n\n"
            }
        ),
        (
            "alternative headings",
            { d in
                let a = d.token("cond"), b = d.token("cond")
                d.text +=
                    "## Option A \(a)\n\n```sh\n\(d.command(.under(a)))\n```\n\n## Option B \(b)\n\n```sh\n\(d.command(.under(b)))\n```\n\n## Next part \(d.token("n"))\n\n"
            }
        ),
        (
            "numbered item with a conditional sub-list",
            { d in
                let c = d.token("cond")
                d.text +=
                    "1. Check the service.\n   - If the \(c) check fails:\n\n     ```sh\n     \(d.command(.under(c)))\n     ```\n\n"
            }
        ),
        (
            "bullet opener with unindented text",
            { d in
                let c = d.token("cond")
                d.text += "* If the \(c) check fails:\n\nThen run `\(d.command(.under(c)))`.\n\n"
            }
        ),
        (
            "unconditioned",
            { d in
                d.text += "Run `\(d.command(.free))` to see the state.\n\n"
            }
        )
    ]

    @Test func conditionedCommandsAreReachableOnlyThroughTheirCondition() throws {
        var rng = FuzzTests.SplitMix64(state: 0x5AFE)
        var violations: [String] = []
        var documents = 0
        var perShape = [Int](repeating: 0, count: Self.shapes.count)
        for i in 0..<5_600 {
            var doc = Document()
            for _ in 0..<(1 + Int(rng.next() % 5)) {
                let k = Int(rng.next() % UInt64(Self.shapes.count))
                perShape[k] += 1
                Self.shapes[k].1(&doc)
            }
            let result = try MarkdownImporter().importText(doc.text, path: "generated-\(i).md")
            let runbook = try #require(
                RunbookLoader().load(text: result.yaml, path: "g.yaml").runbook, "\(result.yaml)")
            documents += 1
            for (pod, requirement) in doc.commands {
                guard let step = runbook.steps.first(where: { $0.run?.command.contains(pod) == true }) else {
                    if case .free = requirement { continue }
                    // A conditioned command that is no step at all is safe, but the importer should not lose it.
                    violations.append("doc \(i): \(pod) was lost\n\(doc.text)")
                    continue
                }
                if let problem = Self.check(runbook, step: step.id, requirement) {
                    violations.append("doc \(i): \(pod) \(problem)\n\(doc.text)\n\(result.yaml)")
                }
            }
            if violations.count > 3 { break }
        }
        #expect(documents >= 5_000)
        #expect(perShape.allSatisfy { $0 > 100 }, "every shape is exercised: \(perShape)")
        #expect(violations.isEmpty, "\(violations.count) violations, first:\n\(violations.first ?? "")")
    }

    /// Does this outcome answer `condition` "yes"? By the graph's words only.
    static func affirms(_ step: Step, _ outcome: Outcome, _ condition: String) -> Bool {
        if outcome.label.contains(condition) { return true }
        let asks = step.title.contains(condition) || (step.text ?? "").contains(condition)
        return asks && outcome.label.hasPrefix("Yes")
    }

    static func check(_ runbook: Runbook, step target: String, _ requirement: Requirement) -> String? {
        switch requirement {
        case .free:
            return nil
        case .under(let condition):
            // Take away every "yes" to the condition: the command must be out of reach.
            if runbook.reachable(from: runbook.start, cutting: { affirms($0, $1, condition) }).contains(target) {
                return "is reachable without answering \(condition) yes"
            }
            return nil
        case .otherwise(let condition):
            // No "yes" to the condition may lead on to the command.
            for step in runbook.steps {
                for outcome in step.outcomes where affirms(step, outcome, condition) {
                    if let next = outcome.next.stepID, runbook.reachable(from: next).contains(target) {
                        return "is reachable after answering \(condition) yes"
                    }
                }
            }
            return nil
        }
    }
}
