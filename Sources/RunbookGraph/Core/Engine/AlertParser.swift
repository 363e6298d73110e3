import Foundation

/// Turns what an operator has in hand into an `Alert`: Alertmanager webhook
/// JSON, the `Labels:` / `Annotations:` body an alert e-mail or page shows
/// (with or without prose and Markdown fences around it), or a PagerDuty
/// incident title such as
/// `bluemix.containers-kubernetes.prod-dal10-carrier1.10.176.31.239_prometheus_scrape_failure.us-south`.
public enum AlertParser {
    public static func parse(_ text: String) -> Alert {
        var trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("\u{FEFF}") { trimmed = String(trimmed.dropFirst()).trimmingSpaces }
        var problem: String?
        if trimmed.hasPrefix("{") {
            do {
                if let alert = parseJSON(try JSONText.parse(trimmed), text: trimmed) { return alert }
                problem = "the JSON holds no labels or annotations (Alertmanager's 'alerts' or 'commonLabels')"
            } catch {
                problem = "the alert looks like JSON but is not valid JSON (\(error)); it was read as text"
            }
        }
        var alert = parseBody(text)
        alert.text = text
        alert.problem = problem
        return alert
    }

    // MARK: Alertmanager webhook (version 4)

    static func parseJSON(_ json: JSONText, text: String) -> Alert? {
        var labels = strings(json["commonLabels"])
        var annotations = strings(json["commonAnnotations"])
        var first: JSONText?
        if case .array(let alerts)? = json["alerts"] {
            first = alerts.first
        } else if json["labels"] != nil {
            first = json
        }
        if let first {
            labels.merge(strings(first["labels"])) { _, new in new }
            annotations.merge(strings(first["annotations"])) { _, new in new }
        }
        guard !labels.isEmpty || !annotations.isEmpty else { return nil }
        let title = annotations["summary"] ?? labels["alertname"]
        var alert = Alert(title: title, labels: labels, annotations: annotations, text: text)
        if let situation = labels["alert_situation"] {
            alert.labels.merge(derivedFromTitle(situation)) { old, _ in old }
        }
        return alert
    }

    static func strings(_ value: JSONText?) -> [String: String] {
        guard case .object(let members)? = value else { return [:] }
        var out: [String: String] = [:]
        for (k, v) in members { if let s = v.scalarText { out[k] = s } }
        return out
    }

    // MARK: text body

    enum Section { case none, labels, annotations }

    static func parseBody(_ text: String) -> Alert {
        var labels: [String: String] = [:]
        var annotations: [String: String] = [:]
        var title: String?
        var section = Section.none
        // Character.isNewline: "\r\n" is one Character in Swift, equal to neither "\r" nor "\n".
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            var line = raw.trimmingSpaces
            if line.hasPrefix("```") || line.hasPrefix("~~~") { continue }
            let lowered = line.lowercased()
            if lowered == "labels:" {
                section = .labels
                continue
            }
            if lowered == "annotations:" {
                section = .annotations
                continue
            }
            if line.isEmpty { continue }
            if line.hasPrefix("- ") || line.hasPrefix("* ") {
                line = String(line.dropFirst(2)).trimmingSpaces
                if let (key, value) = keyValue(line), section != .none {
                    if section == .labels { labels[key] = value } else { annotations[key] = value }
                    continue
                }
                line = line.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            } else if section != .none, let (key, value) = keyValue(line) {
                if section == .labels { labels[key] = value } else { annotations[key] = value }
                continue
            } else {
                section = .none
            }
            let candidate = line.trimmingCharacters(in: CharacterSet(charactersIn: "`"))
            if title == nil, titleParts(candidate) != nil { title = candidate }
        }
        var alert = Alert(title: title, labels: labels, annotations: annotations, text: text)
        if let title { alert.labels.merge(derivedFromTitle(title)) { old, _ in old } }
        if let situation = labels["alert_situation"] {
            alert.labels.merge(derivedFromTitle(situation)) { old, _ in old }
        }
        if title == nil, let summary = annotations["summary"] { alert.title = summary }
        return alert
    }

    /// `key = value` (the seed's body) or `key: value`.
    static func keyValue(_ line: String) -> (String, String)? {
        for separator in [" = ", "=", ": "] {
            guard let range = line.range(of: separator) else { continue }
            let key = line[..<range.lowerBound].trimmingSpaces
            let value = line[range.upperBound...].trimmingSpaces
            let isKey =
                !key.isEmpty
                && key.utf8.allSatisfy {
                    ASCII.isAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
                        || $0 == UInt8(ascii: ".")
                }
            if isKey { return (key, value) }
        }
        return nil
    }

    // MARK: PagerDuty titles

    struct TitleParts {
        var environment: String
        var ip: String
        var port: String?
        var situation: String
        var region: String?
    }

    nonisolated(unsafe) static let titleRegex = try! Regex(
        #"^(?:[A-Za-z0-9-]+\.[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)\.(\d{1,3}(?:\.\d{1,3}){3})(?::(\d+))?_(.*?)(?:\.([a-z]+-[a-z]+))?$"#
    )

    static func titleParts(_ title: String) -> TitleParts? {
        guard let match = try? titleRegex.wholeMatch(in: title) else { return nil }
        func group(_ i: Int) -> String? { match.output[i].substring.map(String.init) }
        guard let environment = group(1), let ip = group(2), let situation = group(4) else { return nil }
        return TitleParts(environment: environment, ip: ip, port: group(3), situation: situation, region: group(5))
    }

    /// Labels a title implies: `hostname`, `port`, `instance`, `carrier_name`,
    /// `environment`, `service`, `alert_situation`, `region`. Also reads a bare
    /// situation such as `10.176.31.239_node-exporter_scrape_failure`.
    public static func derivedFromTitle(_ title: String) -> [String: String] {
        var out: [String: String] = [:]
        let parts = titleParts(title) ?? titleParts("x.\(title)")
        guard let parts else { return out }
        out["hostname"] = parts.ip
        if let port = parts.port {
            out["port"] = port
            out["instance"] = "\(parts.ip):\(port)"
        }
        if parts.environment != "x" {
            out["environment"] = parts.environment
            if parts.environment.contains("carrier") { out["carrier_name"] = parts.environment }
        }
        if let region = parts.region { out["region"] = region }
        var situation = Substring(parts.situation)
        while situation.first == "_" { situation.removeFirst() }
        out["alert_situation"] = "\(parts.ip)_\(situation)"
        for suffix in ["_scrape_failure", "scrape_failure"] where situation.hasSuffix(suffix) {
            var service = situation.dropLast(suffix.count)
            while service.last == "_" { service.removeLast() }
            while service.first == "_" { service.removeFirst() }
            if !service.isEmpty { out["service"] = String(service) }
            break
        }
        return out
    }
}
