import Foundation
import Testing
@testable import RunbookGraph

/// Random hostile values, rendered into every supported quoting context and
/// run by a real shell: the shell must see each value byte for byte, and no
/// payload may ever run (a sentinel file never appears).
@Suite(.serialized)
struct ShellQuotingPropertyTests {
    static let casesPerContext = 2_000
    static let remoteCasesPerContext = 400

    /// (template, the text the shell must print for value v, the shell that runs it)
    static let contexts: [(name: String, template: String, expected: @Sendable (String) -> String, shell: String)] = [
        ("unquoted", "printf '%s\\0' {{v}}", { $0 }, "/bin/sh"),
        ("inside '…'", "printf '%s\\0' 'A{{v}}B'", { "A\($0)B" }, "/bin/sh"),
        ("inside \"…\"", "printf '%s\\0' \"A {{v}} B\"", { "A \($0) B" }, "/bin/sh"),
        ("inside $'…'", "printf '%s\\0' $'A{{v}}B'", { "A\($0)B" }, "/bin/bash"),
        (
            "all four in one word", "printf '%s\\0' x{{v}}\"{{v}}\"'{{v}}'$'{{v}}'", { "x\($0)\($0)\($0)\($0)" },
            "/bin/bash"
        )
    ]

    /// Values: every byte but NUL as characters, plus the fragments attackers use.
    static func values(count: Int, seed: UInt64, sentinel: String) -> [String] {
        var rng = FuzzTests.SplitMix64(state: seed)
        let fragments = [
            "'", "\"", "\\", "$", "`", "$(touch \(sentinel))", "`touch \(sentinel)`", ";touch \(sentinel);",
            "| touch \(sentinel)", "&& touch \(sentinel)", "\ntouch \(sentinel)\n", "'; touch \(sentinel); '",
            "\"; touch \(sentinel); \"", "\\'", "\\\"", "$'\\x27'", "\\x27", "${IFS}", "*", "?", "[a-z]", "~", "!",
            "#", "{", "}", "-", "--", "-rf", "\t", " ", "\r", "EOF", "é", "日本", "\u{202E}", "😀", "%s", "\\n"
        ]
        return (0..<count).map { _ in
            var value = ""
            for _ in 0..<Int(rng.next() % 12) {
                if rng.next() % 5 < 2 {
                    value += fragments[Int(rng.next() % UInt64(fragments.count))]
                } else {
                    value.unicodeScalars.append(Unicode.Scalar(UInt8(1 + rng.next() % 127)))
                }
            }
            return value
        }
    }

    /// Runs `lines` as one script and returns what it printed, split at NUL.
    static func run(_ lines: [String], shell: String, folder: TemporaryFolder, name: String) throws -> [String] {
        let script = try folder.write("\(name).sh", lines.joined(separator: "\n") + "\n")
        let result = try runProcess(shell, [script])
        var parts = result.stdout.split(separator: "\0", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }
        return parts
    }

    @Test func everyContextPrintsTheValueAndRunsNothing() throws {
        let folder = try TemporaryFolder()
        let sentinel = folder.url.appendingPathComponent("PWNED").path
        var total = 0
        for (n, context) in Self.contexts.enumerated() {
            let values = Self.values(count: Self.casesPerContext, seed: UInt64(n + 1), sentinel: sentinel)
            let template = ShellTemplate(context.template)
            let lines = try values.map { try template.render(["v": $0]) }
            let printed = try Self.run(lines, shell: context.shell, folder: folder, name: "local-\(n)")
            let failures = zip(values, printed).filter { context.expected($0) != $1 }
            #expect(printed.count == values.count, "\(context.name): \(printed.count) of \(values.count) printed")
            #expect(
                failures.isEmpty,
                "\(context.name): \(failures.count) failures, first \(String(describing: failures.first).prefix(300))")
            total += values.count
        }
        #expect(!FileManager.default.fileExists(atPath: sentinel), "a payload ran")
        #expect(total == Self.contexts.count * Self.casesPerContext)
    }

    /// Remote steps: the filled-in command goes through the ssh template and a
    /// stand-in for ssh that does what OpenSSH does (joins its arguments and
    /// hands them to the remote user's shell): two shell levels.
    @Test func throughSSHTwoShellLevels() throws {
        let folder = try TemporaryFolder()
        let sentinel = folder.url.appendingPathComponent("PWNED").path
        for shell in ["sh", "bash"] {
            _ = try folder.write(
                "\(shell)/ssh",
                """
                #!/bin/sh
                while [ "$1" != "--" ]; do shift; done; shift 2
                exec /bin/\(shell) -c "$*"
                """)
        }
        for (n, context) in Self.contexts.enumerated() {
            let values = Self.values(count: Self.remoteCasesPerContext, seed: UInt64(100 + n), sentinel: sentinel)
            // Run through /bin/sh, not exec'd: a script written while another test forks can be "text file busy".
            let sshTemplate =
                "/bin/sh \(folder.url.path)/\(context.shell == "/bin/bash" ? "bash" : "sh")/ssh -o BatchMode=yes -- {{host}} {{command}}"
            let template = ShellTemplate(context.template)
            let lines = try values.map {
                try RemoteCommand.wrap(try template.render(["v": $0]), host: "127.0.0.1", template: sshTemplate)
            }
            let printed = try Self.run(lines, shell: "/bin/sh", folder: folder, name: "remote-\(n)")
            let failures = zip(values, printed).filter { context.expected($0) != $1 }
            #expect(
                printed.count == values.count, "\(context.name) over ssh: \(printed.count) of \(values.count) printed")
            #expect(
                failures.isEmpty,
                "\(context.name) over ssh: \(failures.count) failures, first \(String(describing: failures.first).prefix(300))"
            )
        }
        #expect(!FileManager.default.fileExists(atPath: sentinel), "a payload ran")
    }

    /// A shell without `$'…'` (dash) reads it as `$` and a plain quoted string:
    /// the text differs, but no value ever gets out of the quotes.
    @Test func dollarQuotesUnderDashNeverLetAValueOut() throws {
        let folder = try TemporaryFolder()
        let sentinel = folder.url.appendingPathComponent("PWNED").path
        let values = Self.values(count: Self.casesPerContext, seed: 7, sentinel: sentinel)
        let template = ShellTemplate("printf '%s\\0' $'A{{v}}B'")
        let printed = try Self.run(
            try values.map { try template.render(["v": $0]) }, shell: "/bin/dash", folder: folder, name: "dash")
        #expect(printed.count == values.count)
        #expect(!FileManager.default.fileExists(atPath: sentinel), "a payload ran under dash")
    }
}
