import Foundation

/// Composes a big runbook's `steps:` block in slices, on every core.
///
/// The block is cut before the lines that start a step (a key at the block's
/// own indentation). Each slice is a YAML mapping of its own, composed by its
/// own parser with its lines numbered as in the file; the rest of the file,
/// with the block's lines left empty, is composed alongside. A slice ends where
/// a step ends in the whole text too, unless something open spans the cut (a
/// quote, a flow collection, an anchor used later): then that slice does not
/// compose alone. On any such sign, or aliases (their budget is per document),
/// the split gives up and the caller composes the whole text, which reports
/// every problem exactly as before.
enum StepsSplit {
    /// The whole document, or nil when the text cannot be split safely. `slices`
    /// at most (fewer with fewer steps: a slice holds one step or more).
    static func compose(_ text: String, aliasBudget: Int, slices: Int) -> YAMLNode? {
        let bytes = Array(text.utf8)
        guard let block = bytes.withUnsafeBufferPointer({ StepsBlock(of: $0) }), block.cuts.count >= 2 else {
            return nil
        }
        let slices = min(slices, block.cuts.count)
        let perSlice = (block.cuts.count + slices - 1) / slices
        let parts = ParallelSlots<YAMLNode>(count: slices + 1)
        let composer = YAMLComposer(aliasBudget: aliasBudget)
        DispatchQueue.concurrentPerform(iterations: slices + 1) { k in
            guard k < slices else {
                // The rest of the file: the block's lines stay, empty, so later lines keep their numbers.
                var rest = Array(bytes[..<block.start])
                rest.reserveCapacity(bytes.count - (block.end - block.start) + block.cuts.count)
                for b in bytes[block.start..<block.end] where b == newline { rest.append(b) }
                rest += bytes[block.end...]
                if let (node, aliases) = try? composer.compose(bytes: rest), aliases == 0, let node {
                    parts.set(k, node)
                }
                return
            }
            let first = k * perSlice
            guard first < block.cuts.count else { return }
            let last = min(block.cuts.count, first + perSlice)
            let end = last < block.cuts.count ? block.cuts[last].offset : block.end
            let start = block.cuts[first]
            if let (node, aliases) = try? composer.compose(
                bytes: Array(bytes[start.offset..<end]), lineOffset: start.line - 1),
                aliases == 0, let node, case .mapping = node.content
            {
                parts.set(k, node)
            }
        }
        let values = parts.values
        let used = (block.cuts.count + perSlice - 1) / perSlice
        guard let rest = values[slices], case .mapping(var pairs) = rest.content,
            let at = pairs.firstIndex(where: { $0.key.line == block.stepsLine && $0.key.scalar == "steps" }),
            pairs[at].value.isNull
        else { return nil }
        var steps: [YAMLPair] = []
        steps.reserveCapacity(block.cuts.count)
        var size = 1
        for k in 0..<used {
            guard let slice = values[k], case .mapping(let part) = slice.content else { return nil }
            steps += part
            size += slice.size - 1
        }
        let firstSlice = values[0]!
        let restSize = rest.size - pairs[at].value.size + size
        pairs[at].value = YAMLNode(
            content: .mapping(steps), line: firstSlice.line, column: firstSlice.column, size: size)
        return YAMLNode(content: .mapping(pairs), line: rest.line, column: rest.column, size: restSize)
    }
}

/// Where a top-level `steps:` block is in a file's bytes, and the lines in it
/// that start a step.
struct StepsBlock {
    /// Byte offsets of the block's first line (after `steps:`) and of the first line after it.
    var start = 0
    var end = 0
    /// The line of `steps:` itself.
    var stepsLine = 0
    /// Where each line that starts a step begins, and its line number.
    var cuts: [(offset: Int, line: Int)] = []

    /// Nil without a plain `steps:` key at column 0, or with a block whose shape
    /// a line cut could misread (tabs in indentation, a line less indented than its first step).
    init?(of b: UnsafeBufferPointer<UInt8>) {
        var i = 0
        var line = 1
        var inBlock = false
        var indent = -1
        end = b.count
        while i < b.count {
            let found = memchr(b.baseAddress! + i, Int32(newline), b.count - i)
            let lineEnd = found.map { UnsafeRawPointer($0) - UnsafeRawPointer(b.baseAddress!) } ?? b.count
            if !inBlock {
                if Self.isStepsKey(b, from: i, to: lineEnd) {
                    inBlock = true
                    start = min(b.count, lineEnd + 1)
                    stepsLine = line
                }
            } else {
                var j = i
                while j < lineEnd, b[j] == space { j += 1 }
                if j < lineEnd, b[j] == tab { return nil }
                let blank = j == lineEnd || (b[j] == carriageReturn && j + 1 == lineEnd) || b[j] == hash
                if !blank {
                    let n = j - i
                    if n == 0 {
                        end = i
                        break
                    }
                    if indent < 0 { indent = n }
                    if n < indent { return nil }
                    if n == indent { cuts.append((i, line)) }
                }
            }
            i = lineEnd + 1
            line += 1
        }
        guard inBlock else { return nil }
    }

    /// `steps:` at column 0, nothing after it but spaces or a comment.
    static func isStepsKey(_ b: UnsafeBufferPointer<UInt8>, from i: Int, to lineEnd: Int) -> Bool {
        let key = Array("steps:".utf8)
        guard lineEnd - i >= key.count else { return false }
        for k in 0..<key.count where b[i + k] != key[k] { return false }
        var j = i + key.count
        while j < lineEnd, b[j] == space || b[j] == tab { j += 1 }
        return j == lineEnd || b[j] == hash && j > i + key.count || (b[j] == carriageReturn && j + 1 == lineEnd)
    }
}

private let newline = UInt8(ascii: "\n")
private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let hash = UInt8(ascii: "#")
private let carriageReturn = UInt8(ascii: "\r")
