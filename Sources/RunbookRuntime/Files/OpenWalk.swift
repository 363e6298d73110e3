import Foundation
import RunbookGraph

/// The walks in a state folder that have not ended, newest first: what
/// `runbook resume` with no journal lists, and `--last` resumes.
public struct OpenWalk: Sendable, Equatable {
    public var path: String
    /// When the journal was last written.
    public var updated: Date
    public var runbook: String
    public var title: String
    public var mode: SessionStart.Mode
    public var operators: [String]
    /// The step of the last record that names one.
    public var lastStep: String?

    /// The journals (`*.jsonl`) of `folder` whose walk has not ended. Damaged
    /// journals are read as far as they go (salvage); unreadable ones are left out.
    public static func list(in folder: String) -> [OpenWalk] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var out: [OpenWalk] = []
        for name in names where name.hasSuffix(".jsonl") && !name.hasPrefix(".") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let contents = try? JournalReader.read(path: path, salvage: true),
                case .started(let start)? = contents.records.first?.event
            else { continue }
            if contents.records.contains(where: { if case .ended = $0.event { true } else { false } }) { continue }
            let updated =
                (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? contents
                .records.last?.at ?? .distantPast
            out.append(
                OpenWalk(
                    path: path, updated: updated, runbook: start.runbook, title: start.title, mode: start.mode,
                    operators: Array(Set(contents.records.map(\.operator))).sorted(),
                    lastStep: contents.records.reversed().lazy.compactMap(\.event.step).first))
        }
        return out.sorted { $0.updated != $1.updated ? $0.updated > $1.updated : $0.path > $1.path }
    }
}

extension SessionEvent {
    /// The step an event happened at, when it names one.
    var step: String? {
        switch self {
        case .commandStarted(let step, _, _, _), .commandProcess(let step, _), .commandFinished(let step, _),
            .outcomeChosen(let step, _, _, _), .stepSkipped(let step, _, _), .hintShown(let step):
            return step
        case .wentBack(_, let to), .linkReturned(_, let to): return to
        case .noteAdded(let step, _): return step
        default: return nil
        }
    }
}
