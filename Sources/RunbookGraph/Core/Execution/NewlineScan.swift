/// Newline counting for floods: a command that prints hundreds of MB/s
/// hands the output window megabyte chunks, and finding the lines worth
/// keeping must cost far less than reading them: eight bytes per step,
/// counted in byte lanes and summed once per block of 128 bytes.
enum NewlineScan {
    private static let lows: UInt64 = 0x7f7f_7f7f_7f7f_7f7f
    private static let newlines: UInt64 = 0x0a0a_0a0a_0a0a_0a0a
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let block = 128

    /// How many newlines `buffer` holds, and where the `(keep + 1)`-th from
    /// the end is (nil when there are no more than `keep`): every line up to
    /// and including it would fall off a window that keeps `keep` lines.
    static func scan(_ buffer: UnsafeBufferPointer<UInt8>, keep: Int) -> (newlines: Int, cut: Int?) {
        guard let base = buffer.baseAddress else { return (0, nil) }
        let raw = UnsafeRawPointer(base)
        var count = 0
        var cut: Int?
        var end = buffer.count
        // Byte by byte until the rest is whole blocks, then a block at a time from the end.
        while end % block != 0 {
            end -= 1
            if base[end] == UInt8(ascii: "\n") {
                count += 1
                if count == keep + 1 { cut = end }
            }
        }
        while end > 0 {
            end -= block
            var lanes: UInt64 = 0  // each byte counts the newlines at its place in 16 words: at most 16
            for word in stride(from: end, to: end + block, by: 8) {
                lanes &+= newlineBits(raw.loadUnaligned(fromByteOffset: word, as: UInt64.self)) >> 7
            }
            let hits = Int((lanes &* ones) >> 56)  // the sum of the eight lanes (at most 128)
            if cut == nil, count + hits > keep {
                var i = end + block
                var seen = count
                while seen <= keep {
                    i -= 1
                    if base[i] == UInt8(ascii: "\n") { seen += 1 }
                }
                cut = i
            }
            count += hits
        }
        return (count, cut)
    }

    /// 0x80 in each byte of `word` that is `\n`, exactly: the xor makes those
    /// bytes zero, and only a zero byte keeps its high bit clear after adding
    /// 0x7f to its low seven bits or-ed with itself.
    @inline(__always)
    private static func newlineBits(_ word: UInt64) -> UInt64 {
        let x = word ^ newlines
        return ~(((x & lows) &+ lows) | x | lows)
    }
}
