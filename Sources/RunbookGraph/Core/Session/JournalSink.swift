import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where journal records go. The file journal fsyncs each record before
/// returning, so the UI only shows what is already on disk.
public protocol JournalSink: AnyObject {
    func append(_ record: JournalRecord) throws
}

public struct JournalError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Records kept in memory (tests, practice runs that keep no journal).
public final class MemoryJournal: JournalSink {
    public private(set) var records: [JournalRecord] = []
    public init() {}
    public func append(_ record: JournalRecord) throws { records.append(record) }
}
