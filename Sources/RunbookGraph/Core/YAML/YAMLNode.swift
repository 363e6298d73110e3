/// A composed YAML node that keeps where it came from.
///
/// Scalars stay strings: the loader decides what a scalar means from where it
/// stands, so `yes:` as an outcome id stays the string "yes" (no YAML 1.1
/// boolean surprises) and every value can be reported at its line and column.
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var line: Int
    public var column: Int
    /// Number of nodes in this subtree, itself included (bounds alias expansion).
    public var size: Int

    public func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: line, column: column)
    }

    /// What kind of node this is, in words for diagnostics.
    public var kindDescription: String {
        switch content {
        case .scalar: return "a scalar"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    public var scalar: String? {
        if case .scalar(let s, _) = content { return s }
        return nil
    }

    /// True for a plain `~`, `null` or empty scalar.
    public var isNull: Bool {
        if case .scalar(let s, let plain) = content {
            return plain && (s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL")
        }
        return false
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode
}
