import RunbookGraph
import Foundation
/// Searching the output as less and vim do: `/` asks, `n` and `N` go to
/// the next and the previous match, wrapping around with a word that says so.
extension App {
    static func findMatch(_ state: inout AppState, forward: Bool) {
        guard let walk = state.walk else { return }
        guard let term = walk.search else {
            state.status = "No search yet: press / to search the output."
            return
        }
        let lines = Array(walk.output.visible)
        let hits = lines.indices.filter { lines[$0].text.localizedCaseInsensitiveContains(term) }
        guard !hits.isEmpty else {
            state.status = "Not found: \(term)"
            return
        }
        let from = walk.searchHit ?? (forward ? -1 : lines.count)
        var hit = forward ? hits.first { $0 > from } : hits.last { $0 < from }
        if hit == nil {
            hit = forward ? hits.first : hits.last
            if walk.searchHit != nil {
                state.status = forward ? "Search wrapped to the top." : "Search wrapped to the bottom."
            }
        }
        guard let line = hit else { return }
        state.walk?.searchHit = line
        state.walk?.scroll = max(0, lines.count - 1 - line)
        if state.status == nil {
            state.status = "Match \((hits.firstIndex(of: line) ?? 0) + 1) of \(hits.count): \(term)"
        }
    }
}
