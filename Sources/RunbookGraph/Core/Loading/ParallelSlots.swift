import Foundation

/// Results of work spread over every core, in the order of the work: one slot
/// per item, each written by one worker only (so no lock), read once all are done.
/// Library loading and the journal history both use it.
public final class ParallelSlots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>

    public init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    public func set(_ i: Int, _ value: T) { buffer[i] = value }
    /// Nil where nothing was set.
    public var values: [T?] { Array(buffer) }

    /// `work` for each of `0..<count`, on every core; the results in order.
    public static func each(_ count: Int, _ work: @Sendable (Int) -> T) -> [T] {
        let results = ParallelSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { results.set($0, work($0)) }
        return results.values.map { $0! }
    }

    /// `work` over `0..<count` cut in slices (four per core), on every core;
    /// the results in slice order.
    public static func slices(of count: Int, _ work: @Sendable (Range<Int>) -> T) -> [T] {
        let ranges = ranges(of: count)
        return each(ranges.count) { work(ranges[$0]) }
    }

    /// `0..<count` cut in slices, four per core, in order.
    public static func ranges(of count: Int) -> [Range<Int>] {
        let slices = ProcessInfo.processInfo.activeProcessorCount * 4
        let size = (count + slices - 1) / slices
        return (0..<slices).map { min(count, $0 * size)..<min(count, ($0 + 1) * size) }
    }
}
