/// One node of the graph: something to check or do, and where to go next.
///
/// A value type whose fields live in one copy-on-write box: every check, view
/// and engine step copies steps as it reads them, and a copy is then one
/// reference count instead of one per string, list and location.
public struct Step: Sendable, Identifiable {
    private struct Fields {
        var id: String
        var title: String
        var text: String?
        var run: CommandSpec?
        var capture: Capture?
        var outcomes: [Outcome]
        var end: Ending?
        var links: [Reference]
        var timebox: Timebox?
        var review: String?
        var location: SourceLocation
    }

    // Mutated only while uniquely referenced (see `fields`), as Array's buffer is.
    private final class Box: @unchecked Sendable {
        var fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    private var box: Box

    private var fields: Fields {
        get { box.fields }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.fields) }
            yield &box.fields
        }
    }

    public var id: String {
        get { box.fields.id }
        _modify { yield &fields.id }
    }
    public var title: String {
        get { box.fields.title }
        _modify { yield &fields.title }
    }
    /// Markdown-lite text: paragraphs, lists, `code`, **bold**, links.
    public var text: String? {
        get { box.fields.text }
        _modify { yield &fields.text }
    }
    public var run: CommandSpec? {
        get { box.fields.run }
        _modify { yield &fields.run }
    }
    /// Values read out of the command's output for later steps.
    public var capture: Capture? {
        get { box.fields.capture }
        _modify { yield &fields.capture }
    }
    /// Ways out of this step; empty on end steps.
    public var outcomes: [Outcome] {
        get { box.fields.outcomes }
        _modify { yield &fields.outcomes }
    }
    /// Set on a step that ends the walk.
    public var end: Ending? {
        get { box.fields.end }
        _modify { yield &fields.end }
    }
    /// Reference links shown with the step (dashboards, documents).
    public var links: [Reference] {
        get { box.fields.links }
        _modify { yield &fields.links }
    }
    public var timebox: Timebox? {
        get { box.fields.timebox }
        _modify { yield &fields.timebox }
    }
    /// A note left for a human reviewer (e.g. by the Markdown importer).
    public var review: String? {
        get { box.fields.review }
        _modify { yield &fields.review }
    }
    public var location: SourceLocation {
        get { box.fields.location }
        _modify { yield &fields.location }
    }

    public init(
        id: String, title: String, text: String? = nil, run: CommandSpec? = nil,
        outcomes: [Outcome] = [], end: Ending? = nil, links: [Reference] = [],
        timebox: Timebox? = nil, review: String? = nil, location: SourceLocation
    ) {
        box = Box(
            Fields(
                id: id, title: title, text: text, run: run, capture: nil, outcomes: outcomes, end: end, links: links,
                timebox: timebox, review: review, location: location))
    }

    public enum Kind: String, Sendable {
        case manual, command, end
    }

    public var kind: Kind {
        if end != nil { return .end }
        if run != nil { return .command }
        return .manual
    }
}

/// A command a step suggests.
public struct CommandSpec: Sendable {
    /// The command template; `{{name}}` is replaced by the shell-quoted value.
    public var command: String
    /// Run on this host (through the ssh template) instead of locally.
    public var host: String?
    public var timeout: RunDuration?
    /// Ask before running, showing the exact command.
    public var confirm: Bool
    /// Keep running while the walk goes on (e.g. `kubectl port-forward`).
    public var background: Bool
    /// Hand the terminal to the command (e.g. `top`).
    public var interactive: Bool
    public var location: SourceLocation
    public var commandLocation: SourceLocation

    public init(
        command: String, host: String? = nil, timeout: RunDuration? = nil, confirm: Bool = false,
        background: Bool = false, interactive: Bool = false, location: SourceLocation,
        commandLocation: SourceLocation
    ) {
        self.command = command
        self.host = host
        self.timeout = timeout
        self.confirm = confirm
        self.background = background
        self.interactive = interactive
        self.location = location
        self.commandLocation = commandLocation
    }
}

/// A way out of a step, chosen by the operator, possibly suggested by `when`.
public struct Outcome: Sendable, Identifiable {
    public var id: String
    public var label: String
    public var when: Condition?
    public var next: Next
    public var location: SourceLocation

    public init(id: String, label: String, when: Condition? = nil, next: Next, location: SourceLocation) {
        self.id = id
        self.label = label
        self.when = when
        self.next = next
        self.location = location
    }
}

/// Where an outcome leads.
public enum Next: Sendable {
    case step(String, SourceLocation)
    case link(RunbookLink)

    /// The step of this runbook the walk continues at, if any.
    public var stepID: String? {
        switch self {
        case .step(let id, _): return id
        case .link(let link): return link.then
        }
    }
}

/// A link to another runbook: followed inside the tool when the library has
/// it, shown as its URL otherwise. With `then`, the walk comes back to that
/// step afterwards; without it the walk is handed off to the linked runbook.
public struct RunbookLink: Sendable {
    public var runbook: String?
    public var url: String?
    public var title: String?
    public var then: String?
    public var location: SourceLocation
    public var thenLocation: SourceLocation?

    public init(
        runbook: String? = nil, url: String? = nil, title: String? = nil, then: String? = nil,
        location: SourceLocation, thenLocation: SourceLocation? = nil
    ) {
        self.runbook = runbook
        self.url = url
        self.title = title
        self.then = then
        self.location = location
        self.thenLocation = thenLocation
    }
}

/// A reference link shown with a step.
public struct Reference: Sendable {
    public var title: String
    public var url: String
    public var location: SourceLocation

    public init(title: String, url: String, location: SourceLocation) {
        self.title = title
        self.url = url
        self.location = location
    }
}

/// How a walk ended.
public struct Ending: Sendable {
    public enum Status: String, Sendable, CaseIterable {
        case resolved
        case escalated
        case handedOff = "handed-off"
    }

    public var status: Status
    /// Whom it was escalated or handed off to.
    public var to: String?

    public init(status: Status, to: String? = nil) {
        self.status = status
        self.to = to
    }
}
