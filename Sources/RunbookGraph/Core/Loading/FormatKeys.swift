/// The keys each part of the format accepts: one list serves the decoder's
/// unknown-key checks and the did-you-mean suggestions.
enum FormatKeys {
    static let runbook = [
        "runbook", "title", "description", "source", "service", "tags", "match", "variables", "start", "steps",
        "timebox", "timeout", "shell", "redact"
    ]
    static let step = ["title", "text", "run", "capture", "outcomes", "next", "end", "to", "links", "timebox", "review"]
    static let capture = ["regex", "json"]
    static let timebox = ["after", "to", "url", "runbook", "snooze"]
    static let run = ["command", "host", "timeout", "confirm", "background", "interactive"]
    static let outcome = ["label", "when", "next"]
    static let link = ["runbook", "url", "title", "then"]
    static let reference = ["title", "url"]
    static let variable = [
        "description", "type", "from", "derive", "regex", "ask", "choices", "default",
        "pattern", "secret", "leading_dash"
    ]
    static let comparisons = Condition.Comparison.allCases.map(\.rawValue) + ["matches"]
    static let variableCondition = ["var"] + comparisons
    static let condition = [
        "all", "any", "not", "alert_contains", "alert_matches", "label", "label_matches",
        "output_contains", "output_matches", "exit_code", "duration_over", "duration_under",
        "timed_out", "var"
    ]
}
