/// Which alerting rules the library's runbooks handle (`runbook coverage`).
public struct Coverage: Sendable {
    public struct Covered: Sendable {
        public var rule: AlertRule
        public var runbooks: [String]
    }

    public struct BrokenLink: Sendable {
        public var rule: AlertRule
        public var url: String
    }

    /// Rules whose alert some runbook's `match:` fits, with those runbooks.
    public var covered: [Covered] = []
    /// Rules no runbook matches.
    public var uncovered: [AlertRule] = []
    /// Runbooks that match none of the rules (`hasMatch`: it has a `match:` at all).
    public var unused: [(runbook: Runbook, hasMatch: Bool)] = []
    /// `runbook_url` annotations that name no runbook of the library.
    public var brokenLinks: [BrokenLink] = []

    public var hasGaps: Bool { !uncovered.isEmpty || !unused.isEmpty || !brokenLinks.isEmpty }

    public init(rules: [AlertRule], library: [Runbook]) {
        var used: Set<String> = []
        for rule in rules {
            let ids = Triage.rank(library, alert: rule.alert).map(\.runbook.id)
            if ids.isEmpty {
                uncovered.append(rule)
            } else {
                covered.append(Covered(rule: rule, runbooks: ids))
                used.formUnion(ids)
            }
            if let url = rule.runbookURL, Self.runbook(at: url, in: library) == nil {
                brokenLinks.append(BrokenLink(rule: rule, url: url))
            }
        }
        unused = library.filter { !used.contains($0.id) }.map { ($0, $0.match != nil) }
    }

    /// The runbook a `runbook_url` points at: one whose `source:` is that
    /// address, or whose id or file name is the address's last part or its
    /// `#fragment` (`…/runbooks/kube-pod-crashlooping.md`, `…/runbook.md#alert-name-x`).
    /// Compared without case, extension or punctuation: `KubePodCrashLooping`,
    /// `kube-pod-crash-looping` and `kube_pod_crashlooping.md` are one name.
    public static func runbook(at url: String, in library: [Runbook]) -> Runbook? {
        let address = normalisedAddress(url)
        if let bySource = library.first(where: { $0.source.map(normalisedAddress) == address }) { return bySource }
        var candidates: [String] = []
        let parts = url.split(separator: "#", maxSplits: 1).map(String.init)
        if parts.count == 2 { candidates.append(parts[1]) }
        let beforeQuery = parts[0].split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        if let last = beforeQuery.split(separator: "/").last { candidates.append(String(last)) }
        let names = Set(candidates.map(key).filter { !$0.isEmpty })
        guard !names.isEmpty else { return nil }
        return library.first { names.contains(key($0.id)) || names.contains(key(fileName($0.path))) }
    }

    static func normalisedAddress(_ url: String) -> String {
        var s = url.lowercased()
        for scheme in ["https://", "http://"] where s.hasPrefix(scheme) { s.removeFirst(scheme.count) }
        while s.hasSuffix("/") { s.removeLast() }
        return s
    }

    static func fileName(_ path: String) -> String {
        String(path.split(separator: "/").last ?? "")
    }

    /// Letters and digits only, lowercased, without a file extension.
    static func key(_ name: String) -> String {
        var n = name.lowercased()
        for ext in [".md", ".html", ".htm", ".yaml", ".yml"] where n.hasSuffix(ext) { n.removeLast(ext.count) }
        // "alert-name-kubepodcrashlooping" (GitHub's anchor of a "## Alert Name: …" heading).
        if n.hasPrefix("alert-name-") { n.removeFirst("alert-name-".count) }
        return String(
            n.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }.map(Character.init))
    }
}
