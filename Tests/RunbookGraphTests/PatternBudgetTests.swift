import Foundation
import Testing
@testable import RunbookGraph

/// Issue 20: a pattern that backtracks catastrophically never holds anything up.
struct PatternBudgetTests {
    static let oldPattern = #"(?i)etcd[^\n]*(context deadline exceeded|connection refused|timed out)"#

    @Test func aRunawayMatchIsGivenUpOnWithinTheBudget() {
        let line = String(repeating: "etcd ", count: 13_000)  // 65 KB, no newline
        let work = BudgetedWork(maxInFlight: 1)
        let started = Date()
        let done = DispatchSemaphore(value: 0)
        let answer = Box()
        work.run(budget: 0.1, { (try? Regex(Self.oldPattern).firstMatch(in: line)) != nil }) { value in
            answer.set(value)
            done.signal()
        }
        done.wait()
        let waited = Date().timeIntervalSince(started)
        #expect(answer.value == .some(nil), "the runaway match should have been given up on")
        #expect(waited < 1.0, "waited \(waited) s (a busy test machine adds to the 0.1 s budget)")
        // While it still runs, no second runaway starts: the answer is "too slow" at once.
        let second = Date()
        work.run(budget: 5, { true }) { value in
            answer.set(value); done.signal()
        }
        done.wait()
        #expect(answer.value == .some(nil))
        #expect(Date().timeIntervalSince(second) < 0.1)
    }

    @Test func quickWorkAnswersWithItsValue() {
        let done = DispatchSemaphore(value: 0)
        let answer = Box()
        BudgetedWork().run({ true }) {
            answer.set($0); done.signal()
        }
        done.wait()
        #expect(answer.value == .some(true))
    }

    @Test(arguments: ["^(a+)+$", #"(\w*)*x"#, "(x|y+)+z", "(ab{1,})*"])
    func nestedRepetitionIsWarnedAbout(_ pattern: String) {
        #expect(PatternRisk.problem(pattern) != nil, "\(pattern)")
    }

    @Test(arguments: [
        #"1/1\s+Running"#, "(?i)etcd", "(a|b)+", #"(\d+)\.(\d+)"#, "(abc)+", #"CrashLoopBackOff|Error|\s0/\d+\s"#
    ])
    func ordinaryPatternsAreNot(_ pattern: String) {
        #expect(PatternRisk.problem(pattern) == nil, "\(pattern)")
    }

    @Test func theValidatorWarnsAtThePattern() throws {
        let text = minimalRunbook.replacingOccurrences(
            of: "a: { title: A, next: done }",
            with: """
                a:
                    title: A
                    run: echo
                    outcomes:
                      x: { when: { output_matches: '^(a+)+$' }, next: done }
                """)
        let result = RunbookLoader().load(text: text, path: "t.yaml")
        let warning = try #require(result.diagnostics.warnings.first { $0.message.contains("exponentially") })
        #expect(warning.location.line == 9)
        #expect(result.isValid)
    }

    final class Box: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: Bool??
        func set(_ v: Bool?) { lock.lock(); stored = .some(v); lock.unlock() }
        var value: Bool?? { lock.lock(); defer { lock.unlock() }; return stored }
    }
}
