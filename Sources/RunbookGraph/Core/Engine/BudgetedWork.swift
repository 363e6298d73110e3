import Foundation

/// Runs work that may take unbounded time (regular expressions written by
/// runbook authors, on output written by anyone) off the caller's thread,
/// and gives up waiting after a time budget. Swift's Regex cannot be
/// cancelled, so a runaway match finishes in the background; at most
/// `maxInFlight` may run at once, so runaways never pile up.
public final class BudgetedWork: @unchecked Sendable {
    public static let shared = BudgetedWork()
    /// How long the UI waits for a suggestion before saying the pattern is too slow.
    public static let defaultBudget: TimeInterval = 0.25

    private let lock = NSLock()
    private var inFlight = 0
    public let maxInFlight: Int

    public init(maxInFlight: Int = 2) { self.maxInFlight = maxInFlight }

    /// Calls `completion` once: with the work's value when it finishes within
    /// `budget`, else with nil (also at once when too many runaways still run).
    public func run<T: Sendable>(
        budget: TimeInterval = BudgetedWork.defaultBudget, _ work: @escaping @Sendable () -> T,
        completion: @escaping @Sendable (T?) -> Void
    ) {
        lock.lock()
        guard inFlight < maxInFlight else {
            lock.unlock()
            completion(nil)
            return
        }
        inFlight += 1
        lock.unlock()
        let once = Once()
        // A thread of its own, not Dispatch's pool: a runaway match must not
        // take the pool's few threads from the deadline below.
        let thread = Thread {
            let value = work()
            self.lock.lock(); self.inFlight -= 1; self.lock.unlock()
            if once.claim() { completion(value) }
        }
        thread.stackSize = 8 << 20
        thread.start()
        DispatchQueue.global(qos: .userInteractive).asyncAfter(deadline: .now() + budget) {
            if once.claim() { completion(nil) }
        }
    }

    private final class Once: @unchecked Sendable {
        private let lock = NSLock()
        private var done = false
        func claim() -> Bool {
            lock.lock(); defer { lock.unlock() }
            if done { return false }
            done = true
            return true
        }
    }
}
