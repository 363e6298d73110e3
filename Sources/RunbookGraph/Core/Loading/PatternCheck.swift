import Foundation

/// Whether a regular expression compiles, remembered for the whole process:
/// a library's runbooks repeat patterns ('1/1\s+Running', an IP address), and
/// parsing a Swift Regex cost a fifth of a library's load time. Files load on
/// every core at once, hence the lock.
enum PatternCheck {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: String?] = [:]

    /// Nil when `source` compiles, else what is wrong with it.
    static func problem(_ source: String) -> String? {
        if let seen = lock.withLock({ known[source] }) { return seen }
        let problem: String?
        do {
            _ = try Regex(source)
            problem = nil
        } catch {
            problem = NodeReader.regexProblem(error)
        }
        lock.withLock { known[source] = .some(problem) }
        return problem
    }
}
