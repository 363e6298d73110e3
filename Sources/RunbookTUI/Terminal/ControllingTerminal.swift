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

    /// Says `prompt` and waits for Enter (the terminal is in its normal, line mode).
    static func waitForEnter(_ prompt: String) {
        guard let fd = descriptor else { return }
        send(Array(prompt.utf8))
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0, errno == EINTR { continue }
            if n <= 0 || byte == 0x0A || byte == 0x0D { return }
        }
    }

    /// Writes bytes to the terminal (an escape sequence such as OSC 52).
    static func send(_ bytes: [UInt8]) {
        guard let fd = descriptor else { return }
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            offset += n
        }
    }
}
