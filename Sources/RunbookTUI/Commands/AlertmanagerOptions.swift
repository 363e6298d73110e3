import ArgumentParser
import Foundation
import RunbookRuntime

/// `--alertmanager URL` and its credentials, shared by the UI and `runbook alerts`.
struct AlertmanagerOptions: ParsableArguments {
    @Option(
        name: .customLong("alertmanager"),
        help: ArgumentHelp(
            "Alertmanager's address, e.g. http://127.0.0.1:9093 (default: $RUNBOOK_ALERTMANAGER).", valueName: "url"))
    var address: String?

    @Option(
        name: .customLong("alertmanager-user"),
        help: ArgumentHelp("Log in with basic auth as this user; the token is then the password.", valueName: "name"))
    var user: String?

    @Option(
        name: .customLong("alertmanager-token-env"),
        help: ArgumentHelp(
            "The environment variable that holds the bearer token (or password).", valueName: "name"))
    var tokenVariable = "RUNBOOK_ALERTMANAGER_TOKEN"

    @Option(
        name: .customLong("alertmanager-token-file"),
        help: ArgumentHelp("A file that holds the bearer token (or password) instead.", valueName: "file"),
        completion: .file())
    var tokenFile: String?

    @Option(
        name: .customLong("alertmanager-timeout"),
        help: ArgumentHelp("Seconds to wait for each request.", valueName: "seconds"))
    var timeout: Double = AlertmanagerAccess.defaultTimeout

    /// The configured Alertmanager, or nil when none is. The token never
    /// appears in an error: only the variable's or the file's name does.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AlertmanagerClient? {
        guard let address = address ?? environment["RUNBOOK_ALERTMANAGER"].flatMap({ $0.isEmpty ? nil : $0 }) else {
            return nil
        }
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--alertmanager-timeout: give 1 to 600 seconds")
        }
        var token: String?
        if let tokenFile {
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw RunFailure("cannot read the Alertmanager token file \(tokenFile): \(error.localizedDescription)")
            }
        } else if let value = environment[tokenVariable], !value.isEmpty {
            token = value
        }
        let credentials: AlertmanagerAccess.Credentials? =
            if let user { .basic(user: user, password: token ?? "") } else { token.map { .bearer($0) } }
        switch AlertmanagerAccess.parse(address, credentials: credentials, timeout: timeout) {
        case .success(let access): return AlertmanagerClient(access: access)
        case .failure(let error): throw ValidationError("--alertmanager: \(error)")
        }
    }
}
