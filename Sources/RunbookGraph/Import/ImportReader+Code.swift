/// Code blocks: commands into steps, output into example text.
extension ImportReader {
    mutating func readCode(_ code: String, language: String, line: Int, intro: String) {
        // First thing under a heading: the heading says what it is for ("Check the consumer").
        let intro =
            intro.isEmpty && stepsInSection == 0 && pending.count <= 1 && !heading.isEmpty ? heading + ":" : intro
        let pieces = CodeReading.read(code, language: language, intro: intro)
        let introSentence = MarkdownInline.sentences(Self.clean(intro)).last ?? ""
        let directory =
            pieces.contains { if case .command = $0 { true } else { false } } ? Self.workingDirectory(intro) : nil
        var commandsSeen = 0
        var checkStep: Int?
        // A branch that took its command from this block ("If the pods are not running, obtain
        // the logs (example commands below)"): the block's later commands go on in that branch,
        // under its condition, and the branch's other ways lead past them.
        var branch: (end: Int, guard: Int?, aside: [FlowBuilder.Dangler])?
        for piece in pieces {
            switch piece {
            case .command(let raw):
                commandsSeen += 1
                askDeferredBefore(intro: intro)
                guard var c = command(raw, line: line, intro: intro) else { continue }
                if let dir = directory, !c.command.hasPrefix("cd ") {
                    c.command = "cd \(ShellQuote.quote(dir)) && " + c.command
                }
                if let index = awaitingCommand, flow[index].run == nil {
                    if let g = awaitingGuard { c.guards.append(g) }
                    flow[index].run = c
                    flow[index].review += pendingReview
                    pendingReview = []
                    if flow.open.contains(.next(index)) {
                        branch = (index, awaitingGuard, flow.open.filter { $0 != .next(index) })
                    }
                    awaitingCommand = nil
                    awaitingGuard = nil
                    continue
                }
                if let chain = branch {
                    if let g = chain.guard { c.guards.append(g) }
                    flow.open = [.next(chain.end)]
                    let index = emitCommandStep(c, sentence: "", line: line)
                    branch?.end = index
                    flow.open += chain.aside
                    checkStep = index
                    continue
                }
                let mixed =
                    language.isEmpty
                    && raw.byteLines.contains { line in
                        let t = line.trimmingSpaces
                        return !t.isEmpty && !t.hasPrefix("#") && !CodeReading.isCommandLine(t) && !t.hasPrefix("|")
                            && !t.hasPrefix("&&")
                            && !(raw.byteLines.count <= 3 && CodeReading.looksLikeCommandSyntax(t))
                    } && !raw.containsBytes("\\\n")
                // "We can get these using `kubectl get certificate`." and then the same command
                // in a block with its output, or the fuller one (`kubectl describe certificate
                // <name>` after `kubectl describe certificate`): one step, not the same one
                // twice; it runs the block's command, under the conditions it already had.
                if commandsSeen == 1, let named = stepNaming(c.command, intro: intro) {
                    let guards = flow[named].run?.guards ?? []
                    flow[named].run = c
                    flow[named].run?.guards = guards + c.guards.filter { !guards.contains($0) }
                    checkStep = named
                    continue
                }
                let index: Int
                if let open = lastOpen, flow[open].run == nil {
                    flow[open].run = c
                    flow[open].review += pendingReview
                    pendingReview = []
                    index = open
                } else {
                    index = emitCommandStep(c, sentence: commandsSeen == 1 ? introSentence : "", line: line)
                }
                if mixed {
                    flow[index].review.append(
                        "Some lines of this block do not look like shell commands; check it runs as written (line \(line))."
                    )
                }
                checkStep = index
            case .output(let text):
                let lines = text.byteLines
                var shown = lines.prefix(20).map { $0.trimmingSpaces.isEmpty ? "" : "    " + $0 }
                if lines.count > 20 { shown.append("    … (\(lines.count - 20) more lines in the source)") }
                let block =
                    (language.isEmpty ? "Example:" : "Example (\(language)):") + "\n" + shown.joined(separator: "\n")
                if let chain = branch {
                    flow[chain.end].text.append(block)
                } else if let open = lastOpen, flow[open].run != nil {
                    flow[open].text.append(block)
                } else {
                    appendText(block)
                }
            }
        }
        if let checkStep { askDeferredAfter(step: checkStep, intro: intro) }
        awaitingCommand = nil
        awaitingGuard = nil
    }

    /// An open step whose command the intro names in backticks and `command` repeats, or
    /// gives in full (the same words, then more).
    func stepNaming(_ command: String, intro: String) -> Int? {
        if let ahead, ahead.firstEmit == nil {
            // Read ahead, the ways open here are the reading before's: asked again when it is joined.
            ahead.namings.append((command, intro))
            return nil
        }
        for way in flow.open {
            guard case .next(let i) = way, let named = flow[i].run?.command,
                command == named || command.hasPrefix(named + " "), intro.containsBytes("`\(named)`")
            else { continue }
            return i
        }
        return nil
    }

    /// "From the spool folder (cd to /srv/export/spool first)", "in `/var/lib/x`": the folder a command runs in.
    static func workingDirectory(_ intro: String) -> String? {
        let plain = MarkdownInline.plain(intro)
        let lower = plain.lowercased()
        for cue in [
            "cd to ", "cd into ", "cd ", "change to ", "change into ", "from the directory ", "from the folder ",
            "in the directory ",
            "in the folder ", "inside ", "from within "
        ] {
            guard let r = lower.byteRange(of: cue) else { continue }
            let offset = lower.distance(from: lower.startIndex, to: r.upperBound)
            let rest = plain.dropFirst(offset).drop { $0 == "`" || $0 == " " }
            var path = String(rest.prefix { !" `),;\n".contains($0) })
            while let last = path.last, ".:".contains(last) { path.removeLast() }
            if path.hasPrefix("/"), path.count > 1, !path.containsBytes("..") { return path }
        }
        return nil
    }

    /// Markdown the step text can show: entities decoded, images as links,
    /// kramdown attribute spans removed.
    static func clean(_ text: String) -> String {
        var s = MarkdownInline.decodeEntities(text)
        // Hugo's `{{< relref "../ops/queues.md" >}}`: a link to the path it names.
        for (open, close) in [("{{< relref ", ">}}"), ("{{% relref ", "%}}"), ("{{< ref ", ">}}"), ("{{% ref ", "%}}")]
        {
            while let start = s.byteRange(of: open), let end = s[start.upperBound...].firstRange(of: close) {
                let path = s[start.upperBound..<end.lowerBound].trimmingSpaces.filter { $0 != "\"" }
                s.replaceSubrange(start.lowerBound..<end.upperBound, with: "[\(path)](\(path))")
            }
        }
        s = s.replacingAll("![", with: "[image: ")
        while let open = s.byteRange(of: "{:"),
            let close = s[open.upperBound...].firstIndex(of: "}")
        {
            s.removeSubrange(open.lowerBound...close)
        }
        return s
    }
}
