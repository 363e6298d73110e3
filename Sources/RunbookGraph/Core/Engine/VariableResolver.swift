/// Where a variable's value came from.
public enum ValueSource: String, Sendable, Codable {
    case set, alert, derived, `default`, typed, choice, remembered
    /// Read out of a command's output by the step's `capture:`.
    case captured
}

/// A variable's value is checked against its type and pattern.
extension Variable {
    /// Why `value` does not fit this variable, or nil when it does. A value
    /// from the alert (`source` .alert or .derived) must not start with `-`
    /// unless the variable allows it: a command would read it as an option.
    public func problem(with value: String, source: ValueSource? = nil) -> String? {
        if value.utf8.contains(0) {
            return "\(name) contains a NUL byte, which no command can carry"
        }
        // Output is written by whoever controls the machine, as an alert is: never an option.
        let fromAlert = source == .alert || source == .derived || source == .captured
        if value.hasPrefix("-"), !(leadingDash ?? !fromAlert) {
            return "\(name) '\(DisplayText.escaped(value))' starts with '-', which a command would read as an option; "
                + (fromAlert
                    ? "the alert's value is not used (a runbook that needs it says 'leading_dash: true')"
                    : "this variable says 'leading_dash: false'")
        }
        if let typeProblem = type.problem(with: value) {
            return "\(name) \(typeProblem)"
        }
        if let pattern, !pattern.matches(value) {
            return "\(name) '\(value)' does not match the expected form /\(pattern.source)/"
        }
        return nil
    }
}

/// The values of a runbook's variables that can be known without asking.
public struct VariableResolution: Sendable {
    public var values: [String: String] = [:]
    public var sources: [String: ValueSource] = [:]
    /// Values found but rejected (wrong type, pattern): name → why.
    public var problems: [String: String] = [:]

    /// Variables still without a value, in the runbook's order.
    public func missing(in runbook: Runbook) -> [Variable] {
        runbook.variables.filter { values[$0.name] == nil }
    }
}

extension VariableResolution {
    /// Takes `value` for `v` when it fits its type and pattern, else records why not.
    mutating func accept(_ v: Variable, _ value: String, _ source: ValueSource) {
        if let problem = v.problem(with: value, source: source) {
            problems[v.name] = problem
        } else {
            values[v.name] = value
            sources[v.name] = source
            problems[v.name] = nil
        }
    }

    /// Fills derived variables whose source is known, until nothing changes.
    mutating func derive(_ runbook: Runbook) {
        var changed = true
        while changed {
            changed = false
            for v in runbook.variables where values[v.name] == nil && problems[v.name] == nil {
                guard let derive = v.derive, let source = values[derive.variable],
                    let value = VariableResolver.derivedValue(derive, from: source)
                else { continue }
                accept(v, value, .derived)
                changed = true
            }
        }
    }
}

public enum VariableResolver {
    /// Resolves what it can: `--set` overrides, then alert fields, then
    /// derivations (in dependency order), then defaults.
    public static func resolve(
        _ runbook: Runbook, alert: Alert, overrides: [String: String] = [:]
    ) -> VariableResolution {
        var r = VariableResolution()
        for v in runbook.variables {
            if let value = overrides[v.name] {
                r.accept(v, value, .set)
            } else if let value = v.from.lazy.compactMap({ alert.field(String($0.dropFirst("alert.".count))) }).first {
                r.accept(v, value, .alert)
            }
        }
        r.derive(runbook)
        for v in runbook.variables where r.values[v.name] == nil && r.problems[v.name] == nil {
            if let value = v.defaultValue { r.accept(v, value, .default) }
        }
        r.derive(runbook)
        return r
    }

    /// First capture group of the regex in `source`, else the whole match.
    public static func derivedValue(_ derive: Variable.Derivation, from source: String) -> String? {
        guard let regex = try? derive.regex.compile(), let match = try? regex.firstMatch(in: source) else { return nil }
        if match.output.count > 1, let group = match.output[1].substring { return String(group) }
        return String(match.output[0].substring ?? "")
    }
}
