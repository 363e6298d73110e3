/// Turns what a Markdown runbook leaves for the reader to fill in into
/// template variables: `<pod name>`, `$NAMESPACE`, `${WORKER_IP}`,
/// `{{name}}`, and values of the example alert (`10.176.31.239:9100`).
struct Placeholders {
    /// Variables in the order they were first needed.
    private(set) var variables: [DraftVariable] = []
    /// Example values to replace, longest first, with the alert label they came from.
    var exampleValues: [(label: String, value: String)] = []
    /// Labels the alert will have, so `<pod_name>` reads `alert.pod_name`.
    var alertLabels: Set<String> = [] {
        didSet {
            labelBySquashed = [:]
            for label in alertLabels.sorted() where labelBySquashed[Self.squashed(label)] == nil {
                labelBySquashed[Self.squashed(label)] = label
            }
        }
    }
    /// Each alert label by its letters and digits in lower case (the first in order
    /// where several squash alike), worked out once: a long page defines thousands of names.
    private var labelBySquashed: [String: String] = [:]
    /// Of those, the ones the document's example alert shows (preferred for synonyms).
    var exampleLabels: Set<String> = []
    /// Exact source text -> variable, for rewriting prose the same way (each once, in order).
    private(set) var replaced: [(source: String, variable: String)] = []
    private var replacedSources: Set<String> = []

    private mutating func noteReplaced(_ source: String, _ variable: String) {
        if replacedSources.insert(source).inserted { replaced.append((source, variable)) }
    }

    static let environmentNames: Set<String> = [
        "HOME", "PATH", "USER", "PWD", "OLDPWD", "SHELL", "HOSTNAME", "TERM", "LANG", "TMPDIR", "EDITOR", "UID", "PPID",
        "RANDOM", "IFS", "KUBECONFIG", "LOGNAME", "DISPLAY", "PS1", "SECONDS", "LINENO"
    ]

    /// Label names specific enough that a placeholder of the same name means them.
    static let specificLabels: Set<String> = [
        "instance", "hostname", "namespace", "pod", "node", "service", "job", "cluster", "container", "region",
        "deployment"
    ]

    private var index: [String: Int] = [:]

    /// Placeholders that name an alert label in other words (`<name space>` is the
    /// alert's `kubernetes_namespace`, `WORKER_IP` its `hostname`), labels tried in order.
    static let synonyms: [String: [String]] = {
        var out: [String: [String]] = [:]
        for name in ["namespace", "name_space", "ns", "namespace_name"] {
            out[name] = ["namespace", "kubernetes_namespace"]
        }
        for name in ["ip", "node_ip", "worker_ip", "host_ip", "node_ip_address", "worker_ip_address", "host"] {
            out[name] = ["hostname", "host", "node_ip"]
        }
        for name in ["pod", "pod_name", "podname"] { out[name] = ["pod", "pod_name"] }
        for name in ["node", "node_name", "nodename"] { out[name] = ["node", "nodename", "kubernetes_node"] }
        for name in ["service", "service_name"] { out[name] = ["service", "service_name"] }
        return out
    }()

    func variable(_ name: String) -> DraftVariable? { index[name].map { variables[$0] } }

    private mutating func add(_ variable: DraftVariable) {
        index[variable.name] = variables.count
        variables.append(variable)
    }

    /// Defines (once) a variable and returns its name.
    @discardableResult
    mutating func define(
        _ rawName: String, placeholder: String, ask: String? = nil, defaultValue: String? = nil,
        choices: [(label: String, value: String)] = []
    ) -> String {
        let name = Self.variableName(rawName)
        if variable(name) == nil {
            var v = DraftVariable(name: name, description: "Stands for \(placeholder) in the source")
            v.choices = choices
            if alertLabels.contains(name), name.contains("_") || Self.specificLabels.contains(name) {
                v.from = ["alert.\(name)"]
            } else if let label = labelBySquashed[Self.squashed(name)] {
                // `<cluster_id>` reads the example alert's `clusterID`.
                v.from = ["alert.\(label)"]
            } else if let candidates = Self.synonyms[name],
                let label = candidates.first(where: exampleLabels.contains)
                    ?? candidates.first(where: alertLabels.contains)
            {
                v.from = ["alert.\(label)"]
            }
            v.ask = ask ?? Self.question(rawName)
            v.defaultValue = defaultValue
            add(v)
        }
        return name
    }

    /// Takes the `export NAME=value` lines of a block as variables; returns the
    /// lines left to run and the ones taken. A `<placeholder>` value is asked in
    /// its words, `<a=x, b=y>` is asked as a choice, and a value the prose calls
    /// an example (`example`) is a hint in the question, never a default.
    mutating func absorbExports(
        _ command: String, example: Bool
    ) -> (rest: String, taken: [String], captured: String?) {
        var rest: [String] = []
        var taken: [String] = []
        let lines = command.byteLines.filter { !$0.trimmingSpaces.isEmpty }
        // `export NAMESPACE="$(kubectl get kubevirt ...)"` alone: run the inner command, capture its output.
        if lines.count == 1, let (name, value) = Self.assignment(lines[0].trimmingSpaces),
            let inner = Self.substitution(value)
        {
            let variable = define(name, placeholder: "`\(lines[0].trimmingSpaces)`", ask: Self.question(name))
            return (inner, [], variable)
        }
        for raw in command.byteLines {
            let line = raw.trimmingSpaces
            guard line.hasPrefix("export "), let (name, value) = Self.assignment(line) else {
                rest.append(raw); continue
            }
            if Self.substitution(value) != nil {
                // Set from a command among others: asked for, never a default that is code.
                define(name, placeholder: "`\(line)`", ask: Self.question(name))
            } else if value.hasPrefix("<"), value.hasSuffix(">") {
                let inner = String(value.dropFirst().dropLast())
                if let choices = Self.choices(inner) {
                    // `export NAMESPACE=<legacy=kube-system, tugboat=armada>`: pick one.
                    define(name, placeholder: "`\(line)`", ask: Self.question(name), choices: choices)
                } else {
                    // `export WORKER_IP=<worker IP address>`: asked for in the placeholder's words.
                    define(name, placeholder: "`\(line)`", ask: Self.question(inner.isEmpty ? name : inner))
                }
            } else if example || value.isEmpty {
                define(
                    name, placeholder: "`\(line)`",
                    ask: value.isEmpty ? nil : "\(Self.question(name).dropLast()) (for example \(value))?")
            } else {
                define(name, placeholder: "`\(line)`", defaultValue: value)
            }
            taken.append(line)
        }
        while rest.first?.trimmingSpaces.isEmpty == true { rest.removeFirst() }
        while rest.last?.trimmingSpaces.isEmpty == true { rest.removeLast() }
        return (rest.joined(separator: "\n"), taken, nil)
    }

    /// `$(command)` as a whole value -> the command.
    static func substitution(_ value: String) -> String? {
        guard value.hasPrefix("$("), value.hasSuffix(")") else { return nil }
        let inner = value.dropFirst(2).dropLast().trimmingSpaces
        var depth = 0
        for c in inner.utf8 {
            if c == UInt8(ascii: "(") { depth += 1 }
            if c == UInt8(ascii: ")") { depth -= 1 }
            if depth < 0 { return nil }  // `$(a) $(b)`: not one substitution
        }
        return depth == 0 && !inner.isEmpty ? inner : nil
    }

    /// `export NAME=value` -> (NAME, value unquoted), for a shell name.
    static func assignment(_ line: String) -> (String, String)? {
        let assignment = line.dropFirst("export ".count).trimmingSpaces
        guard let eq = assignment.firstIndex(of: "=") else { return nil }
        let name = String(assignment[..<eq])
        guard isShellName(name) else { return nil }
        return (name, FrontMatter.unquote(String(assignment[assignment.index(after: eq)...])))
    }

    /// `legacy=kube-system, tugboat=armada` -> the choices, in order.
    static func choices(_ inner: String) -> [(label: String, value: String)]? {
        let parts = inner.split(separator: ",").map { $0.trimmingSpaces }
        guard parts.count >= 2 else { return nil }
        var out: [(label: String, value: String)] = []
        for part in parts {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty, !pair[1].contains(" ") else { return nil }
            out.append((pair[0], pair[1]))
        }
        return out
    }

    /// `kubectl logs armada-api-5867d86996-5fgc2` copied from a transcript: a pod
    /// name of a Deployment (its ReplicaSet hash and a random suffix) is never
    /// the same twice, so it is a value to ask for, `<pod>`, not part of the command.
    static func podNamesAsPlaceholders(_ command: String) -> String {
        guard command.utf8.contains(0x2D) else { return command }
        var changed = false
        let words = command.split(separator: " ", omittingEmptySubsequences: false).map { word -> Substring in
            let prefix = word.hasPrefix("pod/") ? "pod/" : ""
            guard isDeploymentPodName(word.dropFirst(prefix.count)) else { return word }
            changed = true
            return Substring(prefix + "<pod>")
        }
        return changed ? words.joined(separator: " ") : command
    }

    /// `name-<8 to 10 of hash>-<5 of suffix>`, lower-case letters and digits, the hash with a digit.
    static func isDeploymentPodName(_ word: Substring) -> Bool {
        let parts = word.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let suffix = parts.last, let hash = parts.dropLast().last,
            parts.dropLast(2).allSatisfy({ !$0.isEmpty })
        else { return false }
        func isLowerAlnum(_ s: Substring) -> Bool {
            s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }
        }
        return (8...10).contains(hash.count) && suffix.count == 5 && isLowerAlnum(hash) && isLowerAlnum(suffix)
            && hash.utf8.contains { $0 >= 0x30 && $0 <= 0x39 } && parts.dropLast(2).allSatisfy(isLowerAlnum)
    }

    /// The command with placeholders as `{{variables}}`.
    mutating func rewrite(command: String) -> String {
        var s = command
        for (label, value) in exampleValues where s.containsBytes(value) {
            let replacedText = Self.replaceWord(value, in: s, with: "{{\(label)}}")
            if replacedText != s {
                s = replacedText
                if variable(label) == nil {
                    var v = DraftVariable(name: label, description: "The alert's \(label), e.g. \(value)")
                    v.from = ["alert.\(label)"]
                    v.ask = Self.question(label)
                    add(v)
                }
                noteReplaced(value, label)
            }
        }
        s = Self.podNamesAsPlaceholders(s)
        s = rewriteAngles(s)
        s = rewriteBrackets(s)
        s = rewriteShellVariables(s)
        for ref in Template.references(in: s) where variable(ref.name) == nil {
            define(ref.name, placeholder: "`{{\(ref.name)}}`")
        }
        return s
    }

    /// The command with every placeholder where a value would be code made
    /// safe: inside `$(…)` or backticks it reads the value from the environment
    /// (`"${RUNBOOK_NAME}"`), elsewhere (a second shell, eval, ssh's remote
    /// command, a script) it goes back to the source's own text, listed for review.
    func safeCommand(_ command: String) -> (String, [(source: String, place: String, variable: String)]) {
        let template = ShellTemplate(command)
        guard template.firstHazard != nil else { return (command, []) }
        let bytes = Array(command.utf8)
        var out: [UInt8] = []
        var unsafe: [(source: String, place: String, variable: String)] = []
        var cursor = 0
        for p in template.placeholders {
            out += bytes[cursor..<p.reference.range.lowerBound]
            cursor = p.reference.range.upperBound
            guard let hazard = p.hazard else {
                out += bytes[p.reference.range]
                continue
            }
            let env = "${RUNBOOK_\(p.name.uppercased())}"
            switch hazard.kind {
            case .commandSubstitution, .backticks:
                out += (p.context == .doubleQuoted ? env : "\"\(env)\"").utf8
            default:
                let source = firstSource(of: p.name) ?? "<\(p.name)>"
                out += source.utf8
                unsafe.append((source, hazard.place, p.name))
            }
        }
        out += bytes[cursor...]
        return (String(decoding: out, as: UTF8.self), unsafe)
    }

    /// The source text first replaced by `variable`.
    func firstSource(of variable: String) -> String? {
        replaced.first { $0.variable == variable }?.source
    }

    /// Takes in what a part read ahead defined, as if it had been read here:
    /// a variable or a replaced text is kept where it was first needed.
    mutating func absorb(_ part: Placeholders) {
        for v in part.variables where variable(v.name) == nil { add(v) }
        for (source, variable) in part.replaced { noteReplaced(source, variable) }
    }

    /// Prose with the placeholders that commands turned into variables rewritten the same way.
    func rewrite(text: String) -> String {
        var s = text
        guard s.containsBytes("<") || s.containsBytes("$") else { return s }
        for (source, name) in replaced where source.hasPrefix("<") || source.hasPrefix("$") {
            s = s.replacingAll(source, with: "{{\(name)}}")
        }
        return s
    }

    /// `<pod name>`, `<NAMESPACE_NAME>`, `<ip>`: letters first, then letters,
    /// digits, spaces, `_ - .`, at most 40; not `<<`, `<(` or a redirection.
    private mutating func rewriteAngles(_ command: String) -> String {
        rewriteDelimited(command, open: 0x3C, close: 0x3E, maxInner: 40) { chars, i, j in
            let isLetter = { (b: UInt8) in (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
            let isInner = { (b: UInt8) in
                isLetter(b) || (b >= 0x30 && b <= 0x39) || b == 0x20 || b == 0x5F || b == 0x2D || b == 0x2E
            }
            return isLetter(chars[i + 1]) && (i == 0 || chars[i - 1] != 0x3C) && chars[(i + 1)..<j].allSatisfy(isInner)
                && chars[j - 1] != 0x20
        } ask: { _, _ in
            nil
        }
    }

    /// `api-mongo-[n].api`: a bracketed word inside a host or path name (after `-`,
    /// `.`, `_` or `/`, and before one of them or the end of the word), not a
    /// glob class (`[0-9]`) or an array index (`arr[i]`), nor inside single quotes.
    private mutating func rewriteBrackets(_ command: String) -> String {
        let joiners: [UInt8] = Array("-._/".utf8)
        return rewriteDelimited(command, open: 0x5B, close: 0x5D, maxInner: 20, skipSingleQuoted: true) { chars, i, j in
            let after = j + 1 < chars.count ? chars[j + 1] : 0x20
            return i > 0 && joiners.contains(chars[i - 1])
                && chars[(i + 1)..<j].allSatisfy {
                    ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F
                }
                && (joiners.contains(after) || after == 0x20 || after == 0x3A)
        } ask: { chars, i in
            // "N (the [n] in api-mongo-[n].api)?": the word it stands in says what it is.
            let start = chars[..<i].lastIndex(of: 0x20).map { $0 + 1 } ?? 0
            let end = chars[i...].firstIndex(of: 0x20) ?? chars.count
            return String(decoding: chars[start..<end], as: UTF8.self)
        }
    }

    /// One pass for placeholders between `open` and `close`: where `accepts` the span
    /// `i...j` (the delimiters' positions), it becomes `{{variable}}`.
    private mutating func rewriteDelimited(
        _ command: String, open: UInt8, close: UInt8, maxInner: Int, skipSingleQuoted: Bool = false,
        accepts: ([UInt8], Int, Int) -> Bool, ask: ([UInt8], Int) -> String?
    ) -> String {
        guard command.utf8.contains(open) else { return command }
        let chars = Array(command.utf8)
        var out: [UInt8] = []
        var i = 0
        var inSingle = false
        while i < chars.count {
            let c = chars[i]
            if skipSingleQuoted, c == 0x27 { inSingle.toggle() }
            if c == open, !inSingle, i + 1 < chars.count,
                let j = chars[(i + 1)...].prefix(maxInner + 1).firstIndex(of: close), j > i + 1, accepts(chars, i, j)
            {
                let inner = String(decoding: chars[(i + 1)..<j], as: UTF8.self)
                let source = String(decoding: chars[i...j], as: UTF8.self)
                let word = ask(chars, i)
                let name = define(
                    inner, placeholder: "`\(source)`",
                    ask: word.map { "\(Self.question(inner).dropLast()) (the \(source) in \($0))?" })
                noteReplaced(source, name)
                out += "{{\(name)}}".utf8
                i = j + 1
                continue
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `$NAME` and `${NAME}` (upper case, not the environment's, not set by the
    /// command itself, not inside single quotes).
    private mutating func rewriteShellVariables(_ command: String) -> String {
        guard command.containsBytes("$") else { return command }
        let chars = Array(command.utf8)
        var out: [UInt8] = []
        var i = 0
        var inSingle = false
        func isUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        func isLower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        while i < chars.count {
            let c = chars[i]
            if c == 0x27 { inSingle.toggle() }
            if c == 0x24, !inSingle, i + 1 < chars.count {
                let braced = chars[i + 1] == 0x7B
                var j = i + (braced ? 2 : 1)
                let start = j
                // `$NAME` upper case; `${name}` braced in any case.
                while j < chars.count,
                    isUpper(chars[j]) || isDigit(chars[j]) || chars[j] == 0x5F || (braced && isLower(chars[j]))
                { j += 1 }
                let name = String(decoding: chars[start..<j], as: UTF8.self)
                let closed = !braced || (j < chars.count && chars[j] == 0x7D)
                let nextIsName = j < chars.count && (isUpper(chars[j]) || isLower(chars[j]) || isDigit(chars[j]))
                if closed, !nextIsName, name.utf8.count >= 2, let first = name.utf8.first,
                    isUpper(first) || isLower(first),
                    !Self.environmentNames.contains(name.uppercased()),
                    !command.containsBytes("\(name)="), !command.containsBytes("for \(name) ")
                {
                    let source = braced ? "${\(name)}" : "$\(name)"
                    let variable = define(name, placeholder: "`\(source)`")
                    noteReplaced(source, variable)
                    out += "{{\(variable)}}".utf8
                    i = braced ? j + 1 : j
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Replaces `value` where it is not part of a longer word or number.
    static func replaceWord(_ value: String, in text: String, with replacement: String) -> String {
        let chars = Array(text)
        let target = Array(value)
        var out = ""
        var i = 0
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
        while i < chars.count {
            if i + target.count <= chars.count, chars[i] == target[0], Array(chars[i..<(i + target.count)]) == target {
                let before = i == 0 ? " " : chars[i - 1]
                let after = i + target.count < chars.count ? chars[i + target.count] : " "
                let afterNext = i + target.count + 1 < chars.count ? chars[i + target.count + 1] : " "
                let dotContinues =
                    (before == "." && i >= 2 && chars[i - 2].isNumber) || (after == "." && afterNext.isNumber)
                if !isWordChar(before), !isWordChar(after), !dotContinues {
                    out += replacement
                    i += target.count
                    continue
                }
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// `clusterID`, `cluster_id`, `cluster-id` -> `clusterid`.
    static func squashed(_ name: String) -> String {
        String(name.lowercased().filter { $0.isLetter || $0.isNumber })
    }

    static func isShellName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    /// `pod name` -> `pod_name`; `NAMESPACE_NAME` -> `namespace_name`; `2fa` -> `v_2fa`.
    static func variableName(_ text: String) -> String {
        let name = IDMaker.slug(text, separator: UInt8(ascii: "_"), maxLength: 48)
        if name.isEmpty { return "value" }
        return name.first!.isNumber ? "v_" + name : name
    }

    /// `NAMESPACE_NAME` -> `Namespace name?`
    static func question(_ text: String) -> String {
        var words = text.replacingAll("_", with: " ").replacingAll("-", with: " ").split(separator: " ").map(
            String.init)
        if text.uppercased() == text { words = words.map { $0.lowercased() } }
        words = words.map {
            ["ip", "id", "url", "dns", "pid", "vm", "db", "api", "ssh", "tls", "cpu"].contains($0.lowercased())
                ? $0.uppercased() : $0
        }
        guard !words.isEmpty else { return "Value?" }
        words[0] = words[0].prefix(1).uppercased() + words[0].dropFirst()
        return words.joined(separator: " ") + "?"
    }
}
