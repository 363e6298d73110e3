#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

import RunbookGraph

/// Prints text for a person: alert values, titles and command output in it
/// may hold escape sequences, which become visible escapes, never raw bytes.
/// (Machine output, JSON and YAML, is printed exactly, with `print`.)
func say(_ text: String, terminator: String = "\n") {
    print(DisplayText.forPeople(text), terminator: terminator)
}

/// Writes a line for a person to standard error (fd 2 directly: the C
/// `stderr` global is not concurrency-safe under Swift 6).
func printError(_ line: String) {
    var bytes = Array(DisplayText.forPeople(line).utf8)
    bytes.append(UInt8(ascii: "\n"))
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if n <= 0 { break }
        offset += n
    }
}
