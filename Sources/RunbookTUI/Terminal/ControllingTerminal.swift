#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal the UI draws on and reads keys from: `/dev/tty`, not standard
/// input and output, so that `runbook practice x --json > debrief.json` and
/// `| jq` get only data. Interactive commands get it too, and OSC 52 goes to it.
enum ControllingTerminal {
    /// `/dev/tty`, opened once; nil when the process has no controlling terminal.
    static let descriptor: Int32? = {
        let fd = open("/dev/tty", O_RDWR | O_CLOEXEC)
        return fd >= 0 && isatty(fd) == 1 ? fd : nil
    }()

    /// Writes bytes to the terminal (an escape sequence such as OSC 52).
    static func write(_ bytes: [UInt8]) {
        guard let fd = descriptor else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
    }
}
