import Foundation
import RunbookGraph
import RunbookRuntime

/// The composition root of the UI: from the command line's options to a
/// running event loop. It decides what the terminal can show (the locale's
/// glyphs, colour), which runner runs commands, where journals go, and opens
/// every walk (started, practised or resumed) in one place.
struct Program {
    let options: UIOptions
    /// The library: cards, read in full when a walk opens one.
    var catalog: LibraryCatalog
    /// `--journal`: where a walk started from this program is journaled.
    var journalPath: String?
    /// `--alertmanager`: the Alerts view and silences.
    var alertmanager: AlertmanagerClient?
    /// The open walk's journal: the environment's `journal` appends to whatever it holds.
    let journal = OpenJournal()

    init(options: UIOptions, catalog: LibraryCatalog) {
        self.options = options
        self.catalog = catalog
    }

    /// A program over runbooks already loaded (a resumed walk's, tests').
    init(options: UIOptions, library: [Runbook]) {
        self.init(options: options, catalog: LibraryCatalog(runbooks: library))
    }

    var operatorName: String { options.operatorName }

    /// The environment update runs with: real journals, remembered values in files.
    func environment(practice: Bool = true) -> AppEnvironment {
        var config = ExecutionConfig(sshTemplate: options.sshTemplateSetting.value)
        if let extra = try? DangerousCommands(extra: options.dangerousPatterns) { config.dangerous = extra }
        let catalog = self.catalog
        var env = AppEnvironment(
            catalog: catalog, open: { try catalog.runbook($0) }, startWalk: startWalk, journal: journal,
            memory: .files(RememberedValues()), operatorName: operatorName, now: { Date() }, config: config)
        env.alertmanager = alertmanager?.address
        env.historyFolders = [ConfigFile.journalFolder().value] + ConfigFile.sharedJournals().value
        env.historyIndex = JournalIndex.defaultPath()
        if practice { env.startPractice = { try self.practiceWalk(catalog.scenario($0), journal: nil) } }
        return env
    }

    /// The first state: glyphs and colours as this terminal and locale allow.
    func initialState(environment: [String: String] = ProcessInfo.processInfo.environment) -> AppState {
        let locale = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
        let utf8 = locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
        var state = AppState(width: 80, height: 24, screen: .picker, now: Date())
        state.display = DisplayOptions(
            ascii: options.ascii || !utf8,
            color: options.colorSetting(environment: environment).value)
        return state
    }

    // MARK: opening walks

    /// Starts a walk of `runbook` in a new journal (`--journal`, else the state folder).
    func startWalk(_ runbook: Runbook, alert: Alert, overrides: [String: String]) throws -> WalkState {
        let path =
            journalPath
            ?? JournalWriter.defaultPath(runbook: runbook.id, at: Date(), folder: ConfigFile.journalFolder().value)
        return try open(JournalWriter(path: path), at: path) { recorder in
            try recorder.start(
                runbook, library: catalog.walkLibrary(for: runbook), alert: alert, overrides: overrides,
                mode: options.dryRun ? .dryRun : .incident)
        }
    }

    /// Starts a practice walk of `scenario`, journaled like any walk.
    func practiceWalk(_ scenario: Scenario, journal path: String?) throws -> WalkState {
        guard let runbook = try? catalog.runbook(id: scenario.runbook) else {
            throw RunFailure("runbook '\(scenario.runbook)' of the scenario is not in the library")
        }
        let path =
            path
            ?? JournalWriter.defaultPath(
                runbook: "practice-\(scenario.id)", at: Date(), folder: ConfigFile.journalFolder().value)
        var walk = try open(JournalWriter(path: path), at: path) { recorder in
            try recorder.start(
                runbook, library: catalog.walkLibrary(for: runbook), alert: scenario.alert, overrides: scenario.answers,
                mode: .practice, scenario: scenario.path)
        }
        walk.scenario = scenario
        walk.hideSuggestions = !options.showSuggestions
        return walk
    }

    /// Goes on with a walk rebuilt from its journal, in the journal it goes on in.
    func resumeWalk(_ resumed: ResumedWalk) throws -> (WalkState, notes: [String]) {
        let (writer, notes) = try resumed.reopenJournal(operatorName: operatorName)
        return (try open(writer, at: writer.path) { _ in resumed.session }, notes)
    }

    /// Every walk opens here: its journal becomes the one update appends to.
    private func open(
        _ sink: @autoclosure () throws -> any JournalSink, at path: String,
        session: (Recorder) throws -> Session
    ) throws -> WalkState {
        let sink = try sink()
        let session = try session(Recorder(journal: sink, operatorName: operatorName))
        journal.sink = sink
        return WalkState(session: session, journalPath: path)
    }

    // MARK: running

    /// Runs the UI on the controlling terminal until the operator quits; the terminal is restored on every way out.
    @discardableResult
    func run(_ state: AppState, env: AppEnvironment, runner custom: (any CommandRunner)? = nil) throws -> AppState {
        guard ControllingTerminal.descriptor != nil else {
            throw RunFailure("the UI needs a terminal; for scripts use validate, triage, resume or export")
        }
        TerminalGuard.install()
        Escapees.becomeSubreaper()
        let runner: any CommandRunner = custom ?? (options.dryRun ? DryRunRunner() : ProcessRunner())
        let runtime = Runtime.system(runner: runner, gracePeriod: env.config.gracePeriod, alertmanager: alertmanager)
        let final = EventLoop(
            state: state, env: env, runtime: runtime,
            backend: CursesBackend(color: state.display.color)
        ).run()
        TerminalGuard.restore()
        sayWhereTheJournalIs(final)
        return final
    }

    /// For people, on standard error: standard output is for data (`practice --json`).
    func sayWhereTheJournalIs(_ final: AppState) {
        guard let walk = final.walk, let journal = walk.journalPath else { return }
        if case .ended(let status, _) = walk.session.phase {
            printError("Walk ended: \(status.rawValue). Journal: \(journal)")
            printError("Transcript: runbook export \(journal) --format markdown")
        } else {
            printError("Journal: \(journal)")
            printError("Resume with: runbook resume \(journal)")
        }
    }
}

/// The journal of the walk that is open, as a sink the environment can hold
/// before any walk exists (the picker opens one later).
final class OpenJournal: JournalSink {
    var sink: (any JournalSink)?

    func append(_ record: JournalRecord) throws {
        guard let sink else { throw JournalError("no walk is open") }
        try sink.append(record)
    }
}

extension ValueMemory {
    /// Kept in files, one per runbook (secret values never).
    static func files(_ store: RememberedValues) -> ValueMemory {
        ValueMemory(values: { store.values(for: $0) }, remember: { store.remember($0, for: $1, of: $2) })
    }
}

extension AppEnvironment {
    /// Walks journaled into `journal` in memory, values remembered nowhere:
    /// for benchmarks and tests that drive update without files.
    static func inMemory(
        library: [Runbook], journal: any JournalSink = MemoryJournal(), operatorName: String = "operator",
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> AppEnvironment {
        let recorder = Recorder(journal: journal, operatorName: operatorName, clock: now)
        let catalog = LibraryCatalog(runbooks: library)
        return AppEnvironment(
            catalog: catalog, open: { try catalog.runbook($0) },
            startWalk: { runbook, alert, overrides in
                WalkState(
                    session: try recorder.start(runbook, library: library, alert: alert, overrides: overrides),
                    journalPath: nil)
            }, journal: journal, operatorName: operatorName, now: now)
    }
}
