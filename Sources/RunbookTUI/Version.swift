/// The one place the version is written. `scripts/release` stamps the git
/// commit into `commit` for a release build; a development build has none.
enum RunbookVersion {
    static let number = "0.6.0"
    static let commit: String? = nil

    /// What `runbook --version` prints: one line.
    static var line: String { "runbook \(number)" + (commit.map { " (\($0))" } ?? "") }
}
