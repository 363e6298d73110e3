import Foundation
import RunbookGraph
import Testing
import TestSupport
@testable import RunbookTUI

/// Issue 19: a `secret: true` value is never on screen: not in the prompt, the
/// command line, the variables, the confirm box, the editor or the output.
struct SecretMaskingTests {
    static let token = "tok-Sup3rS3cret"
    static let runbook: Runbook = {
        let text = """
            runbook: secret
            title: Call the API
            variables:
              token: { ask: API token?, secret: true }
            start: call
            steps:
              call:
                title: Call the API
                run: { command: 'curl -H "Authorization: Bearer {{token}}" https://api.example.com --token {{token}}', confirm: true }
                next: done
              done: { title: Done, end: resolved }
            """
        return RunbookLoader().load(text: text, path: "secret.yaml").runbook!
    }()

    @Test func theSecretNeverReachesTheScreen() throws {
        var h = Harness(library: [Self.runbook])
        h.send(.enter)  // open the runbook from the picker
        h.send(.enter)  // run: asks for the token first
        h.type(Self.token)
        #expect(h.screen.contains("•••••"), "the prompt shows bullets:\n\(h.screen)")
        #expect(!h.screen.contains(Self.token))
        h.send(.enter)
        #expect(!h.screen.contains(Self.token), "command line:\n\(h.screen)")
        h.send(.enter)  // the confirm box
        #expect(h.screen.contains("Run this command?"))
        #expect(!h.screen.contains(Self.token), "confirm box:\n\(h.screen)")
        h.send(.char("y"))
        h.finishCommand("sent token \(Self.token)\n")
        #expect(h.screen.contains("sent token •••••"), "output:\n\(h.screen)")
        #expect(!h.screen.contains(Self.token))
        h.send(.char("v"))
        #expect(h.screen.contains("token = •••••"))
        #expect(!h.screen.contains(Self.token))
        h.send(.escape)
        h.send(.char("e"))
        guard case .prompt(let editor)? = h.state.overlay else { Issue.record("no editor"); return }
        #expect(
            editor.text
                == #"curl -H "Authorization: Bearer ${RUNBOOK_TOKEN}" https://api.example.com --token "$RUNBOOK_TOKEN""#
        )
    }
}

/// Issue 13 (4): going back to a step that ran, its output is still there.
struct BackAndForthTests {
    @Test func outputSurvivesGoingBackAndForward() {
        var h = Harness()
        h.openSeed()
        h.send(.char("2"))  // another service
        h.send(.char("2"))  // an ordinary carrier
        h.send(.enter)  // Chlorine lookup done
        h.send(.char("1"))  // kube-system
        h.send(.enter)  // run the calico check
        h.finishCommand("calico-node-g8vgl   1/1   Running   4   22d   10.176.31.239\n")
        #expect(h.screen.contains("calico-node-g8vgl"))
        h.send(.enter)  // accept: running
        #expect(h.session?.frame?.step != "calico")
        h.send(.char("b"))  // back
        #expect(h.session?.frame?.step == "calico")
        #expect(h.screen.contains("calico-node-g8vgl"), "the output is gone:\n\(h.screen)")
        #expect(h.screen.contains("exit 0"))
    }
}

/// Issue 13 (18, 22): what the pane says about no output and one line; --set typos.
struct SmallWordsTests {
    @Test func noOutputAndOneLineAreSaidSo() {
        var h = Harness()
        h.openSeed()
        h.send(.char("2"), .char("2"), .enter, .char("1"), .enter)  // to the calico check, run it
        h.finishCommand("", exit: 1)
        #expect(h.screen.contains("(no output)"), "\(h.screen)")
        h.send(.char("R"))  // run it again
        h.finishCommand("one line\n")
        #expect(h.screen.contains("· 1 line "), "\(h.screen)")
    }

    @Test func aSetForAVariableTheRunbookLacksIsAnError() throws {
        let result = try runProcess(Paths.binary, [Paths.seed, "--set", "calico_nss=kube-system"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("has no variable 'calico_nss'; did you mean 'calico_ns'?"), "\(result.stderr)")
    }
}
