import Foundation
import RunbookGraph
import RunbookRuntime
import Testing
@testable import RunbookTUI

struct RememberedValuesTests {
    @Test func typedValuesAreOfferedNextTimeAndNeverUsedSilently() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("remembered-\(UUID().uuidString)")
            .path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let memory = RememberedValues(folder: folder)

        var first = Harness()
        first.env.memory = .files(memory)
        first.openSeed()
        first.send(.enter, .enter, .enter)  // to calico: asks for calico_ns
        first.send(.char("2"))  // 1.29 or later
        #expect(memory.values(for: "armada-scrape-failure")["calico_ns"] == "calico-system")
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/armada-scrape-failure.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)

        var second = Harness()
        second.env.memory = .files(memory)
        second.openSeed()
        second.send(.enter, .enter, .enter)
        guard case .prompt(let prompt)? = second.state.overlay else {
            Issue.record("the value is asked for again, not reused silently")
            return
        }
        #expect(prompt.selected == 1)
        #expect(prompt.detail?.contains("last time: calico-system (Enter keeps it)") == true)
        second.send(.enter)
        #expect(second.session?.values(of: "armada-scrape-failure")["calico_ns"] == "calico-system")
        #expect(second.session?.variableSources["armada-scrape-failure"]?["calico_ns"] == .remembered)
    }
}
