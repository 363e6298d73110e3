import Foundation

/// Writes a draft runbook as YAML in the format's key order, every scalar
/// quoted only as much as YAML needs, so the same draft always gives the
/// same bytes.
struct RunbookYAMLWriter {
    private var out = ""

    static func write(_ runbook: DraftRunbook, header: [String]) -> String {
        var w = RunbookYAMLWriter()
        for line in header { w.out += "# \(line)\n" }
        w.key("runbook", runbook.id, 0)
        w.key("title", runbook.title, 0)
        if let d = runbook.description { w.key("description", d, 0) }
        if let s = runbook.source { w.key("source", s, 0) }
        if let s = runbook.service { w.key("service", s, 0) }
        if !runbook.tags.isEmpty { w.out += "tags: [\(runbook.tags.map(flowScalar).joined(separator: ", "))]\n" }
        if !runbook.match.isEmpty {
            w.out += "\nmatch:\n"
            for condition in runbook.match { w.out += "  - " + flow(condition) + "\n" }
        }
        if !runbook.variables.isEmpty {
            w.out += "\nvariables:\n"
            for v in runbook.variables {
                w.out += "  \(scalar(v.name, indent: 2)):\n"
                w.key("description", v.description, 4)
                if !v.from.isEmpty {
                    w.out += "    from: [\(v.from.map { scalar($0, indent: 4) }.joined(separator: ", "))]\n"
                }
                if let d = v.defaultValue { w.key("default", d, 4) }
                if let a = v.ask { w.key("ask", a, 4) }
                if !v.choices.isEmpty {
                    w.out += "    choices:\n"
                    for choice in v.choices {
                        w.out += "      \(scalar(choice.label, indent: 6)): \(scalar(choice.value, indent: 6))\n"
                    }
                }
            }
        }
        w.out += "\n"
        w.key("start", runbook.start, 0)
        w.out += "\nsteps:\n"
        return w.out + steps(runbook.steps)
    }

    /// The steps, a blank line between each; a long page's on every core, in slices
    /// joined back in order (each step's text depends on that step alone).
    static func steps(_ steps: [DraftStep]) -> String {
        let write = { @Sendable (range: Range<Int>) -> String in
            var w = RunbookYAMLWriter()
            for i in range {
                if i > 0 { w.out += "\n" }
                w.step(steps[i])
            }
            return w.out
        }
        return steps.count < 512 ? write(steps.indices) : ParallelSlots.slices(of: steps.count, write).joined()
    }

    private mutating func step(_ step: DraftStep) {
        out += "  \(Self.scalar(step.id, indent: 2)):\n"
        key("title", step.title, 4)
        let text = step.text.joined(separator: "\n\n")
        if !text.isEmpty { key("text", text, 4) }
        if !step.review.isEmpty { key("review", step.review.joined(separator: " "), 4) }
        if !step.links.isEmpty {
            out += "    links:\n"
            for link in step.links {
                out += "      - title: \(Self.scalar(link.title, indent: 8))\n"
                out += "        url: \(Self.scalar(link.url, indent: 8))\n"
            }
        }
        if let run = step.run {
            out += "    run:\n"
            key("command", run.command, 6)
            if run.confirm { out += "      confirm: true\n" }
            if run.background { out += "      background: true\n" }
            if run.interactive { out += "      interactive: true\n" }
            if let capture = step.capture {
                out += "    capture:\n"
                key("regex", capture, 6)
            }
        }
        if let end = step.end {
            key("end", end.rawValue, 4)
            if let to = step.to { key("to", to, 4) }
        } else if !step.outcomes.isEmpty {
            out += "    outcomes:\n"
            for o in step.outcomes {
                out += "      \(Self.scalar(o.id, indent: 6)):\n"
                key("label", o.label, 8)
                if let when = o.when { out += "        when: " + Self.flow(when) + "\n" }
                target("next", o.next, 8)
            }
        } else if let next = step.next {
            target("next", next, 4)
        }
    }

    private mutating func target(_ name: String, _ target: DraftTarget, _ indent: Int) {
        let pad = String(repeating: " ", count: indent)
        switch target {
        case .step(let id):
            out += "\(pad)\(name): \(Self.scalar(id, indent: indent))\n"
        case .link(let runbook, let url, let title, let then):
            out += "\(pad)\(name):\n"
            if let runbook { key("runbook", runbook, indent + 2) }
            if let title { key("title", title, indent + 2) }
            if let url { key("url", url, indent + 2) }
            if let then { key("then", then, indent + 2) }
        }
    }

    /// Conditions in flow style on one line: `{ label: { alertname: X } }`.
    static func flow(_ c: DraftCondition) -> String {
        switch c {
        case .alertContains(let s): "{ alert_contains: \(flowScalar(s)) }"
        case .label(let name, let value): "{ label: { \(flowScalar(name)): \(flowScalar(value)) } }"
        case .outputMatches(let s): "{ output_matches: \(flowScalar(s)) }"
        case .durationOver(let d): "{ duration_over: \(d) }"
        case .not(let inner): "{ not: \(flow(inner)) }"
        }
    }

    private mutating func key(_ name: String, _ value: String, _ indent: Int) {
        let pad = String(repeating: " ", count: indent)
        out += "\(pad)\(name): \(Self.scalar(value, indent: indent))\n"
    }

    // MARK: Scalars

    /// Plain when safe, a literal block for several lines, single quotes for
    /// other printable text, double quotes with escapes for the rest.
    static func scalar(_ value: String, indent: Int) -> String {
        if isPlainSafe(value) { return value }
        // Printable ASCII on one line, not starting or ending in a space: single quotes, found in one pass.
        var simple = true
        for byte in value.utf8 where byte < 0x20 || byte > 0x7E { simple = false; break }
        if simple, let first = value.utf8.first, let last = value.utf8.last, first != 0x20, last != 0x20 {
            return "'" + value.replacingAll("'", with: "''") + "'"
        }
        if let block = literalBlock(value, indent: indent) { return block }
        if value.containsBytes("\n"), value.unicodeScalars.allSatisfy(isBlockSafe), !value.hasPrefix(" "),
            !value.hasPrefix("\t"),
            value.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy({
                !$0.hasSuffix(" ") && !$0.hasSuffix("\t")
            })
        {
            var text = value
            var chomp = "-"
            if text.hasSuffix("\n") {
                chomp = ""
                text.removeLast()
                if text.hasSuffix("\n") || text.isEmpty { return doubleQuoted(value) }
            }
            let pad = String(repeating: " ", count: indent + 2)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : pad + $0 }
            return "|\(chomp)\n" + lines.joined(separator: "\n")
        }
        if !value.containsBytes("\n"), value.unicodeScalars.allSatisfy(isBlockSafe), !value.hasPrefix(" "),
            !value.hasSuffix(" ")
        {
            return "'" + value.replacingAll("'", with: "''") + "'"
        }
        return doubleQuoted(value)
    }

    /// ASCII text of several lines as `|-` or `|`, built on bytes in one pass;
    /// nil when the text needs the general path (other characters, spaces at
    /// line ends or at the start, blank last lines).
    static func literalBlock(_ value: String, indent: Int) -> String? {
        let bytes = Array(value.utf8)
        guard bytes.count > 1, bytes.contains(0x0A), bytes[0] != 0x20, bytes[0] != 0x09 else { return nil }
        var body = bytes[...]
        var chomp: [UInt8] = Array("|-".utf8)
        if body.last == 0x0A {
            body = body.dropLast()
            chomp = [0x7C]
            if body.last == 0x0A || body.isEmpty { return nil }
        }
        let pad = [UInt8](repeating: 0x20, count: indent + 2)
        var out = chomp
        out.reserveCapacity(bytes.count + bytes.count / 8 + 8)
        out.append(0x0A)
        var lineStart = true
        var previous: UInt8 = 0x0A
        for b in body {
            guard b == 0x0A || b == 0x09 || (b >= 0x20 && b <= 0x7E) else { return nil }
            if b == 0x0A {
                if previous == 0x20 || previous == 0x09 { return nil }
                out.append(0x0A)
                lineStart = true
            } else {
                if lineStart { out += pad; lineStart = false }
                out.append(b)
            }
            previous = b
        }
        if previous == 0x20 || previous == 0x09 { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    /// Inside `{ }` a plain scalar may not hold `,` `{` `}` `[` `]` either.
    static func flowScalar(_ value: String) -> String {
        if isPlainSafe(value), !value.contains(where: { ",{}[]".contains($0) }) { return value }
        if !value.containsBytes("\n"), value.unicodeScalars.allSatisfy(isBlockSafe), !value.isEmpty {
            return "'" + value.replacingAll("'", with: "''") + "'"
        }
        return doubleQuoted(value)
    }

    static let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]

    /// Bytes a plain scalar may hold (printable ASCII but `#'"`{}[]|>&*!%@\`; `: ` and ` #`
    /// are checked as pairs), by byte: looked up for every byte written.
    static let plainAllowed: [Bool] = (0..<256).map { b in
        b >= 0x20 && b < 0x7F && !"#'\"`{}[]|>&*!%@\\".utf8.contains(UInt8(b))
    }

    static func isPlainSafe(_ value: String) -> Bool {
        let bytes = value.utf8
        guard let first = bytes.first, let last = bytes.last else { return false }
        func isLetter(_ b: UInt8) -> Bool { (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) }
        guard
            isLetter(first) || first == 0x2F || first == 0x28
                || (first >= 0x30 && first <= 0x39 && bytes.contains(where: isLetter))
        else { return false }
        guard last != 0x20, last != 0x3A else { return false }
        var previous: UInt8 = 0
        for b in bytes {
            guard plainAllowed[Int(b)] else { return false }
            if previous == 0x3A && b == 0x20 { return false }  // ": "
            if previous == 0x20 && b == 0x23 { return false }  // " #"
            previous = b
        }
        return bytes.count > 5 || !reserved.contains(value.lowercased())
    }

    /// Printable in YAML and not a line break libyaml would honour.
    static func isBlockSafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09, 0x0A: return true
        case 0x20...0x7E: return true
        case 0x85, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: return false
        case 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for s in value.unicodeScalars {
            switch s {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if isBlockSafe(s) && s.value != 0x09 {
                    out.unicodeScalars.append(s)
                } else if s.value <= 0xFF {
                    out += "\\x" + hex(s.value, 2)
                } else if s.value <= 0xFFFF {
                    out += "\\u" + hex(s.value, 4)
                } else {
                    out += "\\U" + hex(s.value, 8)
                }
            }
        }
        return out + "\""
    }

    static func hex(_ value: UInt32, _ width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
