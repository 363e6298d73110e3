import Foundation
import Testing
@testable import RunbookRuntime

/// The full-output file on its own: a flood goes around the page cache, and
/// wherever that fails the file must still hold every byte, in order.
struct OutputFileTests {
    /// 24 MB (past the flood threshold, and not whole blocks) of bytes that differ
    /// from their neighbours, in chunks of uneven sizes, as a pipe gives them.
    static let bytes: [UInt8] = {
        var out = [UInt8](repeating: 0, count: 24_000_017)
        var x: UInt32 = 2_463_534_242
        for i in out.indices {
            x ^= x << 13; x ^= x >> 17; x ^= x << 5
            out[i] = UInt8(truncatingIfNeeded: x)
        }
        return out
    }()

    static func chunks() -> [[UInt8]] {
        var out: [[UInt8]] = []
        var at = 0
        var k = 0
        while at < bytes.count {
            let size = min(bytes.count - at, [1_000_003, 65_536, 1, 4_095, 777_777][k % 5])
            out.append(Array(bytes[at..<(at + size)]))
            at += size
            k += 1
        }
        return out
    }

    static func write(
        _ chunks: [[UInt8]], limit: Int = 1 << 30, direct: @escaping @Sendable (String) -> DirectWriter?
    ) throws -> (file: [UInt8], fullReports: Int) {
        let dir = try TemporaryFolder()
        let path = dir.url.appendingPathComponent("out.txt").path
        let file = try #require(OutputFile(path: path, limit: limit, direct: direct))
        var reports = 0
        for chunk in chunks where file.append(chunk) { reports += 1 }
        file.finish()
        return (try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))), reports)
    }

    @Test func aFloodIsWrittenWhole() throws {
        let file = try Self.write(Self.chunks(), direct: DirectWriter.forFile).file
        #expect(file.count == Self.bytes.count)
        let same = file == Self.bytes  // not inside #expect: a failure would describe 24 MB
        #expect(same, "the file differs from what was written")
    }

    /// A file system that takes the direct descriptor but refuses its writes (here: a
    /// descriptor opened read-only): the flood goes on buffered from where it stopped.
    @Test func refusedDirectWritesFallBackWithoutLosingAByte() throws {
        let refusing: @Sendable (String) -> DirectWriter? = { path in DirectWriter(fd: open(path, O_RDONLY)) }
        let file = try Self.write(Self.chunks(), direct: refusing).file
        #expect(file.count == Self.bytes.count)
        let same = file == Self.bytes  // not inside #expect: a failure would describe 24 MB
        #expect(same, "the file differs from what was written")
    }

    @Test func theLimitHoldsAcrossDirectWrites() throws {
        let (file, reports) = try Self.write(Self.chunks(), limit: 20_000_001, direct: DirectWriter.forFile)
        #expect(file.count == 20_000_001)
        let same = file[...] == Self.bytes.prefix(20_000_001)
        #expect(same, "the file differs from what was written")
        #expect(reports == 1)
    }
}
