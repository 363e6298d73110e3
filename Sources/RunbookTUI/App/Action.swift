import RunbookGraph

/// Everything that can happen to the app.
enum Action {
    case key(Key)
    case resize(width: Int, height: Int)
    /// A second passed (elapsed time, spinner, time-boxes).
    case tick
    case command(id: Int, ExecutionEvent)
    /// What the output told for suggestion key `key`: the suggestion and the
    /// captured values (nil: the patterns took longer than the budget).
    case suggested(key: String, StepReading?)
    /// The runtime started command `id` as process group `group`.
    case commandSpawned(id: Int, group: Int32)
    /// The interactive command the runtime ran with the terminal finished.
    case interactiveFinished(id: Int, RecordedResult)
    /// The runtime could not start a command.
    case commandFailed(id: Int, String)
    case exported(path: String)
    case exportFailed(String)
    /// What the runtime has to say about an effect (a link opened, what a copy did).
    case said(String)
    /// Alertmanager's alerts, matched against the library; or why they could not be read.
    case alertsRead(AlertInbox)
    case alertsFailed(String)
    /// Alertmanager made the silence (its id), or could not.
    case silenceCreated(SilenceRequest, address: String, id: String)
    case silenceExpired(id: String)
    case silenceFailed(String)
    /// The earlier walks of the journal folders.
    case historyRead(WalkMemory)
}

/// What the runtime does for the app; results come back as actions. Each
/// carries everything the runtime needs: it never reads the state.
enum Effect {
    /// Work out the suggestion for `session` (its key) off the UI thread.
    case suggest(key: String, session: Session)
    /// Run a command whose start is journaled already.
    case start(CommandLaunch)
    /// Stop a command, in the foreground or a background job.
    case cancel(id: Int)
    /// `what`: "the command", "the link", for the line that says what happened.
    case copy(String, what: String)
    /// Open an address in a browser.
    case open(url: String)
    /// Write the walk's transcript (with the practice debrief) to a new file at `path`.
    case export(session: Session, scenario: Scenario?, path: String)
    /// Read Alertmanager's alerts and match each against `library`.
    case fetchAlerts(catalog: LibraryCatalog)
    /// Create the silence in Alertmanager.
    case createSilence(SilenceRequest)
    case expireSilence(id: String)
    /// Read the walks of these journal folders (for the picker's and the walk's memory).
    case readHistory(folders: [String], catalog: LibraryCatalog, index: String?)
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    case suspend
    case quit
}

/// A command to run, exactly as its start was journaled.
struct CommandLaunch {
    /// The walk's id for it: its events come back as `.command(id:…)`.
    var id: Int
    var request: CommandRequest
    /// With the terminal (an editor, a shell, a pager).
    var interactive = false
    /// Practice: the recorded incident replays it; nothing runs.
    var replay: Scenario?
}
