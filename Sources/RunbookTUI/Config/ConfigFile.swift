import Foundation
import RunbookGraph

/// `$XDG_CONFIG_HOME/runbook/config.yaml` (or `$RUNBOOK_CONFIG`): a person's or a
/// team's settings, below flags and the environment, above the defaults. Every
/// problem is an error at its line and column; a typo in a key gets a did-you-mean.
struct ConfigFile {
    /// A value and where the file set it.
    struct Entry<T> {
        var value: T
        var location: SourceLocation
    }

    var path: String
    /// The file is there (a missing one is no error: everything takes its default).
    var exists = false
    var library: Entry<[String]>?
    var journals: Entry<String>?
    var sharedJournals: Entry<[String]>?
    var operatorName: Entry<String>?
    var sshTemplate: Entry<String>?
    var dangerous: Entry<[String]>?
    var color: Entry<Bool>?
    var alertmanager: Entry<String>?
    var alertmanagerUser: Entry<String>?
    var alertmanagerTokenEnv: Entry<String>?
    var alertmanagerTokenFile: Entry<String>?
    var alertmanagerTimeout: Entry<Double>?

    struct Problems: Error, CustomStringConvertible {
        var diagnostics: [Diagnostic]
        var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    static let keys = [
        "library", "journals", "shared_journals", "operator", "ssh_template", "dangerous", "color", "alertmanager"
    ]
    static let alertmanagerKeys = ["url", "user", "token_env", "token_file", "timeout"]

    /// Where the file is looked for.
    static func path(environment: [String: String]) -> String {
        if let explicit = environment["RUNBOOK_CONFIG"], !explicit.isEmpty { return explicit }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/runbook/config.yaml" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.config/runbook/config.yaml"
    }

    /// The file of this process's environment, read once.
    nonisolated(unsafe) private static var cached: Result<ConfigFile, Problems>?
    private static let lock = NSLock()

    static func current() throws(Problems) -> ConfigFile {
        lock.lock()
        defer { lock.unlock() }
        if cached == nil { cached = load(environment: ProcessInfo.processInfo.environment) }
        return try cached!.get()
    }

    static func load(environment: [String: String]) -> Result<ConfigFile, Problems> {
        let path = path(environment: environment)
        // (contents(atPath:) reads no device: /dev/null is the way to say "no file".)
        guard let data = FileManager.default.contents(atPath: path) ?? (path == "/dev/null" ? Data() : nil) else {
            if FileManager.default.fileExists(atPath: path) {
                return .failure(
                    Problems(diagnostics: [
                        .error(SourceLocation(file: path, line: 1, column: 1), "cannot read the configuration file")
                    ]))
            }
            return .success(ConfigFile(path: path))
        }
        return parse(String(decoding: data, as: UTF8.self), path: path, home: environment["HOME"] ?? NSHomeDirectory())
    }

    static func parse(_ text: String, path: String, home: String) -> Result<ConfigFile, Problems> {
        var file = ConfigFile(path: path, exists: true)
        var problems: [Diagnostic] = []
        let root: YAMLNode
        do {
            guard let node = try YAMLComposer().compose(text), !node.isNull else { return .success(file) }
            root = node
        } catch {
            let at = SourceLocation(file: path, line: error.line, column: error.column)
            return .failure(Problems(diagnostics: [.error(at, error.message)]))
        }
        guard case .mapping(let pairs) = root.content else {
            return .failure(
                Problems(diagnostics: [.error(root.location(in: path), "the configuration is a mapping of settings")]))
        }
        var reader = Reader(path: path, home: home)
        for pair in pairs {
            let key = pair.key.scalar ?? ""
            let value = pair.value
            switch key {
            case "library": file.library = reader.paths(value)
            case "journals": file.journals = reader.path(value)
            case "shared_journals": file.sharedJournals = reader.paths(value)
            case "operator": file.operatorName = reader.string(value)
            case "ssh_template":
                file.sshTemplate = reader.string(value)
                if let template = file.sshTemplate, let problem = RemoteCommand.templateProblem(template.value) {
                    reader.problems.append(.error(template.location, "ssh_template: \(problem)"))
                }
            case "dangerous":
                file.dangerous = reader.strings(value)
                for pattern in file.dangerous?.value ?? [] {
                    do { _ = try Regex(pattern) } catch {
                        reader.problems.append(
                            .error(
                                value.location(in: path),
                                "dangerous: '\(pattern)' is not a regular expression: \(error)"))
                    }
                }
            case "color": file.color = reader.bool(value)
            case "alertmanager":
                if value.scalar != nil {
                    file.alertmanager = reader.string(value)
                    continue
                }
                guard case .mapping(let inner) = value.content else {
                    reader.problems.append(
                        .error(value.location(in: path), "alertmanager: an address, or a mapping with url:"))
                    continue
                }
                for member in inner {
                    switch member.key.scalar ?? "" {
                    case "url": file.alertmanager = reader.string(member.value)
                    case "user": file.alertmanagerUser = reader.string(member.value)
                    case "token_env": file.alertmanagerTokenEnv = reader.string(member.value)
                    case "token_file": file.alertmanagerTokenFile = reader.path(member.value)
                    case "timeout":
                        if let text = reader.string(member.value) {
                            if let d = RunDuration(parsing: text.value), d.milliseconds > 0 {
                                file.alertmanagerTimeout = Entry(value: d.seconds, location: text.location)
                            } else if let s = Double(text.value), s > 0 {
                                file.alertmanagerTimeout = Entry(value: s, location: text.location)
                            } else {
                                reader.problems.append(
                                    .error(text.location, "alertmanager.timeout: a duration such as 10s"))
                            }
                        }
                    default: reader.unknown(member.key, in: alertmanagerKeys, prefix: "alertmanager.")
                    }
                }
            default: reader.unknown(pair.key, in: keys, prefix: "")
            }
        }
        problems += reader.problems
        return problems.isEmpty ? .success(file) : .failure(Problems(diagnostics: problems))
    }

    /// Reads typed values out of nodes, noting what is wrong where.
    private struct Reader {
        var path: String
        var home: String
        var problems: [Diagnostic] = []

        mutating func string(_ node: YAMLNode) -> Entry<String>? {
            guard let s = node.scalar, !node.isNull else {
                problems.append(.error(node.location(in: path), "expected a string, found \(node.kindDescription)"))
                return nil
            }
            return Entry(value: s, location: node.location(in: path))
        }

        mutating func path(_ node: YAMLNode) -> Entry<String>? {
            string(node).map { Entry(value: expand($0.value), location: $0.location) }
        }

        mutating func strings(_ node: YAMLNode) -> Entry<[String]>? {
            if node.scalar != nil { return string(node).map { Entry(value: [$0.value], location: $0.location) } }
            guard case .sequence(let items) = node.content else {
                problems.append(
                    .error(node.location(in: path), "expected a list of strings, found \(node.kindDescription)"))
                return nil
            }
            return Entry(value: items.compactMap { string($0)?.value }, location: node.location(in: path))
        }

        mutating func paths(_ node: YAMLNode) -> Entry<[String]>? {
            strings(node).map { Entry(value: $0.value.map(expand), location: $0.location) }
        }

        mutating func bool(_ node: YAMLNode) -> Entry<Bool>? {
            switch node.scalar?.lowercased() {
            case "true", "yes", "on": return Entry(value: true, location: node.location(in: path))
            case "false", "no", "off": return Entry(value: false, location: node.location(in: path))
            default:
                problems.append(.error(node.location(in: path), "expected true or false"))
                return nil
            }
        }

        mutating func unknown(_ key: YAMLNode, in known: [String], prefix: String) {
            let name = key.scalar ?? ""
            let hint = Suggestion.closest(to: name, in: known).map { "; did you mean '\(prefix)\($0)'?" } ?? ""
            problems.append(
                .error(
                    key.location(in: path),
                    "unknown setting '\(prefix)\(name)'\(hint) (known: \(known.map { prefix + $0 }.joined(separator: ", ")))"
                ))
        }

        /// `~/x` is the home folder's x.
        func expand(_ path: String) -> String {
            path == "~" ? home : path.hasPrefix("~/") ? home + path.dropFirst(1) : path
        }
    }
}
