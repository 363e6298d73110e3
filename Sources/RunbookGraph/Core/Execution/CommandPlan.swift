/// How commands run on this machine: shell, ssh template, what counts as dangerous.
public struct ExecutionConfig: Sendable {
    public var shell: String
    public var sshTemplate: String
    public var dangerous: DangerousCommands
    public var defaultTimeout: RunDuration
    public var gracePeriod: RunDuration

    public init(
        shell: String = "/bin/sh", sshTemplate: String = RemoteCommand.defaultTemplate,
        dangerous: DangerousCommands = try! DangerousCommands(),
        defaultTimeout: RunDuration = CommandRequest.defaultTimeout, gracePeriod: RunDuration = .seconds(2)
    ) {
        self.shell = shell
        self.sshTemplate = sshTemplate
        self.dangerous = dangerous
        self.defaultTimeout = defaultTimeout
        self.gracePeriod = gracePeriod
    }
}

/// The current step's command, ready to confirm and run.
public struct CommandPlan: Sendable, Equatable {
    public var step: String
    /// As the runbook fills it in, values shell-quoted.
    public var suggested: String
    /// As it will run: the suggestion, or the operator's edit of it.
    public var command: String
    public var host: String?
    /// Why to ask before running (the runbook says so, or the command looks dangerous); nil: run at once.
    public var confirmation: String?
    public var background: Bool
    public var interactive: Bool
    public var timeout: RunDuration
    public var environment: [String: String]
    /// Values of secret variables in the command, masked wherever it is shown.
    public var secrets: [String] = []

    public var edited: Bool { command != suggested }

    /// `text` with every secret value (and its quoted forms) shown as bullets.
    public func masked(_ text: String) -> String { SecretMask.mask(text, secrets) }

    /// What the shell receives: the command, wrapped in ssh for remote steps.
    public func shellCommand(_ config: ExecutionConfig) throws(ExecutionError) -> String {
        guard let host else { return command }
        return try RemoteCommand.wrap(command, host: host, template: config.sshTemplate)
    }

    public func request(
        _ config: ExecutionConfig, shell: String? = nil, outputFile: String? = nil
    ) throws(ExecutionError) -> CommandRequest {
        var request = CommandRequest(
            command: try shellCommand(config), shell: shell ?? config.shell, environment: environment,
            timeout: timeout, gracePeriod: config.gracePeriod, outputFile: outputFile)
        request.step = step
        request.displayCommand = command
        request.suggestedCommand = suggested
        return request
    }
}

extension Session {
    /// The plan for the current step's command; `edited` replaces the suggested text.
    public func commandPlan(edited: String? = nil, config: ExecutionConfig = ExecutionConfig()) -> CommandPlan? {
        guard let runbook, let step, let run = step.run, let suggested = suggestedCommand else { return nil }
        let command = edited ?? suggested
        var confirmation: String?
        if run.confirm {
            confirmation = "the runbook asks to confirm this command"
        } else if let word = config.dangerous.reason(command) {
            confirmation = "the command contains '\(word)'"
        }
        var environment: [String: String] = [:]
        for (name, value) in values(of: runbook.id) { environment["RUNBOOK_\(name.uppercased())"] = value }
        return CommandPlan(
            step: step.id, suggested: suggested, command: command, host: commandHost,
            confirmation: confirmation, background: run.background, interactive: run.interactive,
            timeout: run.timeout ?? runbook.defaultTimeout ?? config.defaultTimeout,
            environment: environment, secrets: secretValues)
    }
}
