import Foundation
@testable import RunbookGraph
@_exported import TestSupport

/// Paths of the repository, found from this file so tests run from any folder.
enum Paths {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures")
    static let repository = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let runbooks = repository.appendingPathComponent("runbooks")
    static let seedRunbook = runbooks.appendingPathComponent("armada-scrape-failure.yaml").path
}

/// A scratch folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("runbook-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(bytes).write(to: file)
        return file.path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Minimal runbook text for tests that need a valid starting point.
let minimalRunbook = """
    runbook: t
    title: T
    start: a
    steps:
      a: { title: A, next: done }
      done: { title: Done, end: resolved }
    """
