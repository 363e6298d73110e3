import Foundation
import Testing

/// Update, the views and the screen buffer are pure: they import only the
/// core library (the runtime is a module they cannot see, checked by the
/// compiler) and Foundation, and call nothing of Foundation's that reaches
/// the machine. Effects and environment clients are their only way out.
struct PurityTests {
    static let pureFolders = ["Sources/RunbookTUI/App", "Sources/RunbookTUI/Views", "Sources/RunbookTUI/Screen"]
    /// Foundation's and the C library's ways to the machine, as calls are written.
    nonisolated(unsafe) static let machine = try! Regex(
        #"\b(FileManager|FileHandle|Process\(\)|ProcessInfo|DispatchQueue|Thread|contentsOfFile|RunbookRuntime)\b"#
            + #"|(?:^|[^\w.])(fopen|open|write|read|close|usleep|sleep|getenv|signal|kill|poll)\("# + #"|\bDate\(\)"#)

    @Test func updateAndViewsDoNoIO() throws {
        var checked = 0
        for folder in Self.pureFolders {
            let url = Paths.repository.appendingPathComponent(folder)
            for name in try FileManager.default.contentsOfDirectory(atPath: url.path) where name.hasSuffix(".swift") {
                let text = try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.components(separatedBy: "//").first ?? ""
                    if code.hasPrefix("import ") || code.hasPrefix("@testable import ") {
                        let module = code.split(separator: " ").last.map(String.init) ?? ""
                        #expect(
                            ["Foundation", "RunbookGraph"].contains(module),
                            "\(folder)/\(name):\(number + 1) imports \(module)")
                    }
                    // An enum case (`case open(url:)`) is a value, not a call.
                    let isCase = code.trimmingCharacters(in: .whitespaces).hasPrefix("case ")
                    if !isCase, let match = code.firstMatch(of: Self.machine) {
                        Issue.record("\(folder)/\(name):\(number + 1) reaches the machine: \(code[match.range])")
                    }
                }
                checked += 1
            }
        }
        #expect(checked > 20)
    }
}
