#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The O_DIRECT side of the output file: a second descriptor on it, and an
/// aligned staging block that chunks are copied into until it is whole.
final class DirectWriter {
    let fd: Int32
    private let buffer: UnsafeMutableRawPointer
    private(set) var staged = 0

    init?(path: String) {
        #if os(Linux) && arch(x86_64)
            let flag: Int32 = 0o40000
        #elseif os(Linux) && arch(arm64)
            let flag: Int32 = 0o200000
        #else
            return nil
        #endif
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            fd = open(path, O_WRONLY | O_CLOEXEC | flag)
            guard fd >= 0 else { return nil }
            var pointer: UnsafeMutableRawPointer?
            guard posix_memalign(&pointer, OutputFile.alignment, OutputFile.block) == 0, let pointer else {
                close(fd)
                return nil
            }
            buffer = pointer
        #endif
    }

    deinit { free(buffer) }

    var isFull: Bool { staged == OutputFile.block }
    var stagedBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: buffer, count: staged) }

    /// Copies as much as fits; how much that was.
    func stage(_ bytes: UnsafeRawBufferPointer) -> Int {
        let n = min(bytes.count, OutputFile.block - staged)
        (buffer + staged).copyMemory(from: bytes.baseAddress!, byteCount: n)
        staged += n
        return n
    }

    /// Writes the whole block at `offset` (a multiple of the alignment); how much was written.
    func writeBlock(at offset: Int) -> Int {
        OutputFile.writeAll(fd, stagedBytes, at: offset)
    }

    /// Drops the first `count` staged bytes (they are in the file).
    func consume(_ count: Int) {
        guard count > 0 else { return }
        if count < staged { (buffer).copyMemory(from: buffer + count, byteCount: staged - count) }
        staged -= count
    }
}
