import Foundation

/// A value worked out on another core while the caller goes on; reading
/// `value` waits for it. A big runbook's hash and card are made this way.
final class BackgroundValue<T>: @unchecked Sendable {
    private var result: T?
    private let group = DispatchGroup()

    init(_ work: @escaping @Sendable () -> T) {
        // `result` is written once, before the group is left; read only after waiting on it.
        DispatchQueue.global().async(group: group) { self.result = work() }
    }

    var value: T {
        group.wait()
        return result!
    }
}
