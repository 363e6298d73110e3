import Foundation

extension Session {
    /// Rebuilds what it can: records that do not fit (because damaged ones
    /// before them are gone) are left out; returns their sequence numbers.
    public static func salvage(_ records: [JournalRecord], library: [Runbook]) -> (Session, [Int]) {
        var session = Session(library: library)
        var unfit: [Int] = []
        for record in records {
            do { try session.apply(record) } catch { unfit.append(record.seq) }
        }
        return (session, unfit)
    }

    /// Rebuilds a session from journal records. Throws with the record's
    /// sequence number when one does not fit (e.g. the runbook changed).
    public static func replay(_ records: [JournalRecord], library: [Runbook]) throws -> Session {
        var session = Session(library: library)
        for record in records {
            do {
                try session.apply(record)
            } catch {
                throw JournalError(
                    "record \(record.seq) (\(record.event.name)) does not fit the runbook: \(error.message)")
            }
        }
        return session
    }
}
