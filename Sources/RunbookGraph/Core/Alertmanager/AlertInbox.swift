/// The firing alerts, grouped by alertname, each with the runbook `triage`
/// would pick for it and the values that runbook would get.
public struct AlertInbox: Sendable {
    public struct Entry: Sendable {
        public var alert: FiringAlert
        /// As the walk would get it (with its source).
        public var walkAlert: Alert
        /// The runbooks that match, best first.
        public var matches: [Triage.Match]

        public var best: Triage.Match? { matches.first }

        /// `name=value` for each value the best runbook would fill in from the alert.
        public var valuesText: String {
            guard let best else { return "" }
            return best.runbook.variables.compactMap { v in
                best.resolution.values[v.name].map { "\(v.name)=\(Self.short($0))" }
            }.joined(separator: " ")
        }

        /// The labels that tell this alert from the others of its group (not alertname, not severity).
        public var identity: String {
            let skip: Set<String> = ["alertname", "severity", "prometheus", "job"]
            let keys = alert.labels.keys.filter { !skip.contains($0) }.sorted()
            let preferred = ["instance", "hostname", "pod", "namespace", "service"].filter { keys.contains($0) }
            let shown = preferred.isEmpty ? Array(keys.prefix(2)) : preferred
            return shown.map { "\($0)=\(Self.short(alert.labels[$0]!))" }.joined(separator: " ")
        }

        /// A value as a list shows it: a 10 KB label is cut (the walk and `--json` have it whole).
        static func short(_ value: String) -> String {
            value.count > 80 ? String(value.prefix(79)) + "…" : value
        }
    }

    public struct Group: Sendable {
        public var alertname: String
        public var entries: [Entry]
    }

    public var groups: [Group]
    /// When the list was read (the Alertmanager's answer).
    public var address: String

    public var entries: [Entry] { groups.flatMap(\.entries) }
    /// Alerts that fire (not silenced or inhibited) and that no runbook matches.
    public var unhandled: [Entry] { entries.filter { $0.alert.state == .active && $0.matches.isEmpty } }

    /// Groups in name order, active alerts before suppressed ones, then oldest first.
    public init(_ alerts: [FiringAlert], library: [Runbook], address: String) {
        self.address = address
        var byName: [String: [Entry]] = [:]
        for alert in alerts {
            let walkAlert = alert.alert(from: address)
            byName[alert.alertname, default: []].append(
                Entry(alert: alert, walkAlert: walkAlert, matches: Triage.rank(library, alert: walkAlert)))
        }
        groups = byName.keys.sorted().map { name in
            Group(
                alertname: name,
                entries: byName[name]!.sorted {
                    let a = $0.alert.state == .active ? 0 : 1, b = $1.alert.state == .active ? 0 : 1
                    if a != b { return a < b }
                    if $0.alert.startsAt != $1.alert.startsAt { return $0.alert.startsAt < $1.alert.startsAt }
                    return $0.alert.fingerprint < $1.alert.fingerprint
                })
        }
    }
}
