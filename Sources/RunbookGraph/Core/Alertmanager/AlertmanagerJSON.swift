import Foundation

/// Reads and writes the JSON of Alertmanager's API v2: the alert list, a new
/// silence's id, a silence's state, and the body that creates a silence.
/// Whatever the server sends, the answer is a value or an error that says
/// what was wrong with it; nothing is trusted to have the documented shape.
public enum AlertmanagerJSON {
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    /// `GET /api/v2/alerts`: a JSON array of alerts. Members that are not
    /// alerts (no labels, no fingerprint) make the whole answer malformed:
    /// a half-read inbox would hide alerts without saying so.
    public static func alerts(_ text: String) throws(Malformed) -> [FiringAlert] {
        let json = try parse(text)
        guard case .array(let items) = json else {
            throw Malformed("expected a list of alerts, found \(kind(json))")
        }
        var out: [FiringAlert] = []
        for (n, item) in items.enumerated() {
            guard case .object = item else { throw Malformed("alert \(n + 1) is \(kind(item)), not an object") }
            guard case .object? = item["labels"] else { throw Malformed("alert \(n + 1) has no labels") }
            guard let fingerprint = item["fingerprint"]?.scalarText, !fingerprint.isEmpty else {
                throw Malformed("alert \(n + 1) has no fingerprint")
            }
            let status = item["status"]
            let state = status?["state"]?.scalarText.flatMap(FiringAlert.State.init(rawValue:)) ?? .active
            out.append(
                FiringAlert(
                    fingerprint: fingerprint, labels: AlertParser.strings(item["labels"]),
                    annotations: AlertParser.strings(item["annotations"]),
                    startsAt: item["startsAt"]?.scalarText ?? "", state: state,
                    silencedBy: strings(status?["silencedBy"]), inhibitedBy: strings(status?["inhibitedBy"])))
        }
        return out
    }

    /// `POST /api/v2/silences` answers `{"silenceID": "…"}`.
    public static func silenceID(_ text: String) throws(Malformed) -> String {
        let json = try parse(text)
        guard let id = json["silenceID"]?.scalarText, !id.isEmpty else {
            throw Malformed("the answer names no silenceID")
        }
        return id
    }

    /// `GET /api/v2/silence/{id}`: the silence's state (`active`, `pending`, `expired`).
    public static func silenceState(_ text: String) throws(Malformed) -> String {
        let json = try parse(text)
        guard let state = json["status"]?["state"]?.scalarText else {
            throw Malformed("the answer gives no status.state for the silence")
        }
        return state
    }

    /// The body of `POST /api/v2/silences`: equality matchers only.
    public static func body(of silence: SilenceRequest) -> String {
        struct Matcher: Encodable { var name, value: String, isRegex = false, isEqual = true }
        struct Body: Encodable { var matchers: [Matcher], startsAt, endsAt, createdBy, comment: String }
        let body = Body(
            matchers: silence.matchers.map { Matcher(name: $0.name, value: $0.value) },
            startsAt: timestamp(silence.startsAt), endsAt: timestamp(silence.endsAt), createdBy: silence.createdBy,
            comment: silence.comment)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(body)) ?? Data(), as: UTF8.self)
    }

    /// The alert as the `Labels:` / `Annotations:` body the picker's paste reads:
    /// what the walk's `a` shows, and what the journal keeps as the alert's text.
    public static func text(of alert: FiringAlert) -> String {
        var lines = ["Labels:"]
        lines += alert.labels.keys.sorted().map { "- \($0) = \(alert.labels[$0]!)" }
        if !alert.annotations.isEmpty {
            lines.append("Annotations:")
            lines += alert.annotations.keys.sorted().map { "- \($0) = \(alert.annotations[$0]!)" }
        }
        lines.append("Fingerprint: \(alert.fingerprint)")
        if !alert.startsAt.isEmpty { lines.append("Since: \(alert.startsAt)") }
        return lines.joined(separator: "\n")
    }

    public static func timestamp(_ date: Date) -> String {
        // RFC 3339 in UTC, with milliseconds: 2026-11-26T03:12:00.000Z
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    static func parse(_ text: String) throws(Malformed) -> JSONText {
        do {
            return try JSONText.parse(text)
        } catch {
            throw Malformed("the answer is not JSON (\(error))")
        }
    }

    static func strings(_ value: JSONText?) -> [String] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap(\.scalarText)
    }

    static func kind(_ json: JSONText) -> String {
        switch json {
        case .object: "an object"
        case .array: "a list"
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        }
    }
}
