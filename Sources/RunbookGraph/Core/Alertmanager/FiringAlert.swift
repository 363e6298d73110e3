/// One alert as Alertmanager's API v2 lists it (`GET /api/v2/alerts`).
public struct FiringAlert: Sendable, Equatable {
    /// Alertmanager's state: `active`, `suppressed` (silenced or inhibited) or `unprocessed`.
    public enum State: String, Sendable, Equatable {
        case active, suppressed, unprocessed
    }

    public var fingerprint: String
    public var labels: [String: String]
    public var annotations: [String: String]
    /// As Alertmanager wrote it (RFC 3339).
    public var startsAt: String
    public var state: State
    public var silencedBy: [String]
    public var inhibitedBy: [String]

    public init(
        fingerprint: String, labels: [String: String], annotations: [String: String] = [:], startsAt: String = "",
        state: State = .active, silencedBy: [String] = [], inhibitedBy: [String] = []
    ) {
        self.fingerprint = fingerprint
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.state = state
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
    }

    public var alertname: String { labels["alertname"] ?? "(no alertname)" }

    /// The alert a walk starts from, as if the operator had pasted it, with
    /// where it came from (`alertmanager` carries no user name or password).
    public func alert(from alertmanager: String) -> Alert {
        var alert = Alert(
            title: annotations["summary"] ?? labels["alertname"], labels: labels, annotations: annotations,
            text: AlertmanagerJSON.text(of: self))
        if let situation = labels["alert_situation"] {
            alert.labels.merge(AlertParser.derivedFromTitle(situation)) { old, _ in old }
        }
        alert.source = AlertSource(alertmanager: alertmanager, fingerprint: fingerprint, labels: labels)
        return alert
    }
}
