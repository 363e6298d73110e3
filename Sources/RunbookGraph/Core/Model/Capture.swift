/// Values a step reads out of its command's output (`capture:`), for later
/// steps to use: a regular expression whose named groups are the values, or
/// JSON paths into output that is JSON (`kubectl -o json`, an API's answer).
public struct Capture: Sendable {
    public enum Kind: Sendable {
        /// Each named group `(?<name>…)` is a value.
        case regex(Pattern)
        /// Each name reads the value at its path.
        case json([(name: String, path: JSONPath)])
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The names it sets, in the order written.
    public var names: [String] {
        switch kind {
        case .regex(let pattern): return Capture.groupNames(in: pattern.source)
        case .json(let paths): return paths.map(\.name)
        }
    }

    /// The named groups of a regular expression: `(?<name>…)` and `(?P<name>…)`.
    public static func groupNames(in source: String) -> [String] {
        var names: [String] = []
        let chars = Array(source)
        var i = 0
        while i < chars.count {
            if chars[i] == "\\" {
                i += 2
                continue
            }
            if chars[i] == "(", i + 2 < chars.count, chars[i + 1] == "?" {
                var j = i + 2
                if j < chars.count, chars[j] == "P" { j += 1 }
                if j < chars.count, chars[j] == "<", j + 1 < chars.count, chars[j + 1] != "=", chars[j + 1] != "!" {
                    var name = ""
                    j += 1
                    while j < chars.count, chars[j] != ">" {
                        name.append(chars[j])
                        j += 1
                    }
                    if !name.isEmpty { names.append(name) }
                }
            }
            i += 1
        }
        return names
    }
}

/// A path into JSON: `.items[0].metadata.name`, `$.spec.ports[0].port`,
/// `.metadata["app.kubernetes.io/name"]`.
public struct JSONPath: Sendable, Equatable, CustomStringConvertible {
    public enum Component: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var components: [Component]
    public var description: String

    /// Parses `text`; nil (with why) when it is not a path.
    public static func parse(_ text: String) -> Result<JSONPath, PathError> {
        var chars = Array(text.trimmingSpaces)[...]
        if chars.first == "$" { chars = chars.dropFirst() }
        var components: [Component] = []
        while let c = chars.first {
            if c == "." {
                chars = chars.dropFirst()
                let key = chars.prefix { $0 != "." && $0 != "[" }
                guard !key.isEmpty else { return .failure(PathError("a '.' must be followed by a key")) }
                components.append(.key(String(key)))
                chars = chars.dropFirst(key.count)
            } else if c == "[" {
                guard let close = chars.firstIndex(of: "]") else { return .failure(PathError("a '[' is not closed")) }
                let inner = String(chars[chars.index(after: chars.startIndex)..<close])
                if let n = Int(inner), n >= 0 {
                    components.append(.index(n))
                } else if inner.count >= 2, let q = inner.first, q == "\"" || q == "'", inner.last == q {
                    components.append(.key(String(inner.dropFirst().dropLast())))
                } else {
                    return .failure(PathError("'[\(inner)]' is neither an index (0, 1, …) nor a quoted key"))
                }
                chars = chars[chars.index(after: close)...]
            } else if components.isEmpty {
                // A path may start with its first key: `items[0].name`.
                let key = chars.prefix { $0 != "." && $0 != "[" }
                components.append(.key(String(key)))
                chars = chars.dropFirst(key.count)
            } else {
                return .failure(PathError("expected '.' or '[' at '\(String(chars))'"))
            }
        }
        guard !components.isEmpty else { return .failure(PathError("the path is empty")) }
        return .success(JSONPath(components: components, description: text))
    }

    public struct PathError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        public init(_ text: String) { description = text }
    }
}
