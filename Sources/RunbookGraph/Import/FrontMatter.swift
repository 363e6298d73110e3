/// What the importer takes from a Jekyll, Hugo or Middleman front matter:
/// the title, a description, the service, tags and the page's own link.
struct FrontMatter: Sendable {
    var title: String?
    var description: String?
    var service: String?
    var tags: [String] = []
    /// `link:`, `permalink:` or `url:`: where the page is published.
    var link: String?
    var alertName: String?

    init() {}

    /// Reads `key: value` (YAML) or `key = "value"` (TOML) lines at the top
    /// level; nested structures are skipped, nothing here can fail.
    init(_ text: String, toml: Bool) {
        var values: [String: String] = [:]
        var lists: [String: [String]] = [:]
        var currentList: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let indented = line.first == " " || line.first == "\t"
            let trimmed = line.trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if indented || trimmed.hasPrefix("- ") {
                if let key = currentList, trimmed.hasPrefix("- ") {
                    lists[key, default: []].append(Self.unquote(String(trimmed.dropFirst(2))))
                }
                continue
            }
            let separator: Character = toml ? "=" : ":"
            guard let index = trimmed.firstIndex(of: separator) else { currentList = nil; continue }
            let key = trimmed[..<index].trimmingSpaces.lowercased()
            let value = trimmed[trimmed.index(after: index)...].trimmingSpaces
            currentList = value.isEmpty ? key : nil
            if value.hasPrefix("[") && value.hasSuffix("]") {
                lists[key] = value.dropFirst().dropLast().split(separator: ",").map { Self.unquote($0.trimmingSpaces) }
                    .filter { !$0.isEmpty }
            } else if !value.isEmpty, values[key] == nil {
                values[key] = Self.unquote(value)
            }
        }
        title = values["runbook-name"] ?? values["title"] ?? values["linktitle"]
        description = values["description"] ?? values["summary"]
        service = values["service"] ?? values["team"] ?? values["owner_slack"]
        if let list = lists["tags"] {
            tags = list
        } else if let line = values["tags"] {
            tags = line.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        }
        link = values["link"] ?? values["permalink"] ?? values["url"]
        alertName = values["alert"] ?? values["alertname"] ?? values["alert_name"]
    }

    static func unquote(_ value: String) -> String {
        var v = value
        if v.count >= 2, let first = v.first, first == "\"" || first == "'", v.last == first {
            v = String(v.dropFirst().dropLast())
        }
        return v
    }
}
