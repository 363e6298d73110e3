/// The runbook the importer builds before it is written as YAML: plain
/// values, ids already unique, every `next` resolved to a step id or a link.
struct DraftRunbook {
    var id: String
    var title: String
    var description: String?
    var source: String?
    var match: [DraftCondition] = []
    var variables: [DraftVariable] = []
    var start: String = ""
    var steps: [DraftStep] = []
}

struct DraftVariable: Equatable {
    var name: String
    var description: String
    var from: [String] = []
    var ask: String?
    var defaultValue: String?
}

/// The conditions the importer writes (a subset of the format's).
indirect enum DraftCondition: Equatable {
    case alertContains(String)
    case label(String, String)
    case outputMatches(String)
    case not(DraftCondition)
}

enum DraftTarget: Equatable {
    case step(String)
    case link(runbook: String?, url: String?, title: String?, then: String?)
}

struct DraftOutcome: Equatable {
    var id: String
    var label: String
    var when: DraftCondition?
    var next: DraftTarget
}

struct DraftCommand: Equatable {
    var command: String
    var confirm = false
    var background = false
    var interactive = false
}

struct DraftStep {
    var id: String
    var title: String
    var text: [String] = []
    var run: DraftCommand?
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

    var isEnd: Bool { end != nil }
}

/// Makes ids in the format's alphabet, unique within one runbook.
struct IDMaker {
    private var used: Set<String> = []

    /// `Verify calico-node is running!` -> `verify-calico-node-is-running`.
    static func slug(_ text: String, maxLength: Int = 40) -> String {
        var out = ""
        var dash = false
        for scalar in MarkdownInline.plain(text).lowercased().unicodeScalars {
            if scalar.isASCII, (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
                if dash, !out.isEmpty { out.append("-") }
                dash = false
                out.unicodeScalars.append(scalar)
            } else {
                dash = true
            }
        }
        if out.count > maxLength {
            let cut = out.prefix(maxLength)
            out = String(cut.contains("-") ? cut[..<cut.lastIndex(of: "-")!] : cut)
        }
        return out
    }

    mutating func make(_ text: String, fallback: String = "step") -> String {
        var base = Self.slug(text)
        if base.isEmpty { base = fallback }
        var id = base
        var n = 2
        while used.contains(id) {
            id = "\(base)-\(n)"
            n += 1
        }
        used.insert(id)
        return id
    }

    mutating func reserve(_ id: String) { used.insert(id) }
}
