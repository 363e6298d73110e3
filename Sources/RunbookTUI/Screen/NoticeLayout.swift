/// Where a notice box's text falls: the view draws it, and update scrolls it
/// no further than its last page (one geometry for both).
enum NoticeLayout {
    /// The text as the rows it is drawn in, on a screen `screenWidth` wide.
    static func lines(_ text: String, screenWidth: Int) -> [[Span]] {
        let inner = min(screenWidth - 8, 90)
        return text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            TextLayout.wrap([Span(text: String(line), style: .plain)], width: inner - 2)
        }
    }

    /// The first row the box can start at and still be full.
    static func lastTop(_ text: String, width: Int, height: Int) -> Int {
        let count = lines(text, screenWidth: width).count
        return max(0, count - min(count, height - 6))
    }
}
