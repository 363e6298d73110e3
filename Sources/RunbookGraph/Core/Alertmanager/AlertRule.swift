/// One alerting rule of a Prometheus rule file.
public struct AlertRule: Sendable, Equatable {
    public var name: String
    public var group: String
    public var labels: [String: String]
    public var annotations: [String: String]
    public var location: SourceLocation

    public init(
        name: String, group: String, labels: [String: String] = [:], annotations: [String: String] = [:],
        location: SourceLocation
    ) {
        self.name = name
        self.group = group
        self.labels = labels
        self.annotations = annotations
        self.location = location
    }

    /// The alert the rule fires, as far as a rule file tells: its name and
    /// static labels and annotations (templated values stay as written).
    public var alert: Alert {
        var labels = self.labels
        labels["alertname"] = name
        return Alert(title: annotations["summary"] ?? name, labels: labels, annotations: annotations, text: name)
    }

    /// The `runbook_url` annotation (or `runbook`, as some teams name it).
    public var runbookURL: String? { annotations["runbook_url"] ?? annotations["runbook"] }
}

/// Reads Prometheus rule files: `groups:` of `rules:` (what promtool checks),
/// or the same groups inside a prometheus-operator `PrometheusRule` (`spec.groups`).
/// Recording rules are read past; every problem is an error at its line and column.
public enum RuleFile {
    public static func alertRules(_ text: String, path: String) -> (rules: [AlertRule], problems: [Diagnostic]) {
        var problems: [Diagnostic] = []
        let root: YAMLNode
        do {
            guard let node = try YAMLComposer().compose(text) else {
                return (
                    [], [.error(SourceLocation(file: path, line: 1, column: 1), "the file is empty: expected groups:")]
                )
            }
            root = node
        } catch {
            return ([], [.error(SourceLocation(file: path, line: error.line, column: error.column), error.message)])
        }
        var groupsNode = member(root, "groups")
        if groupsNode == nil, let spec = member(root, "spec") { groupsNode = member(spec, "groups") }
        guard let groupsNode, case .sequence(let groups) = groupsNode.content else {
            let at = groupsNode ?? root
            return (
                [], [.error(at.location(in: path), "expected groups: a list of rule groups (a Prometheus rule file)")]
            )
        }
        var rules: [AlertRule] = []
        for group in groups {
            guard case .mapping = group.content else {
                problems.append(.error(group.location(in: path), "a rule group is a mapping with name: and rules:"))
                continue
            }
            let groupName = member(group, "name")?.scalar ?? ""
            guard let list = member(group, "rules"), case .sequence(let items) = list.content else {
                problems.append(.error(group.location(in: path), "rule group '\(groupName)' has no rules: list"))
                continue
            }
            for item in items {
                guard case .mapping = item.content else {
                    problems.append(.error(item.location(in: path), "a rule is a mapping with alert: or record:"))
                    continue
                }
                guard let alert = member(item, "alert") else {
                    if member(item, "record") == nil {
                        problems.append(.error(item.location(in: path), "a rule needs alert: or record:"))
                    }
                    continue
                }
                guard let name = alert.scalar, !name.isEmpty else {
                    problems.append(.error(alert.location(in: path), "alert: is the alert's name, a string"))
                    continue
                }
                var rule = AlertRule(name: name, group: groupName, location: alert.location(in: path))
                rule.labels = strings(member(item, "labels"), "labels", path, &problems)
                rule.annotations = strings(member(item, "annotations"), "annotations", path, &problems)
                rules.append(rule)
            }
        }
        return (rules, problems)
    }

    static func member(_ node: YAMLNode, _ key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = node.content else { return nil }
        return pairs.last { $0.key.scalar == key }?.value
    }

    static func strings(
        _ node: YAMLNode?, _ what: String, _ path: String, _ problems: inout [Diagnostic]
    ) -> [String: String] {
        guard let node, !node.isNull else { return [:] }
        guard case .mapping(let pairs) = node.content else {
            problems.append(.error(node.location(in: path), "\(what): is a mapping of names to strings"))
            return [:]
        }
        var out: [String: String] = [:]
        for pair in pairs {
            guard let key = pair.key.scalar, let value = pair.value.scalar else {
                problems.append(.error(pair.value.location(in: path), "\(what): values are strings"))
                continue
            }
            out[key] = value
        }
        return out
    }
}
