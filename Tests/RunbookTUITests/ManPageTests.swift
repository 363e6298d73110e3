import Foundation
import Testing
import TestSupport

/// docs/runbook.1 is generated from the command definitions (scripts/man): every
/// command and every option the binary has is in it, each with its help text.
struct ManPageTests {
    @Test func theManPageHasEveryCommandAndOption() throws {
        let page = try String(contentsOf: Paths.repository.appendingPathComponent("docs/runbook.1"), encoding: .utf8)
        let dump = try runProcess(Paths.binary, ["--experimental-dump-help"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try #require(json["command"] as? [String: Any])
        var checked = 0
        for command in (root["subcommands"] as? [[String: Any]] ?? []) where command["shouldDisplay"] as? Bool == true {
            let name = try #require(command["commandName"] as? String)
            #expect(page.contains(".It Em \(name)"), "docs/runbook.1 lacks the command \(name): run scripts/man")
            if let abstract = command["abstract"] as? String {
                #expect(page.contains(abstract), "\(name): \(abstract)")
            }
            for argument in command["arguments"] as? [[String: Any]] ?? []
            where argument["shouldDisplay"] as? Bool == true {
                for long in (argument["names"] as? [[String: String]] ?? []) where long["kind"] == "long" {
                    let option = long["name"]!
                    // `.It Fl -journal Ar path`, or with a short name `.It Fl o , -output Ar file`.
                    let shown = [" -\(option) ", " -\(option)\n"].contains { page.contains($0) }
                    #expect(shown, "docs/runbook.1 lacks \(name) --\(option): run scripts/man")
                    checked += 1
                }
            }
        }
        #expect(checked > 20)
    }
}
