import Foundation

/// Commands that ask for confirmation even when the runbook does not say so.
public struct DangerousCommands: Sendable {
    public static let defaultPatterns = [
        #"\bdelete\b"#, #"\bdrain\b"#, #"\bcordon\b"#, #"\breboot\b"#,
        #"\brm\s+(-[a-zA-Z]*r[a-zA-Z]*f|-[a-zA-Z]*f[a-zA-Z]*r)\b"#,
        #"\bkill(all)?\b"#, #"\bscale\b.*--replicas[= ]0\b"#, #"\bshutdown\b"#, #"\bmkfs\b"#, #"\bdd\s+.*\bof="#
    ]

    nonisolated(unsafe) let patterns: [(source: String, regex: Regex<AnyRegexOutput>)]

    /// The default list plus `extra` patterns (from configuration).
    public init(extra: [String] = []) throws {
        patterns = try (Self.defaultPatterns + extra).map { ($0, try Regex($0)) }
    }

    /// What makes `command` dangerous (the matching text), or nil.
    public func reason(_ command: String) -> String? {
        for (_, regex) in patterns {
            if let match = try? regex.firstMatch(in: command) { return String(command[match.range]) }
        }
        return nil
    }
}
