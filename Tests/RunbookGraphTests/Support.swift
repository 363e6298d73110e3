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

/// Minimal runbook text for tests that need a valid starting point.
let minimalRunbook = """
    runbook: t
    title: T
    start: a
    steps:
      a: { title: A, next: done }
      done: { title: Done, end: resolved }
    """
