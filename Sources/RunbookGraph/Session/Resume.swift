import Foundation

/// A walk rebuilt from its journal, with what the operator should know about it.
public struct ResumedWalk: Sendable {
    public var session: Session
    public var journalPath: String
    /// E.g. a torn last line that was dropped, or a runbook that changed since.
    public var warnings: [String]
}

extension ResumedWalk {
    /// Reads the journal at `path` and replays it against `library` (the
    /// journal's runbook is loaded from the path it names when the library
    /// does not have it).
    public static func load(journal path: String, library: [Runbook], loader: RunbookLoader = RunbookLoader()) throws -> ResumedWalk {
        let contents = try JournalReader.read(path: path)
        var warnings: [String] = []
        if contents.droppedTornLine {
            warnings.append("\(path): the last line was incomplete (the tool stopped while writing it); resumed from the \(contents.records.count) whole events before it")
        }
        guard case .started(let start) = contents.records.first?.event else {
            throw JournalError("\(path):1: the journal does not begin with a 'started' event")
        }
        var runbooks = library
        if !runbooks.contains(where: { $0.id == start.runbook }) {
            let result = loader.load(path: start.path)
            guard result.isValid, let runbook = result.runbook else {
                throw JournalError("\(path): the journal walks runbook '\(start.runbook)', which is not in the library and cannot be loaded from \(start.path); name its folder with --library")
            }
            runbooks.append(runbook)
        }
        if let runbook = runbooks.first(where: { $0.id == start.runbook }), runbook.contentHash != start.hash {
            warnings.append("runbook '\(start.runbook)' has changed since this walk began (journal \(start.hash), now \(runbook.contentHash) in \(runbook.path)); steps may differ from what the operator saw")
        }
        let session = try Session.replay(contents.records, library: runbooks)
        return ResumedWalk(session: session, journalPath: path, warnings: warnings)
    }

    /// A recorder that appends to the same journal, for the next operator.
    public func recorder(operatorName: String, clock: @escaping @Sendable () -> Date = { Date() }) throws -> Recorder {
        Recorder(session: session, journal: try JournalWriter(path: journalPath), operatorName: operatorName, clock: clock)
    }
}
