/// A card's YAML text (its `variables:` pair), kept as the bytes of the
/// index it was read from until someone asks for it: triage decodes the
/// variables only of the cards that match, so a warm start of 5,000 cards
/// need not make 5,000 strings of 3 KB (16 MB copied and freed each start).
public struct CardText: Sendable, Equatable {
    private enum Storage: Sendable {
        case text(String)
        case bytes(SharedBytes, Range<Int>)
    }

    private let storage: Storage

    public init(_ text: String) { storage = .text(text) }

    public init(bytes: SharedBytes, range: Range<Int>) { storage = .bytes(bytes, range) }

    public var string: String {
        switch storage {
        case .text(let text): text
        case .bytes(let shared, let range): String(decoding: shared.bytes[range], as: UTF8.self)
        }
    }

    public static func == (a: CardText, b: CardText) -> Bool { a.string == b.string }
}

/// Bytes shared, never changed, by every card read from one index.
public final class SharedBytes: Sendable {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
}
