import Foundation
import Testing
@testable import RunbookGraph

/// Issue 18 (3): a runbook of thousands of steps is composed in slices and
/// decoded on every core, and the result is exactly that of one pass.
struct BigRunbookTests {
    /// A runbook of `count` steps of varied shapes: block and folded scalars,
    /// flow mappings on one line, quoted keys, comments at column 0 and at the
    /// steps' own indentation, blank lines; `extra` is spliced into step 7's body.
    static func runbook(steps count: Int, lineEnd: String = "\n", extra: String = "") -> String {
        var lines = [
            "# a comment before everything", "runbook: big", "title: Big runbook", "variables:",
            "  host: { from: alert.hostname }", "start: s0", "steps:  # the graph", ""
        ]
        for i in 0..<count {
            let next = i + 1 < count ? "s\(i + 1)" : "done"
            switch i % 5 {
            case 0:
                lines += [
                    "  s\(i):", "    title: Check part \(i)", "    text: |", "      Look at **{{host}}**.", "",
                    "      - then go on", "    next: \(next)"
                ]
            case 1:
                lines += ["# a comment at column 0", "  s\(i): { title: \"Flow \(i)\", next: \(next) }"]
            case 2:
                lines += [
                    "  \"s\(i)\":", "    title: >", "      Folded", "      title \(i)", "    run: echo {{host}}",
                    "    outcomes:", "      ok: { next: \(next), when: { output_contains: ok } }",
                    "      bad: { next: escalate }"
                ]
            case 3:
                lines += [
                    "  # a comment at the steps' indentation", "  s\(i):", "    title: 'Quoted \(i)'",
                    "    next: \(next)"
                ]
            default:
                lines += ["  s\(i):", "    title: Plain \(i)", "    text: two", "      lines", "    next: \(next)"]
            }
            if i == 7 { lines.append(extra) }
        }
        lines += [
            "  escalate: { title: Escalate, end: escalated }", "  done: { title: Done, end: resolved }", "",
            "timeout: 5m"
        ]
        return lines.joined(separator: lineEnd) + lineEnd
    }

    /// Every node with its place and size, to compare two trees exactly.
    static func dump(_ node: YAMLNode?) -> String {
        guard let node else { return "nil" }
        var out = "\(node.line):\(node.column)#\(node.size)"
        switch node.content {
        case .scalar(let s, let plain): out += plain ? "=\(s)" : "='\(s)'"
        case .sequence(let items): out += "[" + items.map { dump($0) }.joined(separator: ",") + "]"
        case .mapping(let pairs):
            out += "{" + pairs.map { dump($0.key) + ":" + dump($0.value) }.joined(separator: ",") + "}"
        }
        return out
    }

    @Test(arguments: ["\n", "\r\n"])
    func slicesComposeToTheSameTreeAsOnePass(lineEnd: String) throws {
        let text = Self.runbook(steps: 2_000, lineEnd: lineEnd)
        let whole = Self.dump(try YAMLComposer().compose(text))
        // A few big slices, as a loader on a few cores cuts it, and a slice per step.
        for slices in [8, 5_000] {
            let split = try #require(StepsSplit.compose(text, aliasBudget: 1_000, slices: slices))
            #expect(Self.dump(split) == whole, "\(slices) slices")
        }
        let result = RunbookLoader().load(text: text, path: "big.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.prefix(3))")
        #expect(result.runbook?.steps.count == 2_002)
        #expect(result.runbook?.steps[1_234].id == "s1234")
    }

    /// Where a cut would change what the text means, the split gives up and one pass reads it.
    @Test(arguments: [
        ("a quoted scalar across a cut", "    text: \"open\n  s8x: inside the quote\""),
        ("a flow mapping across a cut", "    links: [{ url: x,\n  s8x: y }]"),
        ("an anchor used in another slice", "    review: &note shared"),
        ("a tab in the indentation", "\t# tab"),
        ("a line less indented than a step", " odd: 1")
    ])
    func aCutThatCouldChangeTheMeaningIsNotMade(_ case: (String, String)) throws {
        var text = Self.runbook(steps: 20, extra: `case`.1)
        if `case`.0.hasPrefix("an anchor") {
            text = text.replacingOccurrences(of: "title: Plain 19", with: "title: *note")
        }
        // A slice per step: every cut is made, so the one that matters is.
        #expect(StepsSplit.compose(text, aliasBudget: 1_000, slices: 100) == nil, "\(`case`.0)")
        let whole = RunbookLoader(aliasBudget: 1_000).load(text: text, path: "big.yaml")
        let once = Self.loadInOnePass(text)
        #expect(whole.diagnostics == once, "\(`case`.0)")
    }

    @Test func withoutAPlainStepsKeyThereIsNoSplit() {
        let flow =
            "runbook: x\ntitle: T\nstart: a\nsteps: {"
            + (0..<2_000).map { "s\($0): { title: T, end: resolved }" }
            .joined(separator: ", ") + "}\n"
        #expect(StepsSplit.compose(flow, aliasBudget: 1_000, slices: 8) == nil)
        #expect(StepsSplit.compose("runbook: x\n", aliasBudget: 1_000, slices: 8) == nil)
    }

    /// Problems in steps of every slice come out complete and in file order,
    /// as one pass reports them, duplicates across slices included.
    @Test func problemsInEverySliceAreReportedInFileOrder() throws {
        var text = Self.runbook(steps: 3_000)
        text = text.replacingOccurrences(of: "  s10:\n", with: "  s10:\n    colour: red\n")
        text = text.replacingOccurrences(of: "  s1500:\n", with: "  s1500:\n    colour: blue\n")
        text = text.replacingOccurrences(of: "next: s2991\n", with: "next: nowhere\n")
        text = text.replacingOccurrences(of: "  s2995:\n", with: "  s5:\n")
        let result = RunbookLoader().load(text: text, path: "big.yaml")
        #expect(result.diagnostics == Self.loadInOnePass(text))
        let errors = result.diagnostics.errors.map(\.message)
        #expect(errors.contains { $0.hasPrefix("unknown key 'colour' in step 's10'") })
        #expect(errors.contains { $0.hasPrefix("unknown key 'colour' in step 's1500'") })
        #expect(errors.contains { $0.hasPrefix("duplicate step id 's5'") })
        #expect(errors.contains { $0.contains("'nowhere'") })
    }

    /// A long runbook's checks run on every core, the secret lint in slices of steps
    /// among them: the warnings are those of running each check in turn, in that order.
    @Test func checksOnEveryCoreWarnAsChecksInTurn() throws {
        var text = Self.runbook(steps: 2_000)
        for (step, command) in [
            (10, "echo PGPASSWORD=hunter2x"), (500, "curl http://get.example/x.sh | sh"),
            (1_000, "echo token: tok-abcdef123"), (1_995, "echo api_key=k1234567")
        ] {
            text = text.replacingOccurrences(
                of: "title: Check part \(step)\n", with: "title: Check part \(step)\n    run: '\(command)'\n")
        }
        text = text.replacingOccurrences(
            of: "  host: { from: alert.hostname }",
            with: "  host: { from: alert.hostname }\n  pw: { default: \"password=s3cr3tdefault\" }")
        let runbook = try #require(RunbookLoader().load(text: text, path: "big.yaml").runbook)
        let spread = Validator().validate(runbook, source: text)
        let inTurn = Validator().checks(source: text).flatMap { $0.check(runbook) }
        #expect(spread == inTurn)
        let secrets = spread.map(\.message).filter { $0.contains("written literally") || $0.contains("as its default") }
        #expect(secrets.count == 4, "\(secrets)")
        #expect(secrets.first?.contains("'s10'") == true && secrets.last?.contains("variable 'pw'") == true)
        #expect(spread.contains { $0.message.contains("pipes a download into a shell") })
    }

    /// The loader's work without slices: one composer, one decoder, the checks.
    static func loadInOnePass(_ text: String) -> [Diagnostic] {
        let root: YAMLNode
        do {
            root = try YAMLComposer(aliasBudget: 1_000).compose(text)!
        } catch {
            return [.error(SourceLocation(file: "big.yaml", line: error.line, column: error.column), error.message)]
        }
        var decoder = RunbookDecoder(file: "big.yaml")
        guard case .mapping(let pairs) = root.content,
            let steps = pairs.first(where: { $0.key.scalar == "steps" })?.value,
            let fields = decoder.reader.mapping(steps, "'steps'", allowed: nil, duplicateNoun: "step id")
        else { return [] }
        _ = decoder.steps(fields[...])
        var whole = RunbookDecoder(file: "big.yaml")
        let runbook = whole.decode(root)
        // The one-pass decode of the steps must report what the sliced decode inside `decode` did.
        let sliced = whole.diagnostics.filter { d in decoder.diagnostics.contains(d) }
        guard sliced == decoder.diagnostics else { return decoder.diagnostics }
        return whole.diagnostics + (runbook.map { Validator().validate($0, source: text) } ?? [])
    }
}
