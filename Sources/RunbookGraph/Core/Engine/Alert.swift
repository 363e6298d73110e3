/// The alert an operator has in hand, as fields a runbook can read.
public struct Alert: Sendable, Equatable {
    /// A one-line title, e.g. a PagerDuty incident title.
    public var title: String?
    public var labels: [String: String]
    public var annotations: [String: String]
    /// Everything the operator pasted, as pasted.
    public var text: String
    /// Why the text could not be read as what it looked like (JSON that is not
    /// valid), so it was read as plain text instead.
    public var problem: String?
    /// Where the alert came from when it was read from an Alertmanager (not pasted).
    public var source: AlertSource?

    public init(
        title: String? = nil, labels: [String: String] = [:], annotations: [String: String] = [:],
        text: String? = nil
    ) {
        self.title = title
        self.labels = labels
        self.annotations = annotations
        self.text = text ?? title ?? ""
    }

    /// `alert.NAME` as used by variables' `from:`: a label, then an
    /// annotation; `alert.title` is the title.
    public func field(_ name: String) -> String? {
        if let label = labels[name] { return label }
        if let annotation = annotations[name] { return annotation }
        if name == "title" { return title }
        return nil
    }

    /// What `alert_contains` and `alert_matches` search: the title, every
    /// label and annotation as `name=value`, and the pasted text.
    public var searchableText: String {
        var parts: [String] = []
        if let title { parts.append(title) }
        for key in labels.keys.sorted() { parts.append("\(key)=\(labels[key]!)") }
        for key in annotations.keys.sorted() { parts.append("\(key)=\(annotations[key]!)") }
        if text != title { parts.append(text) }
        return parts.joined(separator: "\n")
    }
}

/// The Alertmanager an alert was read from, and the alert's fingerprint there:
/// journaled, so a transcript can say which alert was walked.
public struct AlertSource: Sendable, Equatable, Codable {
    /// The Alertmanager's address, without any user name or password.
    public var alertmanager: String
    public var fingerprint: String
    /// The labels exactly as Alertmanager holds them (the alert's own may have
    /// more, derived from its title): a silence matches these.
    public var labels: [String: String]

    public init(alertmanager: String, fingerprint: String, labels: [String: String]) {
        self.alertmanager = alertmanager
        self.fingerprint = fingerprint
        self.labels = labels
    }
}
