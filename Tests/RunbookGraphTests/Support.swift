import Foundation
@testable import RunbookGraph
@_exported import TestSupport

/// Minimal runbook text for tests that need a valid starting point.
let minimalRunbook = """
    runbook: t
    title: T
    start: a
    steps:
      a: { title: A, next: done }
      done: { title: Done, end: resolved }
    """
