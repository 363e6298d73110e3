/// The runbook the importer builds before it is written as YAML: plain
/// values, ids already unique, every `next` resolved to a step id or a link.
struct DraftRunbook: Sendable {
    var id: String
    var title: String
    var description: String?
    var source: String?
    var service: String?
    var tags: [String] = []
    var match: [DraftCondition] = []
    var variables: [DraftVariable] = []
    var start: String = ""
    var steps: [DraftStep] = []
    /// Parts of the document read ahead on other cores that joined the flow, and those read again in order.
    var partsJoined = 0
    var partsReadAgain = 0
}

struct DraftVariable: Equatable, Sendable {
    var name: String
    var description: String
    var from: [String] = []
    var ask: String?
    var defaultValue: String?
    var choices: [(label: String, value: String)] = []

    static func == (a: DraftVariable, b: DraftVariable) -> Bool {
        a.name == b.name && a.description == b.description && a.from == b.from && a.ask == b.ask
            && a.defaultValue == b.defaultValue
            && a.choices.map(\.label) == b.choices.map(\.label) && a.choices.map(\.value) == b.choices.map(\.value)
    }
}

/// The conditions the importer writes (a subset of the format's).
indirect enum DraftCondition: Equatable, Sendable {
    case alertContains(String)
    case label(String, String)
    case outputMatches(String)
    /// The command took longer than this (`10s`, `2m`).
    case durationOver(String)
    case not(DraftCondition)
}

enum DraftTarget: Equatable, Sendable {
    case step(String)
    case link(runbook: String?, url: String?, title: String?, then: String?)
}

struct DraftOutcome: Equatable, Sendable {
    var id: String
    var label: String
    var when: DraftCondition?
    var next: DraftTarget
    /// The source's conditions this outcome answers "yes" to (`GuardCondition` ids).
    var affirms: [Int] = []
}

struct DraftCommand: Equatable, Sendable {
    var command: String
    var confirm = false
    var background = false
    var interactive = false
    /// The source's conditions this command stands under (`GuardCondition` ids):
    /// no path may reach it without answering each of them "yes".
    var guards: [Int] = []
    /// The variable the source set from this command's output (`export NAME="$(command)"`).
    var captures: String?
}

struct DraftStep: Sendable {
    var id: String
    var title: String
    var text: [String] = []
    var run: DraftCommand?
    /// A regular expression whose named groups the step reads out of its output.
    var capture: String?
    var outcomes: [DraftOutcome] = []
    /// One way on; nil with no outcomes and no end means "the step after me" until linked.
    var next: DraftTarget?
    var end: Ending.Status?
    var to: String?
    var links: [(title: String, url: String)] = []
    var review: [String] = []
    /// Line in the Markdown source, for review notes and the report.
    var line: Int
    /// Set on decision steps (for the report).
    var isDecision = false
    /// Lines of the sentences whose questions this step's outcomes answer, where
    /// they are not the step's own line (a check that runs before the question).
    var questionLines: [Int] = []

    var isEnd: Bool { end != nil }
}

/// Makes ids in the format's alphabet, unique within one runbook.
struct IDMaker {
    private var used: Set<String> = []
    /// The next suffix to try per base, so many equal titles stay linear.
    private var next: [String: Int] = [:]

    /// `Verify calico-node is running!` -> `verify-calico-node-is-running`
    /// (with `_` as the separator, a variable name: `pod name` -> `pod_name`).
    static func slug(_ text: String, separator: UInt8 = 0x2D, maxLength: Int = 40) -> String {
        // ASCII letters and digits on UTF-8 bytes; everything else separates words.
        var out: [UInt8] = []
        var dash = false
        var inLinkTarget = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            // Skip the `(url)` of a `[text](url)` link.
            if inLinkTarget { if byte == 0x29 { inLinkTarget = false }; previous = byte; continue }
            if byte == 0x28, previous == 0x5D { inLinkTarget = true; continue }
            previous = byte
            let lower = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) {
                if dash, !out.isEmpty { out.append(separator) }
                dash = false
                out.append(lower)
                if out.count > maxLength + 20 { break }
            } else {
                dash = true
            }
        }
        if out.count > maxLength {
            out = Array(out.prefix(maxLength))
            if let dashAt = out.lastIndex(of: separator) { out = Array(out[..<dashAt]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func make(_ text: String, fallback: String = "step") -> String {
        make(base: Self.base(text, fallback: fallback))
    }

    /// What an id for `text` is made from, before a suffix makes it unique.
    static func base(_ text: String, fallback: String) -> String {
        let slug = slug(text)
        return slug.isEmpty ? fallback : slug
    }

    mutating func make(base: String) -> String {
        var id = base
        var n = next[base] ?? 2
        while !used.insert(id).inserted {
            id = "\(base)-\(n)"
            n += 1
        }
        next[base] = n
        return id
    }

    mutating func reserve(_ id: String) { used.insert(id) }
}
