/// Typed access to composed YAML with diagnostics: every wrong type, unknown
/// key or duplicate key becomes a `file:line:column` error and reading goes on,
/// so one run reports every problem.
struct NodeReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: YAMLNode) -> SourceLocation { node.location(in: file) }

    mutating func error(_ node: YAMLNode, _ message: String) {
        diagnostics.append(.error(location(node), message))
    }

    mutating func warning(_ node: YAMLNode, _ message: String) {
        diagnostics.append(.warning(location(node), message))
    }

    /// The pairs of a mapping with string keys, duplicates and unknown keys reported.
    /// `what` names the mapping in messages ("step 'calico'"); `allowed` nil accepts any key.
    mutating func mapping(
        _ node: YAMLNode, _ what: @autoclosure () -> String, allowed: [String]?,
        duplicateNoun: String = "key"
    ) -> [(key: String, keyNode: YAMLNode, value: YAMLNode)]? {
        guard case .mapping(let pairs) = node.content else {
            error(node, "\(what()) must be a mapping, not \(node.kindDescription)")
            return nil
        }
        // Small mappings (most of them) find duplicates by looking back, without a table.
        let small = pairs.count <= 16
        var seen: [String: YAMLNode] = [:]
        if !small { seen.reserveCapacity(pairs.count) }
        var out: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
        out.reserveCapacity(pairs.count)
        for (index, pair) in pairs.enumerated() {
            guard let key = pair.key.scalar else {
                error(pair.key, "keys of \(what()) must be plain text, not \(pair.key.kindDescription)")
                continue
            }
            let first = small ? pairs[..<index].first(where: { $0.key.scalar == key })?.key : seen[key]
            if let first {
                error(
                    pair.key,
                    "duplicate \(duplicateNoun) '\(key)' in \(what()) (first at \(first.line):\(first.column))")
                continue
            }
            if !small { seen[key] = pair.key }
            if let allowed, !allowed.contains(key) {
                error(pair.key, "unknown key '\(key)' in \(what())\(Suggestion.hint(for: key, in: allowed))")
                continue
            }
            out.append((key, pair.key, pair.value))
        }
        return out
    }

    mutating func string(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        switch node.content {
        case .scalar(let s, _):
            return s
        default:
            error(node, "\(what()) must be text, not \(node.kindDescription)")
            return nil
        }
    }

    /// A string that must not be empty.
    mutating func nonEmptyString(_ node: YAMLNode, _ what: @autoclosure () -> String) -> String? {
        guard let s = string(node, what()) else { return nil }
        if s.utf8.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 10 || $0 == 13 }) {
            error(node, "\(what()) must not be empty")
            return nil
        }
        return s
    }

    mutating func bool(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Bool? {
        if case .scalar(let s, true) = node.content {
            switch s {
            case "true", "True", "TRUE", "yes", "Yes", "on": return true
            case "false", "False", "FALSE", "no", "No", "off": return false
            default: break
            }
        }
        error(node, "\(what()) must be true or false, not \(describe(node))")
        return nil
    }

    mutating func int(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Int? {
        if case .scalar(let s, true) = node.content, let v = Int(s) { return v }
        error(node, "\(what()) must be a whole number, not \(describe(node))")
        return nil
    }

    mutating func duration(_ node: YAMLNode, _ what: @autoclosure () -> String) -> RunDuration? {
        guard let s = string(node, what()) else { return nil }
        guard let d = RunDuration(parsing: s) else {
            error(node, "invalid duration '\(s)' for \(what()); write a number with a unit: 500ms, 10s, 5m, 1h30m, 2d")
            return nil
        }
        return d
    }

    mutating func pattern(_ node: YAMLNode, _ what: @autoclosure () -> String) -> Pattern? {
        guard let s = string(node, what()) else { return nil }
        let p = Pattern(s, location: location(node))
        if let problem = RegexCache.problem(s) {
            self.error(node, "invalid regular expression '\(s)' in \(what()): \(problem)")
            return nil
        }
        return p
    }

    /// A list, or a single item read as a list of one.
    func list(_ node: YAMLNode) -> [YAMLNode] {
        if case .sequence(let items) = node.content { return items }
        return [node]
    }

    mutating func sequence(_ node: YAMLNode, _ what: @autoclosure () -> String) -> [YAMLNode]? {
        if case .sequence(let items) = node.content { return items }
        error(node, "\(what()) must be a list, not \(node.kindDescription)")
        return nil
    }

    func describe(_ node: YAMLNode) -> String {
        if let s = node.scalar { return "'\(s)'" }
        return node.kindDescription
    }

    /// The first line of a regex compile error, without Swift's decoration.
    static func regexProblem(_ error: any Error) -> String {
        let text = "\(error)"
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? text
        return firstLine.replacingPrefix("error: ", with: "")
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
