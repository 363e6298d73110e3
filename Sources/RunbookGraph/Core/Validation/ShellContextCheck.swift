/// Every placeholder in a command stands where its value can be written as a
/// literal; anywhere else (backticks, `$(…)`, a here-document, `eval`, the code
/// of `sh -c` or of a remote ssh command) the runbook does not load.
struct ShellContextCheck {
    let runbook: Runbook
    /// The file's text, to point at the placeholder itself rather than the command.
    let source: String?

    func diagnostics() -> [Diagnostic] {
        var out: [Diagnostic] = []
        var locator: SourceLocator?
        for step in runbook.steps {
            guard let run = step.run, run.command.containsBytes("{{") else { continue }
            let template = ShellTemplate(run.command)
            guard template.firstHazard != nil else { continue }
            if locator == nil { locator = source.map(SourceLocator.init) }
            var cursor: Int?
            for p in template.placeholders {
                let raw = String(decoding: Array(run.command.utf8)[p.reference.range], as: UTF8.self)
                let at = locator?.find(raw, from: cursor, start: run.commandLocation)
                cursor = at?.offset
                guard let hazard = p.hazard else { continue }
                out.append(
                    .error(
                        at?.location ?? run.commandLocation,
                        "in the command of step '\(step.id)', {{\(p.name)}} stands \(hazard.place), where no value can be written as a literal (\(hazard.why)): \(hazard.rewrite(p.name))"
                    ))
            }
        }
        return out
    }
}

/// Finds text in a source file after a given place and says where it is.
struct SourceLocator {
    let bytes: [UInt8]
    /// Byte offset of the start of each line.
    let lineStarts: [Int]

    init(_ text: String) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
        lineStarts = starts
    }

    /// The first `needle` at or after `offset` (or after `start` when nil).
    func find(_ needle: String, from offset: Int?, start: SourceLocation) -> (offset: Int, location: SourceLocation)? {
        let n = Array(needle.utf8)
        guard !n.isEmpty else { return nil }
        var i = offset.map { $0 + 1 } ?? self.offset(of: start)
        while i + n.count <= bytes.count {
            if bytes[i] == n[0], bytes[i..<(i + n.count)].elementsEqual(n) {
                return (i, location(of: i, file: start.file))
            }
            i += 1
        }
        return nil
    }

    func offset(of location: SourceLocation) -> Int {
        guard location.line >= 1, location.line <= lineStarts.count else { return 0 }
        let lineStart = lineStarts[location.line - 1]
        // Columns count characters: walk them to the byte offset.
        var i = lineStart
        var column = 1
        while column < location.column, i < bytes.count, bytes[i] != UInt8(ascii: "\n") {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            column += 1
        }
        return i
    }

    func location(of offset: Int, file: String) -> SourceLocation {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        let column = String(decoding: bytes[lineStarts[lo]..<offset], as: UTF8.self).count + 1
        return SourceLocation(file: file, line: lo + 1, column: column)
    }
}
