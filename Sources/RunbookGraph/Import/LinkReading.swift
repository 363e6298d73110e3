/// Which links point at other runbooks, what those are called, and where
/// relative links lead.
enum LinkReading {
    static let documentExtensions = [".html.md", ".md", ".markdown", ".html", ".htm"]
    static let imageExtensions = [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]

    /// A link to another runbook (rather than a dashboard or reference page):
    /// a relative document, or an absolute one the prose or the path calls a runbook.
    static func isRunbookLink(_ link: MarkdownInline.Link, context: String) -> Bool {
        guard !link.isImage, !link.target.hasPrefix("#"), !link.target.isEmpty else { return false }
        let path = stripped(link.target).lowercased()
        guard !imageExtensions.contains(where: { path.hasSuffix($0) }) else { return false }
        let isDocument = documentExtensions.contains { path.hasSuffix($0) }
        let absolute = path.hasPrefix("http://") || path.hasPrefix("https://")
        if !absolute { return isDocument || !path.contains(".") }
        let named =
            context.containsBytes("runbook") || link.text.lowercased().containsBytes("runbook")
            || path.containsBytes("runbook") || path.containsBytes("playbook")
        return named && (isDocument || path.hasSuffix("/"))
    }

    /// `./armada-tugboats.html#x` -> `armada-tugboats`; `docs/etcd/README.md` -> `etcd`.
    static func runbookID(_ target: String) -> String {
        var path = stripped(target)
        while path.hasSuffix("/") { path.removeLast() }
        var parts = path.split(separator: "/").map(String.init)
        guard var name = parts.popLast() else { return "runbook" }
        for ext in documentExtensions where name.lowercased().hasSuffix(ext) {
            name = String(name.dropLast(ext.count))
            break
        }
        if ["readme", "index", "_index"].contains(name.lowercased()), let parent = parts.last, !parent.contains(":") {
            name = parent
        }
        var id = ""
        for c in name.lowercased() {
            if c.isASCII, c.isLetter || c.isNumber || c == "-" || c == "_" || c == "." {
                id.append(c)
            } else {
                id.append("-")
            }
        }
        while let first = id.first, !(first.isLetter || first.isNumber) { id.removeFirst() }
        return id.isEmpty ? "runbook" : String(id.prefix(80))
    }

    /// Without `#anchor` and `?query`.
    static func stripped(_ target: String) -> String {
        var t = target
        if let i = t.firstIndex(where: { $0 == "#" || $0 == "?" }) { t = String(t[..<i]) }
        return t
    }

    /// Resolves `./x.html`, `../x.html` and `/x.html` against the page's own address.
    static func resolve(_ target: String, base: String?) -> String {
        guard let base, !target.hasPrefix("http://"), !target.hasPrefix("https://"), !target.hasPrefix("mailto:") else {
            return target
        }
        if target.hasPrefix("/") {
            // Scheme and host of an absolute base; a site-relative base has none.
            guard let schemeEnd = base.firstRange(of: "://") else { return target }
            let afterScheme = base[schemeEnd.upperBound...]
            let host = afterScheme.prefix { $0 != "/" }
            return String(base[..<schemeEnd.upperBound]) + host + target
        }
        var dir = base.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        dir.removeLast()  // the page itself
        var rest = target.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        while let first = rest.first, first == "." || first == ".." {
            if first == "..", dir.count > 3 || !base.containsBytes("://") { dir.removeLast() }
            rest.removeFirst()
        }
        return (dir + rest).joined(separator: "/")
    }
}
