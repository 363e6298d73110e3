import Foundation
import RunbookGraph

/// The library index on disk: a line of its own, then one record per file,
/// fields split by U+001F, records ended by U+001E, lists split by U+001D.
///
/// Not JSON: Foundation's decoder spent 50 µs per card (78 ms for a thousand,
/// most of the picker's first frame); this reads a thousand in a few. YAML
/// allows none of these control characters in a runbook, so no field holds
/// one; a file whose path does is left out of the index (read every time).
extension LibraryIndex {
    static let magic = "runbook library index 1\n"
    static let fieldCount = 21

    func encoded() -> Data {
        var out = Self.magic
        for key in entries.keys.sorted() {
            let e = entries[key]!
            let c = e.card
            let lists = (c?.tags ?? []) + (c?.captured ?? []) + (c?.links ?? [])
            let fields: [String] = [
                key, String(e.size), String(e.modified), e.contentHash, e.problem ?? "", e.scenario ? "1" : "0",
                c == nil ? "0" : "1", c?.kind.rawValue ?? "", c?.path ?? "", c?.id ?? "", c?.title ?? "",
                c?.service ?? "", (c?.tags ?? []).joined(separator: "\u{1D}"), String(c?.stepCount ?? 0),
                c?.practises ?? "", c?.practisedHash ?? "", c?.matchText ?? "", c?.variablesText ?? "",
                (c?.captured ?? []).joined(separator: "\u{1D}"), (c?.links ?? []).joined(separator: "\u{1D}"),
                c?.contentHash ?? ""
            ]
            guard !lists.contains(where: Self.holdsSeparator),
                !fields.enumerated().contains(where: {
                    ![12, 18, 19].contains($0.offset) && Self.holdsSeparator($0.element)
                })
            else { continue }
            out += fields.joined(separator: "\u{1F}") + "\u{1E}"
        }
        return Data(out.utf8)
    }

    static func holdsSeparator(_ field: String) -> Bool {
        field.utf8.contains { $0 == 0x1D || $0 == 0x1E || $0 == 0x1F }
    }

    /// Nil when `data` is not an index of this format, or any record is damaged.
    static func decoded(_ data: Data) -> LibraryIndex? {
        let shared = SharedBytes([UInt8](data))
        return shared.bytes.withUnsafeBufferPointer { decoded($0, shared: shared) }
    }

    /// Records and fields are found with memchr: a card's `match:` and
    /// `variables:` texts are most of its bytes, and a byte-by-byte split
    /// over them was most of a warm start.
    /// `bytes` are `shared.bytes`: the cards' variables texts stay ranges of them.
    static func decoded(_ bytes: UnsafeBufferPointer<UInt8>, shared: SharedBytes) -> LibraryIndex? {
        let magic = Array(Self.magic.utf8)
        guard let base = bytes.baseAddress, bytes.count >= magic.count, bytes.prefix(magic.count).elementsEqual(magic)
        else { return nil }
        // Every record is ended: a file cut short (a torn write) is damaged, not smaller.
        guard bytes.count == magic.count || bytes.last == 0x1E else { return nil }
        func find(_ byte: UInt8, from: Int, to: Int) -> Int? {
            guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
            return UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base
        }
        var index = LibraryIndex()
        var at = magic.count
        var raw: [UnsafeBufferPointer<UInt8>] = []
        raw.reserveCapacity(fieldCount)
        while let end = find(0x1E, from: at, to: bytes.count) {
            defer { at = end + 1 }
            guard end > at else { continue }
            raw.removeAll(keepingCapacity: true)
            var from = at
            while raw.count < fieldCount - 1, let cut = find(0x1F, from: from, to: end) {
                raw.append(UnsafeBufferPointer(rebasing: bytes[from..<cut]))
                from = cut + 1
            }
            raw.append(UnsafeBufferPointer(rebasing: bytes[from..<end]))
            guard raw.count == fieldCount, find(0x1F, from: from, to: end) == nil else { return nil }
            // Lists stay bytes until split: String's own split walks characters, ten times slower.
            let f = raw.enumerated().map {
                [12, 17, 18, 19].contains($0.offset) ? "" : String(decoding: $0.element, as: UTF8.self)
            }
            let variablesStart = raw[17].baseAddress.map { base.distance(to: $0) } ?? 0
            guard let size = Int64(f[1]), let modified = Int64(f[2]) else { return nil }
            var card: RunbookCard?
            if f[6] == "1" {
                guard let kind = RunbookCard.Kind(rawValue: f[7]), let steps = Int(f[13]) else { return nil }
                card = RunbookCard(
                    kind: kind, path: f[8], id: f[9], title: f[10], service: f[11].isEmpty ? nil : f[11],
                    tags: list(raw[12]), stepCount: steps, practises: f[14].isEmpty ? nil : f[14],
                    practisedHash: f[15].isEmpty ? nil : f[15], matchText: f[16],
                    variables: CardText(bytes: shared, range: variablesStart..<variablesStart + raw[17].count),
                    captured: list(raw[18]), links: list(raw[19]), contentHash: f[20])
            }
            index.entries[f[0]] = Entry(
                size: size, modified: modified, card: card, problem: f[4].isEmpty ? nil : f[4], contentHash: f[3],
                scenario: f[5] == "1")
        }
        return index
    }

    static func list(_ field: UnsafeBufferPointer<UInt8>) -> [String] {
        field.isEmpty
            ? []
            : field.split(separator: 0x1D, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
