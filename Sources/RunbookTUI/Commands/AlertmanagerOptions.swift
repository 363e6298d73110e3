import ArgumentParser
import Foundation
import RunbookRuntime

/// `--alertmanager URL` and its credentials, shared by the UI and `runbook alerts`.
struct AlertmanagerOptions: ParsableArguments {
    @Option(
        name: .customLong("alertmanager"),
        help: ArgumentHelp(
            "Alertmanager's address, e.g. http://127.0.0.1:9093 (default: $RUNBOOK_ALERTMANAGER, else alertmanager: of the configuration file).",
            valueName: "url"))
    var address: String?

    @Option(
        name: .customLong("alertmanager-user"),
        help: ArgumentHelp("Log in with basic auth as this user; the token is then the password.", valueName: "name"))
    var user: String?

    @Option(
        name: .customLong("alertmanager-token-env"),
        help: ArgumentHelp(
            "The environment variable that holds the bearer token or password (default: RUNBOOK_ALERTMANAGER_TOKEN).",
            valueName: "name"))
    var tokenVariable: String?

    @Option(
        name: .customLong("alertmanager-token-file"),
        help: ArgumentHelp("A file that holds the bearer token (or password) instead.", valueName: "file"),
        completion: .file())
    var tokenFile: String?

    @Option(
        name: .customLong("alertmanager-timeout"),
        help: ArgumentHelp("Seconds to wait for each request (default: 10).", valueName: "seconds"))
    var timeout: Double?

    var addressSetting: Setting<String?> {
        let file = ConfigFile.settings().alertmanager
        return Setting.resolve(
            flag: ("--alertmanager", address.map { Optional($0) }),
            environment: ("RUNBOOK_ALERTMANAGER", ConfigFile.environment("RUNBOOK_ALERTMANAGER").map { Optional($0) }),
            file: file.map { .init(value: $0.value, location: $0.location) }, default: nil, why: "none: no Alerts view")
    }

    var userSetting: Setting<String?> {
        let file = ConfigFile.settings().alertmanagerUser
        return Setting.resolve(
            flag: ("--alertmanager-user", user.map { Optional($0) }),
            file: file.map { .init(value: $0.value, location: $0.location) }, default: nil, why: "a bearer token")
    }

    var tokenVariableSetting: Setting<String> {
        Setting.resolve(
            flag: ("--alertmanager-token-env", tokenVariable), file: ConfigFile.settings().alertmanagerTokenEnv,
            default: "RUNBOOK_ALERTMANAGER_TOKEN")
    }

    var tokenFileSetting: Setting<String?> {
        let file = ConfigFile.settings().alertmanagerTokenFile
        return Setting.resolve(
            flag: ("--alertmanager-token-file", tokenFile.map { Optional($0) }),
            file: file.map { .init(value: $0.value, location: $0.location) }, default: nil)
    }

    var timeoutSetting: Setting<Double> {
        Setting.resolve(
            flag: ("--alertmanager-timeout", timeout), file: ConfigFile.settings().alertmanagerTimeout,
            default: AlertmanagerAccess.defaultTimeout)
    }

    /// The configured Alertmanager, or nil when none is. The token never
    /// appears in an error: only the variable's or the file's name does.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AlertmanagerClient? {
        guard let address = addressSetting.value else { return nil }
        let timeout = timeoutSetting.value
        guard timeout > 0, timeout <= 600 else {
            throw ValidationError("--alertmanager-timeout: give 1 to 600 seconds")
        }
        var token: String?
        if let tokenFile = tokenFileSetting.value {
            do {
                token = try String(contentsOfFile: tokenFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw RunFailure("cannot read the Alertmanager token file \(tokenFile): \(error.localizedDescription)")
            }
        } else if let value = environment[tokenVariableSetting.value], !value.isEmpty {
            token = value
        }
        let credentials: AlertmanagerAccess.Credentials? =
            if let user = userSetting.value { .basic(user: user, password: token ?? "") } else {
                token.map { .bearer($0) }
            }
        switch AlertmanagerAccess.parse(address, credentials: credentials, timeout: timeout) {
        case .success(let access): return AlertmanagerClient(access: access)
        case .failure(let error): throw ValidationError("--alertmanager: \(error)")
        }
    }
}
