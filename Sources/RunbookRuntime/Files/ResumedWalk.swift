import Foundation
#if canImport(Glibc)
    import Glibc
#endif
import RunbookGraph

/// A walk rebuilt from its journal, with what the operator should know about it.
public struct ResumedWalk: Sendable {
    public var session: Session
    public var journalPath: String
    /// E.g. a torn last line that was dropped, or a runbook that changed since.
    public var warnings: [String]
    /// With salvage: damaged journal lines and records that no longer fit, left out.
    public var damagedLines: [Int] = []
    public var unfitRecords: [Int] = []
}

extension ResumedWalk {
    /// Reads the journal at `path` and replays it against `library` (the
    /// journal's runbook is loaded from the path it names when the library
    /// does not have it).
    /// With `salvage`, damaged lines, and records that no longer fit once they
    /// are gone, are left out and listed instead of refusing the journal.
    public static func load(
        journal path: String, library: [Runbook], loader: RunbookLoader = RunbookLoader(),
        salvage: Bool = false
    ) throws -> ResumedWalk {
        let contents = try JournalReader.read(path: path, salvage: salvage)
        var warnings: [String] = []
        if contents.droppedTornLine {
            warnings.append(
                "\(path): the last line was incomplete (the tool stopped while writing it); resumed from the \(contents.records.count) whole events before it"
            )
        }
        guard case .started(let start) = contents.records.first?.event else {
            throw JournalError("\(path):1: the journal does not begin with a 'started' event")
        }
        var runbooks = library
        if !runbooks.contains(where: { $0.id == start.runbook }) {
            let result = loader.load(path: start.path)
            guard result.isValid, let runbook = result.runbook else {
                throw JournalError(
                    "\(path): the journal walks runbook '\(start.runbook)', which is not in the library and cannot be loaded from \(start.path); name its folder with --library"
                )
            }
            runbooks.append(runbook)
        }
        if let runbook = runbooks.first(where: { $0.id == start.runbook }), runbook.contentHash != start.hash {
            warnings.append(
                "runbook '\(start.runbook)' has changed since this walk began (journal \(start.hash), now \(runbook.contentHash) in \(runbook.path)); steps may differ from what the operator saw"
            )
        }
        var walk = ResumedWalk(session: Session(library: runbooks), journalPath: path, warnings: warnings)
        if salvage {
            walk.damagedLines = contents.damagedLines
            (walk.session, walk.unfitRecords) = Session.salvage(contents.records, library: runbooks)
            if !walk.damagedLines.isEmpty {
                walk.warnings.append(
                    "\(path): damaged line\(walk.damagedLines.count == 1 ? "" : "s") \(walk.damagedLines.map(String.init).joined(separator: ", ")) left out"
                )
            }
            if !walk.unfitRecords.isEmpty {
                walk.warnings.append(
                    "\(path): record\(walk.unfitRecords.count == 1 ? "" : "s") \(walk.unfitRecords.map(String.init).joined(separator: ", ")) no longer fit without the damaged lines and were left out"
                )
            }
        } else {
            walk.session = try Session.replay(contents.records, library: runbooks)
        }
        for command in walk.session.unfinishedCommands {
            walk.warnings.append(Self.describe(command))
        }
        return walk
    }

    /// A command that never finished in the journal: the tool stopped (a crash,
    /// a kill) while it ran, so it may still be running.
    static func describe(_ command: (step: String, command: String, group: Int32?)) -> String {
        var text = "the command of step '\(command.step)' was still running when the walk stopped: \(command.command)"
        if let group = command.group {
            text +=
                Self.isRunning(group: group)
                ? " — process group \(group) is still running (stop it with: kill -TERM -- -\(group))"
                : " — no process of its group \(group) is left"
        } else {
            text += " — it may still be running"
        }
        return text
    }

    /// Whether any process of `group` is alive.
    public static func isRunning(group: Int32) -> Bool {
        kill(-group, 0) == 0 || errno == EPERM
    }

    /// The process groups of commands that never finished and are still running.
    public var runningGroups: [Int32] {
        session.unfinishedCommands.compactMap(\.group).filter(Self.isRunning(group:))
    }

    /// Whether salvage left anything out (the walk then goes on in a new journal).
    public var isSalvaged: Bool { !damagedLines.isEmpty || !unfitRecords.isEmpty }

    /// The journal the walk goes on in, for the next operator: the same one (a
    /// torn last line is cut off first). A salvaged walk goes on in a new
    /// journal beside it, holding the intact records, so the damaged one stays as it was.
    public func reopenJournal(operatorName: String) throws -> (writer: JournalWriter, notes: [String]) {
        var notes: [String] = []
        let writer: JournalWriter
        if isSalvaged {
            let base = (journalPath as NSString).deletingPathExtension
            var candidate = base + "-salvaged.jsonl"
            var n = 2
            while FileManager.default.fileExists(atPath: candidate) {
                candidate = base + "-salvaged-\(n).jsonl"; n += 1
            }
            writer = try JournalWriter(path: candidate, mode: .create, operatorName: operatorName)
            for record in session.records { try writer.append(record) }
            notes.append("the salvaged walk goes on in \(candidate); \(journalPath) is left as it was")
        } else {
            writer = try JournalWriter(path: journalPath, mode: .append, operatorName: operatorName)
            if let saved = writer.savedTornTail {
                notes.append("the torn last line was cut off the journal before appending; its bytes are in \(saved)")
            }
        }
        return (writer, notes)
    }
}
