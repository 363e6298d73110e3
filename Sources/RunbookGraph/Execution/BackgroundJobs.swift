import Foundation

/// Commands left running while the walk goes on (e.g. `kubectl port-forward`).
/// All are stopped when the walk ends or the tool quits.
public final class BackgroundJobs: @unchecked Sendable {
    public struct Job: Sendable {
        public var id: Int
        public var step: String
        public var command: String
        public var started: Date
        public let handle: any RunningCommand
    }

    private let lock = NSLock()
    private var jobs: [Int: Job] = [:]
    private var nextID = 1

    public init() {}

    @discardableResult
    public func add(step: String, command: String, handle: any RunningCommand, started: Date = Date()) -> Int {
        lock.lock(); defer { lock.unlock() }
        let id = nextID
        nextID += 1
        jobs[id] = Job(id: id, step: step, command: command, started: started, handle: handle)
        return id
    }

    /// Forgets a job that finished on its own.
    public func remove(_ id: Int) {
        lock.lock(); defer { lock.unlock() }
        jobs[id] = nil
    }

    public var running: [Job] {
        lock.lock(); defer { lock.unlock() }
        return jobs.values.sorted { $0.id < $1.id }
    }

    /// Stops one job and returns its result.
    public func stop(_ id: Int) -> RecordedResult? {
        lock.lock()
        let job = jobs.removeValue(forKey: id)
        lock.unlock()
        guard let job else { return nil }
        job.handle.cancel()
        return job.handle.wait()
    }

    /// Stops every job (SIGTERM, then SIGKILL after the grace period) and returns what each left.
    public func stopAll() -> [(Job, RecordedResult)] {
        lock.lock()
        let all = jobs.values.sorted { $0.id < $1.id }
        jobs.removeAll()
        lock.unlock()
        all.forEach { $0.handle.cancel() }
        return all.map { ($0, $0.handle.wait()) }
    }
}
