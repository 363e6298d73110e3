/// What an "Example alerts" section says: the PagerDuty titles and the
/// labels and annotations of an example body.
struct ExampleAlerts {
    var titles: [String] = []
    var labels: [String: String] = [:]
    var annotations: [String: String] = [:]

    var isEmpty: Bool { titles.isEmpty && labels.isEmpty }

    /// Reads the blocks of the section (any nesting of lists, paragraphs and code).
    init(blocks: [MarkdownDocument.Block]) {
        for block in blocks {
            switch block {
            case .listItem(_, _, let text, _), .paragraph(let text, _):
                let spans = MarkdownInline.codeSpans(text)
                let candidates = spans.isEmpty ? [MarkdownInline.plain(text)] : spans
                for candidate in candidates
                where Self.isTitle(candidate) && !titles.contains(candidate) && titles.count < 50 {
                    titles.append(candidate)
                }
                if text.contains("=") || text.lowercased().hasPrefix("labels") { absorb(AlertParser.parse(text)) }
            case .code(_, let text, _):
                absorb(AlertParser.parse(text))
            default:
                break
            }
        }
    }

    /// A one-word alert title such as `env.service.host_situation.region`.
    static func isTitle(_ text: String) -> Bool {
        text.count >= 10 && text.count <= 300 && !text.contains(" ") && (text.contains(".") || text.contains("_"))
            && !text.hasPrefix("http") && !text.contains("=")
    }

    private mutating func absorb(_ alert: Alert) {
        labels.merge(alert.labels) { old, _ in old }
        annotations.merge(alert.annotations) { old, _ in old }
        if let title = alert.title, Self.isTitle(title), !titles.contains(title), titles.count < 50 {
            titles.append(title)
        }
    }

    /// Values of the example alert worth turning back into placeholders:
    /// specific ones (with a digit, at least 6 characters), from the body
    /// first, then from what the first title implies.
    var exampleValues: [(label: String, value: String)] {
        var values = labels
        if let title = titles.first {
            values.merge(AlertParser.derivedFromTitle(title)) { old, _ in old }
        }
        return values.keys.sorted().compactMap { key in
            let value = values[key]!
            guard value.count >= 6, value.contains(where: \.isNumber), !value.contains(" "),
                Self.isIdentifier(key)
            else { return nil }
            return (key, value)
        }
        .sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.label < $1.label }
    }

    /// `match:` rules: the alert name, and the longest text all titles share.
    var matchConditions: [DraftCondition] {
        var out: [DraftCondition] = []
        if let name = labels["alertname"], !name.isEmpty { out.append(.label("alertname", name)) }
        if titles.count >= 2, let common = Self.longestCommonSubstring(titles), common.count >= 6 {
            out.append(.alertContains(common))
        } else if titles.count == 1, let situation = AlertParser.derivedFromTitle(titles[0])["alert_situation"] {
            // One title: its situation without the IP, e.g. `_scrape_failure`.
            let tail = situation.drop { $0 != "_" }
            if tail.count >= 6 { out.append(.alertContains(String(tail))) }
        }
        return out
    }

    /// The page's own published address, when the example body names it.
    var runbookURL: String? {
        annotations["runbook"] ?? annotations["runbook_url"]
    }

    static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
        }
    }

    /// Longest substring common to every string (bounded inputs: at most 50
    /// of 300 characters). Binary search on the length: a common substring
    /// of length n has common substrings of every shorter length.
    static func longestCommonSubstring(_ strings: [String]) -> String? {
        guard let shortest = strings.min(by: { $0.count < $1.count }), !shortest.isEmpty else { return nil }
        let chars = Array(shortest)
        func common(length: Int) -> String? {
            var seen: Set<String> = []
            for start in 0...(chars.count - length) {
                let candidate = String(chars[start..<(start + length)])
                guard seen.insert(candidate).inserted else { continue }
                if strings.allSatisfy({ $0.containsBytes(candidate) }) { return candidate }
            }
            return nil
        }
        var low = 1, high = chars.count
        var best: String?
        while low <= high {
            let mid = (low + high) / 2
            if let found = common(length: mid) {
                best = found
                low = mid + 1
            } else {
                high = mid - 1
            }
        }
        return best
    }
}
