extension String {
    /// Text safe inside a Markdown table cell: pipes escaped, one line.
    var markdownCell: String {
        replacingOccurrences("|", with: "\\|").replacingOccurrences("\n", with: " ")
    }
}
