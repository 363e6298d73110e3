import Foundation
import Testing
@testable import RunbookGraph

/// Where a placeholder stands, as the shell reads it, and what is refused.
struct ShellContextTests {
    func placeholder(_ command: String) throws -> ShellTemplate.Placeholder {
        try #require(ShellTemplate(command).placeholders.first)
    }

    @Test(arguments: [
        ("echo {{v}}", ShellTemplate.Context.unquoted),
        ("echo x{{v}}y", .unquoted),
        ("echo 'a {{v}} b'", .singleQuoted),
        (#"echo "pod is {{v}}""#, .doubleQuoted),
        ("echo $'a {{v}}'", .dollarSingleQuoted),
        (#"echo "it's" {{v}}"#, .unquoted),
        (#"echo 'say "hi"' "{{v}}""#, .doubleQuoted),
        ("echo \"a\\\"b {{v}}\"", .doubleQuoted),
        ("grep x <<< {{v}}", .unquoted),
        ("cat <<EOF\nbody\nEOF\necho {{v}}", .unquoted),
        ("ls > {{v}}", .unquoted),
        ("kubectl exec {{v}} -- ls", .unquoted),
        ("ssh -o BatchMode=yes -- {{v}} uptime", .unquoted),
        ("sh -c 'echo \"$1\"' sh {{v}}", .unquoted),
        ("awk -v x={{v}} '{ print x }'", .unquoted),
        ("kubectl get pod x --template='{{(index .spec 0)}}' -n {{v}}", .unquoted)
    ])
    func safeContexts(_ command: String, _ context: ShellTemplate.Context) throws {
        let p = try #require(ShellTemplate(command).placeholders.first { $0.name == "v" })
        #expect(p.context == context)
        #expect(p.hazard == nil, "\(command): \(String(describing: p.hazard))")
    }

    @Test(arguments: [
        ("echo `echo {{v}}`", ShellHazard.Kind.backticks),
        ("echo $(echo {{v}})", .commandSubstitution),
        (#"echo "$(cat {{v}})""#, .commandSubstitution),
        ("diff <(ls {{v}}) x", .commandSubstitution),
        ("echo $(( {{v}} + 1 ))", .arithmetic),
        ("(( {{v}} > 3 ))", .arithmetic),
        ("echo ${x:-{{v}}}", .parameterExpansion),
        ("echo ${{v}}", .parameterExpansion),
        ("cat <<EOF\n{{v}}\nEOF", .heredoc),
        ("cat <<'EOF'\n{{v}}\nEOF", .heredoc),
        ("cat <<-EOF\n\tline {{v}}\n\tEOF", .heredoc),
        ("echo hi # {{v}}", .comment),
        ("echo \\{{v}}", .escaped),
        (#"echo "\{{v}}""#, .escaped),
        ("eval echo {{v}}", .eval),
        ("sh -c 'echo {{v}}'", .secondShell),
        ("bash -lc \"grep {{v}} /x\"", .secondShell),
        ("kubectl exec p -n ns -- sh -c 'ls {{v}}'", .secondShell),
        ("sudo -u root bash -c 'ls {{v}}'", .secondShell),
        ("watch -n 5 kubectl get pod {{v}}", .secondShell),
        ("su admin -c 'ls {{v}}'", .secondShell),
        ("ssh host1 'cat /var/log/{{v}}'", .remoteShell),
        ("ssh -p 22 -i key host1 ls {{v}}", .remoteShell),
        ("ssh -o ProxyCommand={{v}} host1 true", .sshOption),
        ("python3 -c 'print(\"{{v}}\")'", .interpreterCode),
        ("perl -ne 'print if /{{v}}/' f", .interpreterCode),
        ("awk '/{{v}}/ { print }' f", .interpreterCode),
        ("sed -e 's/{{v}}/x/' f", .interpreterCode),
        ("{{v}} --version", .commandName),
        ("sudo {{v}} status", .commandName),
        ("echo 'unclosed {{v}}", .unclosedQuote)
    ])
    func refusedContexts(_ command: String, _ kind: ShellHazard.Kind) throws {
        let p = try #require(ShellTemplate(command).placeholders.first { $0.name == "v" })
        #expect(p.hazard?.kind == kind, "\(command): \(String(describing: p.hazard))")
        #expect(throws: ShellRenderError.self) { try ShellTemplate(command).render(["v": "x"]) }
    }

    @Test func theQuotedPlaceholderOfTheIssueIsALiteral() throws {
        let rendered = try ShellTemplate(#"echo "pod is {{pod}}""#).render(["pod": "$(touch PWNED)"])
        #expect(rendered == #"echo "pod is \$(touch PWNED)""#)
    }

    @Test func aNulByteIsRefused() {
        #expect(throws: ShellRenderError.nul("v")) { try ShellTemplate("echo {{v}}").render(["v": "a\u{0}b"]) }
    }

    @Test func commandsAfterAHeredocAreReadAgainAsCode() throws {
        let t = ShellTemplate("cat <<EOF > /tmp/x\nline {{a}}\nEOF\necho \"{{b}}\"")
        #expect(t.placeholders.map(\.hazard?.kind) == [.heredoc, nil])
        #expect(t.placeholders[1].context == .doubleQuoted)
    }

    @Test func theSSHTemplateCarriesTheCommandAndRefusesOptionHosts() throws {
        #expect(
            try RemoteCommand.wrap("ls 'a b'", host: "10.0.0.1")
                == #"ssh -o BatchMode=yes -o ConnectTimeout=10 -- 10.0.0.1 'ls '\''a b'\'''"#)
        for host in ["-oProxyCommand=touch PWNED", "a b", "host\nx", ""] {
            #expect(throws: ExecutionError.self) { try RemoteCommand.wrap("true", host: host) }
        }
        #expect(RemoteCommand.templateProblem(RemoteCommand.defaultTemplate) == nil)
        #expect(RemoteCommand.templateProblem("ssh {{host}}") != nil)
        #expect(RemoteCommand.templateProblem("ssh -o ProxyCommand={{command}} {{host}}") != nil)
    }
}

/// Runbooks with a placeholder where no literal is possible do not load, and
/// the error points at the placeholder itself.
struct ShellContextValidationTests {
    @Test(arguments: [
        ("run: 'echo `id {{v}}`'", 9, 20, "inside `…`"),
        ("run: 'echo $(id {{v}})'", 9, 21, "inside $(…)"),
        ("run: 'eval echo {{v}}'", 9, 21, "eval"),
        ("run: \"sh -c 'ls {{v}}'\"", 9, 21, "sh -c"),
        ("run: \"bash -c 'ls {{v}}'\"", 9, 23, "bash -c"),
        ("run: \"ssh host1 'cat {{v}}'\"", 9, 26, "remote command of ssh"),
        ("run: \"kubectl exec p -- sh -c 'ls {{v}}'\"", 9, 39, "sh -c"),
        ("run:\n      command: |\n        cat <<EOF\n        {{v}}\n        EOF", 12, 9, "here-document"),
        ("run:\n      command: |\n        echo one\n        echo $(cat {{v}})", 12, 20, "inside $(…)")
    ])
    func refusedAtTheirLineAndColumn(_ run: String, _ line: Int, _ column: Int, _ words: String) throws {
        let text = """
            runbook: t
            title: T
            start: a
            variables:
              v: { ask: Value? }
            steps:
              a:
                title: A
                \(run)
                next: done
              done: { title: Done, end: resolved }
            """
        let result = RunbookLoader().load(text: text, path: "t.yaml")
        let errors = result.diagnostics.errors
        #expect(errors.count == 1, "\(result.diagnostics)")
        let error = try #require(errors.first)
        #expect(error.location == SourceLocation(file: "t.yaml", line: line, column: column), "\(error)")
        #expect(error.message.contains(words), "\(error.message)")
        #expect(error.message.contains("{{v}}"))
    }

    @Test func theErrorSaysHowToWriteItInstead() throws {
        let text =
            minimalRunbook.replacingOccurrences(
                of: "a: { title: A, next: done }",
                with: "a: { title: A, run: 'echo $(cat {{v}})', next: done }")
            + "\nvariables:\n  v: { ask: V? }\n"
        let error = try #require(RunbookLoader().load(text: text, path: "t.yaml").diagnostics.errors.first)
        #expect(error.message.contains(#""$RUNBOOK_V""#), "\(error.message)")
    }

    @Test func theBundledRunbooksLoadWithoutAnyRefusal() throws {
        let library = Library.load(paths: [Paths.runbooks.path])
        #expect(!library.allDiagnostics.hasErrors, "\(library.allDiagnostics.errors)")
    }
}
