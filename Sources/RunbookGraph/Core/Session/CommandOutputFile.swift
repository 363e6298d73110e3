import Foundation

/// Where a command's full output is kept, beside its walk's journal:
/// `<journal>.d/<seq>-<step>.out`, `seq` being the sequence number of the
/// command's `commandStarted` record (docs/JOURNAL.md). Resume, export and
/// tests compute it from the journal alone.
public enum CommandOutputFile {
    public static func folder(journal: String) -> String { journal + ".d" }

    public static func path(journal: String, seq: Int, step: String) -> String {
        "\(folder(journal: journal))/\(seq)-\(step).out"
    }

    /// The output file of the command that `record` started (nil for any other record).
    public static func path(journal: String, record: JournalRecord) -> String? {
        guard case .commandStarted(let step, _, _, _) = record.event else { return nil }
        return path(journal: journal, seq: record.seq, step: step)
    }
}
