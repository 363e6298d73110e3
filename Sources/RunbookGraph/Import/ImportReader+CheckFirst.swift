/// "If volume resizing is available, it's easiest to resize. To check if
/// volume expansion is available, run: ...": a section that opens with a
/// condition and then shows how to check it. The check runs first and the
/// question comes after it; the rest of the section is the "yes" branch and
/// "no" skips it. A later section that opens with the opposite condition
/// ("... volume expansion is not available, purge the volume") is where "no"
/// goes, and the "yes" branch never walks into it.
extension ImportReader {
    struct DeferredCondition {
        var condition: ConditionSentence
        var line: Int
    }

    /// The branch of a section's opening condition, remembered for a later opposite one.
    struct SectionCondition {
        var words: Set<String>
        var negated: Bool
        /// The ways out of the "yes" branch.
        var yesExits: [FlowBuilder.Dangler]
    }

    /// Holds an opening condition whose action only describes ("it's easiest to ...")
    /// when the section goes on to run something; true when it was taken.
    mutating func deferCondition(_ condition: ConditionSentence, line: Int, source: String) -> Bool {
        // "If X, it's easiest to Y": a condition with a consequence; a bare "If X the connection is refused" only describes.
        guard stepsInSection == 0, sectionHasCommands, deferred == nil, condition.kind == .ifThen, !condition.anaphoric,
            !condition.action.isEmpty
        else { return false }
        deferred = DeferredCondition(condition: condition, line: line)
        appendText(source)
        return true
    }

    /// Before a command of the section: unless the command checks the held
    /// condition, the question is asked now.
    mutating func askDeferredBefore(intro: String) {
        guard let held = deferred, !Self.checks(intro, held.condition) else { return }
        deferred = nil
        let g = newGuard(line: held.line, sentence: held.condition.sentence, question: held.condition.question)
        var step = DraftStep(id: flow.makeID(held.condition.question), title: held.condition.question, line: held.line)
        step.isDecision = true
        step.text = takePending()
        let d = emitStep(step)
        branchOnDeferred(d, guardID: g)
    }

    /// After the command that checks the held condition: its step asks it.
    mutating func askDeferredAfter(step index: Int, intro: String) {
        guard let held = deferred, Self.checks(intro, held.condition) else { return }
        deferred = nil
        let g = newGuard(line: held.line, sentence: held.condition.sentence, question: held.condition.question)
        flow.open.removeAll { $0 == .next(index) }
        flow[index].isDecision = true
        flow[index].questionLines.append(held.line)
        branchOnDeferred(index, guardID: g)
        flow[index].review.append(
            "The source asks \"\(Text.capped(held.condition.sentence, 100))\" (line \(held.line)); this step runs the check first, then asks it."
        )
    }

    private mutating func branchOnDeferred(_ d: Int, guardID g: Int) {
        let yes = flow.addOutcome(to: d, label: "Yes", next: nil, id: "yes", affirms: g)
        let no = flow.addOutcome(to: d, label: "No", next: nil, id: "no")
        flow.open = yes.map { [$0] } ?? []
        if let no { sectionSkip.append(no) }
        sectionGuards.append(g)
        openingCondition = guards[g].sentence
        lastOpen = nil
    }

    /// "To check if volume expansion is available" checks "volume resizing is available".
    static func checks(_ intro: String, _ condition: ConditionSentence) -> Bool {
        let lower = intro.lowercased()
        guard
            [
                "check if", "check whether", "see if", "see whether", "verify", "find out", "determine", "confirm",
                "to check"
            ].contains(where: { lower.containsBytes($0) })
        else { return false }
        return words(intro).intersection(words(condition.condition)).count >= 2
    }

    /// A section opening with the opposite of an earlier section's opening condition:
    /// the earlier "yes" branch goes past this section instead of into it.
    mutating func routeAroundOpposite(_ condition: ConditionSentence) {
        guard let earlier = previousSectionCondition else { return }
        previousSectionCondition = nil
        // Content words both conditions are about ("volume", "available"), not numbers or short words.
        let shared = Self.words(condition.condition).intersection(earlier.words).filter {
            $0.count >= 4 && !$0.allSatisfy(\.isNumber)
        }
        guard shared.count >= 2, ConditionSentence.negates(condition.condition) != earlier.negated else { return }
        // Only ways still open: one already wired (to a step in between) stays where it leads.
        let still = earlier.yesExits.filter { flow.open.contains($0) }
        flow.open.removeAll { still.contains($0) }
        sectionSkip += still
    }
}
