// libyaml's event API, through the copy Yams builds. Composing nodes ourselves
// from events is several times faster than Yams' Node composer and keeps the
// exact line and column of every scalar for diagnostics.
import CYaml

/// Why a document could not be composed.
public struct YAMLError: Error, Sendable {
    public var message: String
    public var line: Int
    public var column: Int
}

/// Builds a `YAMLNode` tree from YAML text with libyaml's event parser.
///
/// Aliases are resolved by sharing the anchored subtree (value types, so no
/// copy), and the total number of nodes that aliases add is capped, so a
/// "billion laughs" document fails fast instead of exhausting time or memory.
public struct YAMLComposer: Sendable {
    /// Most nodes aliases may add to a document.
    public static let defaultAliasBudget = 100_000

    public var aliasBudget: Int

    public init(aliasBudget: Int = YAMLComposer.defaultAliasBudget) {
        self.aliasBudget = aliasBudget
    }

    /// The first document of `text`, or nil for a stream with no document.
    public func compose(_ text: String) throws(YAMLError) -> YAMLNode? {
        try compose(bytes: Array(text.utf8)).node
    }

    /// The first document of `bytes`, whose first line is line `lineOffset + 1` of
    /// its file, and how many nodes aliases added to it.
    func compose(bytes: [UInt8], lineOffset: Int = 0) throws(YAMLError) -> (node: YAMLNode?, aliasNodes: Int) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw YAMLError(message: "could not start the YAML parser", line: 1, column: 1)
        }
        defer { yaml_parser_delete(&parser) }
        // libyaml wants a non-null pointer even for no input.
        let input = bytes.isEmpty ? [0] : bytes
        return try input.withUnsafeBufferPointer { (buffer) throws(YAMLError) -> (YAMLNode?, Int) in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, bytes.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var state = ComposeState(parser: parser, aliasBudget: aliasBudget, lineOffset: lineOffset)
            defer { parser = state.parser }
            let node = try state.composeFirstDocument()
            return (node, state.aliasNodes)
        }
    }
}

private struct ComposeState {
    var parser: yaml_parser_t
    var anchors: [String: YAMLNode] = [:]
    var aliasBudget: Int
    var aliasNodes = 0
    /// Lines of the file before the text being composed.
    let lineOffset: Int

    init(parser: yaml_parser_t, aliasBudget: Int, lineOffset: Int) {
        self.parser = parser
        self.aliasBudget = aliasBudget
        self.lineOffset = lineOffset
    }

    mutating func next() throws(YAMLError) -> yaml_event_t {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
            throw syntaxError()
        }
        return event
    }

    func syntaxError() -> YAMLError {
        let problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        var message = problem
        if let context = parser.context.map({ String(cString: $0) }) {
            message += " \(context)"
        }
        // libyaml's nesting limit names its own API: say what it means instead.
        if message.contains("yaml_set_max_nest_level") {
            message = "the YAML is nested too deeply (more than 1000 levels): flatten it"
        }
        let mark = parser.problem_mark
        return YAMLError(
            message: "YAML syntax error: \(message)",
            line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
    }

    mutating func composeFirstDocument() throws(YAMLError) -> YAMLNode? {
        var event = try next()
        defer { yaml_event_delete(&event) }
        // STREAM-START, then DOCUMENT-START or STREAM-END.
        var doc = try next()
        defer { yaml_event_delete(&doc) }
        if doc.type == YAML_STREAM_END_EVENT { return nil }
        var first = try next()
        let root = try composeNode(&first)
        // What follows the root must end the document: anything else (text
        // after a block that was indented, a second document) is reported,
        // never silently ignored.
        var end = try next()
        defer { yaml_event_delete(&end) }
        if end.type == YAML_DOCUMENT_END_EVENT {
            var after = try next()
            defer { yaml_event_delete(&after) }
            if after.type == YAML_DOCUMENT_START_EVENT {
                throw YAMLError(
                    message: "a second YAML document starts here ('---'): a runbook file holds one",
                    line: Int(after.start_mark.line) + 1 + lineOffset, column: Int(after.start_mark.column) + 1)
            }
        }
        return root
    }

    /// Composes the node that starts with `event`, consuming (and freeing) it.
    mutating func composeNode(_ event: inout yaml_event_t) throws(YAMLError) -> YAMLNode {
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1 + lineOffset
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let value = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let node = YAMLNode(
                content: .scalar(value, plain: scalar.style == YAML_PLAIN_SCALAR_STYLE),
                line: line, column: column, size: 1)
            register(anchor: scalar.anchor, node)
            return node
        case YAML_SEQUENCE_START_EVENT:
            let anchor = event.data.sequence_start.anchor.map { String(cString: $0) }
            var items: [YAMLNode] = []
            items.reserveCapacity(4)  // most lists and mappings are short: spare the first regrowths
            var size = 1
            while true {
                var child = try next()
                if child.type == YAML_SEQUENCE_END_EVENT {
                    yaml_event_delete(&child)
                    break
                }
                let node = try composeNode(&child)
                size += node.size
                items.append(node)
            }
            let node = YAMLNode(content: .sequence(items), line: line, column: column, size: size)
            if let anchor { anchors[anchor] = node }
            return node
        case YAML_MAPPING_START_EVENT:
            let anchor = event.data.mapping_start.anchor.map { String(cString: $0) }
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(4)
            var size = 1
            while true {
                var keyEvent = try next()
                if keyEvent.type == YAML_MAPPING_END_EVENT {
                    yaml_event_delete(&keyEvent)
                    break
                }
                let key = try composeNode(&keyEvent)
                var valueEvent = try next()
                let value = try composeNode(&valueEvent)
                size += key.size + value.size
                pairs.append(YAMLPair(key: key, value: value))
            }
            let node = YAMLNode(content: .mapping(pairs), line: line, column: column, size: size)
            if let anchor { anchors[anchor] = node }
            return node
        case YAML_ALIAS_EVENT:
            let name = event.data.alias.anchor.map { String(cString: $0) } ?? ""
            guard var node = anchors[name] else {
                throw YAMLError(
                    message: "YAML alias '*\(name)' refers to no anchor defined before it",
                    line: line, column: column)
            }
            aliasNodes += node.size
            if aliasNodes > aliasBudget {
                throw YAMLError(
                    message: "YAML aliases expand to more than \(aliasBudget) nodes; "
                        + "this looks like an alias bomb (\"billion laughs\"): use fewer nested aliases",
                    line: line, column: column)
            }
            // Report problems inside the aliased content where the alias is used.
            node.line = line
            node.column = column
            return node
        default:
            throw YAMLError(message: "unexpected YAML event", line: line, column: column)
        }
    }

    mutating func register(anchor: UnsafeMutablePointer<yaml_char_t>?, _ node: YAMLNode) {
        guard let anchor else { return }
        anchors[String(cString: anchor)] = node
    }
}
