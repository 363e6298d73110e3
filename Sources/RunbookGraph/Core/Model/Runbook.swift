/// A runbook: a declarative graph of steps that an operator walks.
public struct Runbook: Sendable {
    public var id: String
    public var title: String
    public var description: String?
    public var source: String?
    /// The service or team the runbook belongs to (e.g. from a wiki page's front matter).
    public var service: String?
    /// Words to find the runbook by in the library picker.
    public var tags: [String] = []
    /// The file the runbook was loaded from, as given.
    public var path: String
    /// Which alerts this runbook handles; nil matches nothing automatically.
    public var match: Condition?
    public var variables: [Variable]
    public var start: String
    public var startLocation: SourceLocation
    public var steps: [Step]
    public var timebox: Timebox?
    /// Default `timeout:` of command steps.
    public var defaultTimeout: RunDuration?
    /// Shell that runs commands (`/bin/sh` when absent).
    public var shell: String?
    public var location: SourceLocation
    /// Extra patterns to redact in transcripts (besides the built-in ones).
    public var redact: [Pattern] = []
    /// Fingerprint of the file text it was loaded from (see `ContentHash`).
    public var contentHash: String = ""

    private var stepIndex: [String: Int]

    public init(
        id: String, title: String, description: String? = nil, source: String? = nil,
        path: String, match: Condition? = nil, variables: [Variable] = [], start: String,
        startLocation: SourceLocation, steps: [Step], timebox: Timebox? = nil,
        defaultTimeout: RunDuration? = nil, shell: String? = nil, location: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.description = description
        self.source = source
        self.path = path
        self.match = match
        self.variables = variables
        self.start = start
        self.startLocation = startLocation
        self.steps = steps
        self.timebox = timebox
        self.defaultTimeout = defaultTimeout
        self.shell = shell
        self.location = location
        var index: [String: Int] = [:]
        for (i, step) in steps.enumerated() where index[step.id] == nil { index[step.id] = i }
        self.stepIndex = index
    }

    public func step(_ id: String) -> Step? {
        stepIndex[id].map { steps[$0] }
    }

    public func variable(_ name: String) -> Variable? {
        variables.first { $0.name == name }
    }
}
