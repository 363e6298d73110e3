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

    /// O_DIRECT as Linux defines it where this runs; nil where there is none.
    static var directFlag: Int32? {
        #if os(Linux) && arch(x86_64)
            return 0o40000
        #elseif os(Linux) && arch(arm64)
            return 0o200000
        #else
            return nil
        #endif
    }

    /// Opens `path` again for direct writes; nil where they are refused.
    static func forFile(_ path: String) -> DirectWriter? {
        guard let flag = directFlag else { return nil }
        let fd = open(path, O_WRONLY | O_CLOEXEC | flag)
        guard fd >= 0 else { return nil }
        guard let writer = DirectWriter(fd: fd) else {
            close(fd)
            return nil
        }
        return writer
    }

    /// A writer on `fd`; once made, the output file closes `fd` with it.
    init?(fd: Int32) {
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, OutputFile.alignment, OutputFile.block) == 0, let pointer else { return nil }
        self.fd = fd
        buffer = pointer
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
        if count < staged { buffer.copyMemory(from: buffer + count, byteCount: staged - count) }
        staged -= count
    }
}
