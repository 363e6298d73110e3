import Foundation
import Testing

/// Tests that need a program from outside the toolchain (dot, tmux, ssh,
/// Python's jsonschema): skipped with the package to install when it is
/// missing, and required (so they fail) when `CI` is set.
public enum RequiredTool {
    public static var inCI: Bool { !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty }

    /// Whether `program` is an executable on PATH (or an absolute path).
    public static func available(_ program: String) -> Bool {
        if program.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: program) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(program)") }
    }

    /// Whether `python3` can import every module named.
    public static func pythonHas(_ modules: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import " + modules.joined(separator: ", ")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the test when `program` is there or in CI; else skips, naming the Debian package.
    public static func requires(_ program: String, package: String) -> ConditionTrait {
        .enabled(
            if: RequiredTool.inCI || RequiredTool.available(program), "needs \(program): apt-get install \(package)")
    }

    /// Runs the test when python3 has `modules` or in CI; else skips, naming the Debian packages.
    public static func requiresPython(_ modules: [String], packages: String) -> ConditionTrait {
        .enabled(
            if: RequiredTool.inCI || RequiredTool.pythonHas(modules),
            "needs Python's \(modules.joined(separator: ", ")): apt-get install \(packages)")
    }
}
