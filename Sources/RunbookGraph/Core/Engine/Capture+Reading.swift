/// What a step's capture read out of one output.
public struct CaptureReading: Sendable, Equatable {
    /// Names read with one value.
    public var values: [String: String] = [:]
    /// Names with several different values in the output (a listing of pods):
    /// the operator picks one, in the order they appeared.
    public var candidates: [String: [String]] = [:]
    /// Names not read, and why, in words.
    public var failures: [String: String] = [:]

    public init(values: [String: String] = [:], candidates: [String: [String]] = [:], failures: [String: String] = [:])
    {
        self.values = values
        self.candidates = candidates
        self.failures = failures
    }
}

extension Capture {
    /// At most this many different values are offered to pick from.
    public static let maxCandidates = 20

    /// Reads the values out of `output`.
    public func read(_ output: String) -> CaptureReading {
        switch kind {
        case .regex(let pattern): return readRegex(pattern, output)
        case .json(let paths): return readJSON(paths, output)
        }
    }

    private func readRegex(_ pattern: Pattern, _ output: String) -> CaptureReading {
        var reading = CaptureReading()
        let names = self.names
        guard let regex = try? pattern.compile() else {
            for name in names { reading.failures[name] = "the pattern /\(pattern.source)/ does not compile" }
            return reading
        }
        var found: [String: [String]] = [:]
        for match in output.matches(of: regex) {
            for name in names {
                guard let value = match.output[name]?.substring.map(String.init), !value.isEmpty else { continue }
                if !(found[name] ?? []).contains(value), (found[name]?.count ?? 0) < Self.maxCandidates {
                    found[name, default: []].append(value)
                }
            }
        }
        for name in names {
            switch found[name] ?? [] {
            case []: reading.failures[name] = "nothing in the output matches /\(pattern.source)/"
            case let one where one.count == 1: reading.values[name] = one[0]
            case let several: reading.candidates[name] = several
            }
        }
        return reading
    }

    private func readJSON(_ paths: [(name: String, path: JSONPath)], _ output: String) -> CaptureReading {
        var reading = CaptureReading()
        let json: JSONText
        do {
            json = try JSONText.parse(output)
        } catch {
            for (name, _) in paths { reading.failures[name] = "the output is not JSON (\(error))" }
            return reading
        }
        for (name, path) in paths {
            switch json.value(at: path) {
            case .success(let value): reading.values[name] = value
            case .failure(let why): reading.failures[name] = why.description
            }
        }
        return reading
    }
}

extension JSONText {
    /// The scalar at `path` as text, or why there is none.
    public func value(at path: JSONPath) -> Result<String, JSONPath.PathError> {
        var node = self
        for component in path.components {
            switch (component, node) {
            case (.key(let key), .object):
                guard let next = node[key] else { return .failure(.init("no '\(key)' at \(path)")) }
                node = next
            case (.index(let i), .array(let items)):
                guard i < items.count else {
                    return .failure(.init("\(path): the list has \(items.count) item(s), no [\(i)]"))
                }
                node = items[i]
            default:
                return .failure(.init("\(path) does not fit the output's shape"))
            }
        }
        guard let text = node.scalarText else {
            return .failure(.init("\(path) is a list, an object or null, not one value"))
        }
        return .success(text)
    }
}
