import Foundation

/// Compiled regular expressions, by their source, for the whole process: a
/// library's runbooks repeat patterns ('1/1\s+Running', an IP address),
/// parsing a Swift Regex cost a fifth of a library's load time, and triage
/// tests every runbook's `match:` against an alert. Files load on every core
/// at once, hence the lock; the cache is emptied if it ever grows past `limit`.
public enum RegexCache {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [String: Result<Regex<AnyRegexOutput>, Failure>] = [:]
    static let limit = 20_000

    struct Failure: Error, CustomStringConvertible {
        var problem: String
        var description: String { problem }
    }

    /// The compiled `source`; the error says what is wrong with it.
    public static func regex(_ source: String) throws -> Regex<AnyRegexOutput> {
        try entry(source).get()
    }

    /// Nil when `source` compiles, else what is wrong with it.
    static func problem(_ source: String) -> String? {
        if case .failure(let failure) = entry(source) { return failure.problem }
        return nil
    }

    private static func entry(_ source: String) -> Result<Regex<AnyRegexOutput>, Failure> {
        if let seen = lock.withLock({ known[source] }) { return seen }
        let made: Result<Regex<AnyRegexOutput>, Failure>
        do {
            made = .success(try Regex(source))
        } catch {
            made = .failure(Failure(problem: NodeReader.regexProblem(error)))
        }
        lock.withLock {
            if known.count >= limit { known.removeAll() }
            known[source] = made
        }
        return made
    }
}
