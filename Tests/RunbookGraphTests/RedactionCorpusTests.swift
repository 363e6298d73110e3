import Foundation
import Testing
@testable import RunbookGraph

/// Issue 19: the common ways secrets appear in runbooks, notes and command
/// output, each with the secret that must not survive redaction.
enum SecretCorpus {
    static let leaks: [(text: String, secret: String)] = [
        ("password=hunter2x", "hunter2x"),
        ("password: hunter2x", "hunter2x"),
        (#"{"user": "ops", "password": "s3cr3t-json"}"#, "s3cr3t-json"),
        ("vault login --password hunter2opt", "hunter2opt"),
        ("app --password=hunter2eq", "hunter2eq"),
        ("mysql -u root -pMyS3cret db", "MyS3cret"),
        ("curl https://admin:pw1234@example.com/api", "pw1234"),
        ("psql postgres://app:pgpw5678@db.internal:5432/app", "pgpw5678"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "dXNlcjpwYXNzd29yZA=="),
        ("Authorization: Bearer eyabc.def.ghi123456", "eyabc.def.ghi123456"),
        ("AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        ("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYOTHERKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYOTHERKEY"),
        ("key id AKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLE"),
        ("temporary ASIAIOSFODNN7EXAMPLE", "ASIAIOSFODNN7EXAMPLE"),
        ("ghp_16C7e42F292c6912E7710c838347Ae178B4a", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        (
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"
        ),
        ("glpat-xxxxXXXXyyyyYYYY1234", "glpat-xxxxXXXXyyyyYYYY1234"),
        ("xoxb-2938475610-ABCdefGHIjkl", "xoxb-2938475610-ABCdefGHIjkl"),
        (
            "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
            "T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"
        ),
        (
            "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"
        ),
        ("client_secret: 8Q~abcdefghij", "8Q~abcdefghij"),
        ("PGPASSWORD=pgsecret99 psql", "pgsecret99"),
        ("DB_PASS=dbsecret77", "dbsecret77"),
        ("password  =  twospace", "twospace"),
        ("export DATABASE_URL=mysql://svc:urlpw4242@10.0.0.5/prod", "urlpw4242"),
        ("the password is hunter2prose", "hunter2prose"),
        ("skipped: PGPASSWORD=skipsecret1 needed", "skipsecret1"),
        ("-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA75\n-----END RSA PRIVATE KEY-----", "MIIEpAIBAAKCAQEA75"),
        ("AIzaSyA1234567890abcdefghijklmnopqrstu", "AIzaSyA1234567890abcdefghijklmnopqrstu"),
        ("ya29.a0AfH6SMBexampleexampleexample", "ya29.a0AfH6SMBexampleexampleexample"),
        (
            "DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abcdEFGH1234ijklMNOP5678==;",
            "abcdEFGH1234ijklMNOP5678=="
        ),
        ("https://x.blob.core.windows.net/c?sv=2020&sig=AbCdEfGh1234567890%2Bxyz", "AbCdEfGh1234567890%2Bxyz"),
        ("IBMCLOUD_API_KEY=abcdefgh-1234-IBMKEY", "abcdefgh-1234-IBMKEY"),
        ("IC_API_KEY: ibmkey-5678-abcdefgh", "ibmkey-5678-abcdefgh"),
        ("api_key=apikey123456", "apikey123456"),
        ("x-api-key: headerkey9876", "headerkey9876"),
        ("token: tok-abcdef123", "tok-abcdef123"),
        ("curl -u deploy:curlpass55 https://ci", "curlpass55"),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")
    ]

    /// Text that looks near a secret but is none, and must stay as it is.
    static let keep: [String] = [
        "password_policy: strict",
        "commit 3f2a9c1e8b7d6a5f4e3d2c1b0a9f8e7d6c5b4a39 deployed",
        "bypass=true",
        "tokens_used=512",
        "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "kubectl get secrets -n kube-system",
        "the password expired yesterday",
        "see https://example.com/docs#auth for details"
    ]
}

struct RedactionCorpusTests {
    let redactor = try! Redactor()

    @Test func noneOfTheFormsLeaks() {
        let leaked = SecretCorpus.leaks.filter { redactor.redact($0.text).contains($0.secret) }
        #expect(leaked.isEmpty, "\(leaked.count) of \(SecretCorpus.leaks.count) leaked: \(leaked.map(\.text))")
        #expect(SecretCorpus.leaks.count == 39)
    }

    @Test func whatIsNoSecretStays() {
        let changed = SecretCorpus.keep.filter { redactor.redact($0) != $0 }
        #expect(changed.isEmpty, "false positives: \(changed.map(redactor.redact))")
    }

    @Test func theNameAndTheRestOfTheLineStay() {
        #expect(redactor.redact("PGPASSWORD=pgsecret99 psql -h db") == "PGPASSWORD=[REDACTED] psql -h db")
        #expect(
            redactor.redact("curl https://admin:pw1234@example.com/api")
                == "curl https://admin:[REDACTED]@example.com/api")
    }

    /// The lint reads the same table: a literal secret is flagged, a placeholder is not.
    @Test func theValidatorWarnsFromTheSameTable() {
        let lint = SecurityLint()
        #expect(lint.secret(in: "PGPASSWORD=pgsecret99 psql") != nil)
        #expect(lint.secret(in: "ghp_16C7e42F292c6912E7710c838347Ae178B4a") != nil)
        for placeholder in ["PGPASSWORD={{pg}} psql", "password=$DB_PASSWORD", "--token <token>", "password: ******"] {
            #expect(lint.secret(in: placeholder) == nil, "\(placeholder)")
        }
    }

    /// A runbook is linted with only the patterns whose hints occur in any of
    /// its texts: a step per leak of the corpus and a step per kept text are
    /// warned about exactly as each text alone is.
    @Test func aWholeRunbookIsWarnedAboutAsEachTextAlone() throws {
        let texts = SecretCorpus.leaks.map(\.0) + SecretCorpus.keep
        let steps = texts.enumerated().map { i, text in
            "  s\(i):\n    title: Step \(i)\n    text: \(String(reflecting: text))\n    next: \(i + 1 < texts.count ? "s\(i + 1)" : "done")\n"
        }.joined()
        let yaml =
            "runbook: leaks\ntitle: Leaks\nstart: s0\nsteps:\n" + steps + "  done: { title: Done, end: resolved }\n"
        let result = RunbookLoader().load(text: yaml, path: "leaks.yaml")
        let runbook = try #require(result.runbook, "\(result.diagnostics)")
        let warned = Set(
            SecurityLint().diagnostics(runbook).compactMap { d in
                d.message.firstMatch(of: /step 's(\d+)' seems to contain/).map { Int($0.1)! }
            })
        let alone = Set(texts.indices.filter { SecurityLint().secret(in: runbook.steps[$0].text ?? "") != nil })
        #expect(warned == alone)
        #expect(alone.count >= SecretCorpus.leaks.count / 2)
    }

    /// The lint looks only near each pattern's hint words: every form is still
    /// found, alone or in the middle of a longer text, and what is no secret is not.
    @Test func theSecretsOfEveryFormAreFoundNearTheirHints() {
        let prose = String(repeating: "Check the node exporter's keys and tokens of the service first. ", count: 8)
        for (text, secret) in SecretCorpus.leaks {
            for subject in [text, "\(prose)\n  then: \(text) and so on\n\(prose)"] {
                let found = SecretPattern.secrets(in: subject).map { String($0.secret) }
                #expect(found.contains { $0.contains(secret) }, "\(text): found \(found)")
            }
        }
        for text in SecretCorpus.keep where !text.hasPrefix("kubectl") {
            #expect(SecretPattern.secrets(in: "\(prose)\n\(text)").isEmpty, "\(text)")
        }
    }

    /// The regex of a name given a secret runs only where a secret word is given a
    /// value (a quote, blanks, then `=` or `:`): on texts built from names, separators,
    /// values and prose with colons and URLs, that finds what the regex finds run over
    /// the whole text.
    @Test func aSecretNameIsLookedForOnlyWhereItIsGivenAValue() throws {
        let pattern = try #require(SecretPattern.all.first { $0.name == "a password or token" })
        let names = [
            "PGPASSWORD", "db.pass", "api-key", "client_secret", "Token", "credentials", "passphrase", "pwd",
            "my_passwd",
            "keys", "monkey", "ACCESS_KEY", "secret_name", "bypass", "private-key", "x.auth_key", "passwords", "PASSWD"
        ]
        let separators = ["=", ": ", " = ", "\"=", "': ", " :", "\t=", "\" : ", "s=", " is ", "_x=", "\u{00e9}=", "  "]
        let values = ["hunter2xyz", "\"quoted value\"", "'a b c d e'", "", "$VAR", "{{pw}}", "x", "s3cr3t;rest"]
        let prose = [
            "Note: check it.", "see https://x.example:8443/docs", "a key point: the node", "tokens used: 5",
            "the password expired", "Keys: rotate them", "", "secret sauce, not a secret"
        ]
        var random = FuzzTests.SplitMix64(state: 19)
        var differ: [String] = []
        var withSecret = 0
        for _ in 0..<3_000 {
            var text = ""
            for _ in 0..<Int.random(in: 1...3, using: &random) {
                text += prose.randomElement(using: &random)! + " "
                text += names.randomElement(using: &random)! + separators.randomElement(using: &random)!
                text += values.randomElement(using: &random)! + (Bool.random(using: &random) ? "\n" : " ")
            }
            let near = SecretPattern.secrets(in: text, among: [pattern]).map { String($0.secret) }
            let whole = text.matches(of: pattern.regex).map { match in
                String(text[(match.output[1].range?.upperBound ?? match.range.lowerBound)..<match.range.upperBound])
            }
            if near != whole { differ.append(text) }
            if !whole.isEmpty { withSecret += 1 }
        }
        #expect(differ.count == 0, "e.g. \(differ.prefix(3))")
        #expect(withSecret > 1_000, "most texts give a name a value")
    }

    /// Through a real transcript: notes, output, a skip reason and an ordinary
    /// variable holding a URL with credentials; Markdown and JSON alike.
    @Test func bothExportsHideEveryForm() throws {
        let text = """
            runbook: t
            title: T
            variables:
              url: { ask: URL? }
            start: a
            steps:
              a: { title: A, run: 'echo {{url}}', next: b }
              b: { title: B, next: done }
              done: { title: Done, end: resolved }
            """
        let runbook = try #require(RunbookLoader().load(text: text, path: "t.yaml").runbook)
        var w = try Walker(runbook, alert: Alert())
        try w.set("url", "https://svc:varpw31337@db.internal/x")
        try w.run(output: SecretCorpus.leaks.prefix(20).map(\.text).joined(separator: "\n"))
        try w.choose("done")
        for (text, _) in SecretCorpus.leaks.dropFirst(20) { try w.addNote(text) }
        try w.skip(along: "done", reason: "PGPASSWORD=skipsecret2 was missing")
        let transcript = Transcript(session: w.session, redactor: try Transcript.redactor(for: w.session))
        let markdown = transcript.markdown()
        let json = try transcript.json()
        for secret in SecretCorpus.leaks.map(\.secret) + ["varpw31337", "skipsecret2"] {
            #expect(!markdown.contains(secret), "Markdown leaks \(secret)")
            #expect(
                !json.contains(secret.replacingOccurrences(of: "/", with: "\\/")) && !json.contains(secret),
                "JSON leaks \(secret)")
        }
    }
}
