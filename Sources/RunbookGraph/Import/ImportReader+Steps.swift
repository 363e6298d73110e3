/// Adding steps to the flow: section state, pending text, commands.
extension ImportReader {
    @discardableResult
    mutating func emitStep(_ step: DraftStep) -> Int {
        // Read ahead, a step before any section of the part (a decision over sibling sections) finds the section
        // before it begun: it takes no anchor and counts as one more step of that section.
        if let ahead, !ahead.sectionStarted { ahead.stepBeforeSection = true }
        var step = step
        step.review += pendingReview
        pendingReview = []
        let index = flow.emit(step)
        emitted += 1
        if firstStep == nil { firstStep = index }
        if stepsInSection == 0, anchors[sectionAnchor] == nil, !sectionAnchor.isEmpty {
            anchors[sectionAnchor] = step.id
        }
        if stepsInSection == 0, sectionFirstStep[sectionLine] == nil { sectionFirstStep[sectionLine] = step.id }
        stepsInSection += 1
        return index
    }

    mutating func takePending() -> [String] {
        defer { pending = [] }
        return pending
    }

    mutating func appendText(_ text: String) {
        // Read ahead, text before any section of the part would go where the section before left it.
        if let ahead, !ahead.sectionStarted { ahead.textBeforeSection = true }
        if let open = lastOpen { flow[open].text.append(text) } else { pending.append(text) }
    }

    /// A new step holding `command`, titled by `sentence` (or the heading).
    mutating func emitCommandStep(_ command: DraftCommand, sentence: String, line: Int, text: [String] = []) -> Int {
        var title = Self.titleWithoutCode(sentence)
        if title.isEmpty || title.hasPrefix("`") {
            title = stepsInSection == 0 && !heading.isEmpty ? heading : Self.runTitle(command.command)
        }
        var step = DraftStep(id: flow.makeID(title), title: title, line: line)
        step.text = takePending() + text
        step.run = command
        let index = emitStep(step)
        lastOpen = index
        return index
    }

    /// "Run `kubectl get pods -n x`" for a step that is only its command (first line, capped).
    static func runTitle(_ command: String) -> String {
        "Run `\(Text.capped(command.split(separator: "\n").first.map(String.init) ?? command, 60))`"
    }

    /// A step's title from its sentence: without long commands, else the sentence as it is.
    static func stepTitle(_ sentence: String) -> String {
        let title = titleWithoutCode(sentence)
        return title.isEmpty ? Text.title(sentence) : title
    }

    /// "Check the node by issuing: `kubectl describe node x`" -> "Check the node by issuing".
    static func titleWithoutCode(_ sentence: String) -> String {
        guard sentence.containsBytes("`") else {
            let title = Text.title(sentence)
            return title.count < 4 ? "" : title
        }
        var out = ""
        var inCode = false
        var codeText = ""
        for c in sentence.unicodeScalars {
            if c == "`" {
                if inCode, codeText.utf8.count <= 50 || !CodeReading.isInlineCommand(codeText, context: sentence) {
                    out += "`\(codeText)`"
                }
                inCode.toggle()
                codeText = ""
                continue
            }
            if inCode { codeText.unicodeScalars.append(c) } else { out.unicodeScalars.append(c) }
        }
        let title = Text.title(out.replacingAll("  ", with: " "))
        return title.count < 4 ? "" : title
    }

    mutating func command(_ raw: String, line: Int, intro: String = "") -> DraftCommand? {
        let lower = intro.lowercased()
        let example = ["for example", "e.g.", "such as", "for instance", "example:"].contains {
            lower.containsBytes($0)
        }
        var (rest, taken, captured) = placeholders.absorbExports(raw, example: example)
        if !taken.isEmpty {
            // Before the command that is left, the note goes with it; else on the step before.
            let note =
                "The source sets `\(Text.capped(taken[0], 70))`\(taken.count > 1 ? " (and \(taken.count - 1) more)" : "") here; this runbook asks for the value instead."
            if rest.trimmingSpaces.isEmpty { appendText(note) } else { pending.append(note) }
        }
        guard !rest.trimmingSpaces.isEmpty else { return nil }
        if CodeReading.isSQL(rest), let client = sqlClient {
            // SQL for the database the source connected to: its client runs it (then as any command: placeholders, traits).
            pendingReview.append(
                "The SQL `\(Text.capped(rest.trimmingSpaces, 50))` runs with `\(client)`, the client the source connects with earlier; check it is the right database (line \(line))."
            )
            rest =
                client + (client.hasPrefix("mysql") || client.hasPrefix("mariadb") ? " -e " : " -c ")
                + ShellQuote.quote(rest.trimmingSpaces)
        }
        if CodeReading.isSQL(rest) {
            // Not for sh: run it with the database's client, which the source does not name here.
            let first = rest.split(separator: "\n").first.map(String.init) ?? rest
            pendingReview.append(
                "`\(Text.capped(first, 60))` is SQL, not a shell command; the source does not say how to reach the database, so it is text here. Run it with the database's client (e.g. `psql -c`) and make it a step (line \(line))."
            )
            appendText(
                "SQL from the source (run it in the database's client):\n\n    "
                    + rest.replacingAll("\n", with: "\n    "))
            return nil
        }
        var raw = rest
        // `psql -h db -U app` (no -c): how this document reaches its database, for the SQL after it.
        if let first = raw.trimmingSpaces.split(separator: "\n").first.map(String.init), Self.isSQLClient(first) {
            sqlClient = first.trimmingSpaces
        }
        var review: String?
        // "cmd --url <URL> (e.g. https://x)": the example is prose, not part of the command.
        if raw.hasSuffix(")"),
            let open = raw.firstRange(of: " (e.g.") ?? raw.firstRange(of: " (for example")
                ?? raw.firstRange(of: " (i.e.")
        {
            raw = String(raw[..<open.lowerBound])
            review = "The source's command had an example in parentheses after it, left out here (line \(line))."
        }
        sectionCommands.append(raw)
        let rewritten = placeholders.rewrite(command: raw)
        let (text, unsafe) = placeholders.safeCommand(rewritten)
        for u in unsafe { ahead?.sources.append((u.variable, u.source)) }
        if !unsafe.isEmpty {
            let list = unsafe.map { "`\($0.source)` (\($0.place))" }.joined(separator: ", ")
            review =
                (review.map { $0 + " " } ?? "")
                + "Left as the source wrote it, because a value there would be read as code: \(list). Fill it in by hand with e before running (line \(line))."
        }
        let traits = CodeReading.traits(of: raw)
        var command = DraftCommand(command: text, interactive: traits.interactive)
        command.background = traits.background
        command.confirm = Self.isDestructive(raw)
        command.guards = governing + sectionGuards
        command.captures = captured
        if let review { pendingReview.append(review) }
        return command
    }

    /// `psql -h db -U app dbname`, `mysql -h db -u app`: a client that opens a session (no -c, -e or -f).
    static func isSQLClient(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard let program = words.first, ["psql", "mysql", "mariadb"].contains(String(program)) else { return false }
        return !words.contains {
            ["-c", "-e", "-f", "--command", "--execute", "--file"].contains(String($0)) || $0.hasPrefix("--command=")
                || $0.hasPrefix("-c") && $0.count > 2
        }
            && !line.containsBytes("<") && !line.containsBytes("|")
    }

    /// Words that change or stop things: such commands ask before they run. Broader
    /// than `DangerousCommands`, which the walk enforces anyway: an imported runbook
    /// is unreviewed, so it asks before anything that changes state.
    static let destructiveWords: Set<String> = [
        "delete", "drain", "cordon", "reboot", "kill", "killall", "pkill", "shutdown", "mkfs", "restart", "stop",
        "truncate",
        "purge", "drop", "force", "force_resync", "rollout", "scale", "evict", "terminate", "destroy", "wipe", "rm",
        "rmdir",
        "cancel", "revert", "patch", "upgrade", "undo", "rollback", "uninstall", "remove", "reset", "edit", "replace",
        "failover"
    ]

    /// Splits on everything but letters, digits and `_` (so `app.restart:x` has `restart`).
    static func isDestructive(_ command: String) -> Bool {
        // Recursive flags change whole trees (`chown -R`, `chmod --recursive`).
        if command.split(separator: " ").contains(where: { $0 == "-R" || $0 == "--recursive" }) { return true }
        var word: [UInt8] = []
        func check() -> Bool {
            guard !word.isEmpty, word.count <= 24 else { return false }
            if destructiveWords.contains(String(decoding: word, as: UTF8.self)) { return true }
            // `purge_queue`, `pg_cancel_backend`: each part of a snake_case name.
            return word.contains(0x5F)
                && word.split(separator: 0x5F).contains {
                    destructiveWords.contains(String(decoding: $0, as: UTF8.self))
                }
        }
        for b in command.utf8 {
            let lower = b >= 0x41 && b <= 0x5A ? b + 32 : b
            if (lower >= 0x61 && lower <= 0x7A) || (lower >= 0x30 && lower <= 0x39) || lower == 0x5F {
                word.append(lower); continue
            }
            if check() { return true }
            word.removeAll(keepingCapacity: true)
        }
        return check()
    }
}
