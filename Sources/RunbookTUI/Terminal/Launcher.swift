import Foundation

/// Starting helper programs (a browser, a clipboard tool) with no shell between:
/// the address and the text are arguments and standard input, never code.
enum Launcher {
    /// The program's path: itself when it has a slash, else found on PATH.
    static func find(_ program: String, _ environment: [String: String]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(program)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Starts `arguments` and does not wait (a browser may run on).
    static func start(_ arguments: [String]) -> Bool {
        guard let path = find(arguments[0], ProcessInfo.processInfo.environment) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        return true
    }

    /// Runs `arguments` with `input` on standard input; true when it exits 0 within 2 s.
    static func run(_ arguments: [String], input: Data) -> Bool {
        guard let path = find(arguments[0], ProcessInfo.processInfo.environment) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        pipe.fileHandleForWriting.write(input)
        try? pipe.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); return false }
        return process.terminationStatus == 0
    }
}
