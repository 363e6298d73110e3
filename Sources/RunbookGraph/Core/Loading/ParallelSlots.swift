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
}
