// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "runbook", targets: ["RunbookTUI"]),
        .library(name: "RunbookGraph", targets: ["RunbookGraph"]),
        .library(name: "RunbookRuntime", targets: ["RunbookRuntime"])
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses",
            path: "Sources/CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        // The pure core (format, engine, session, export, practice) and the Markdown importer.
        .target(
            name: "RunbookGraph",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        // What touches the machine: process runners, journal files, remembered values.
        // A target of its own so that the UI's update and views cannot reach it.
        .target(
            name: "RunbookRuntime",
            dependencies: ["RunbookGraph"]
        ),
        .executableTarget(
            name: "RunbookTUI",
            dependencies: [
                "RunbookGraph",
                "RunbookRuntime",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            // A file sees only what it imports, extensions too: App/ and Views/ cannot
            // reach the runtime (RunbookRuntime) even by an extension method.
            swiftSettings: [.enableUpcomingFeature("MemberImportVisibility")]
        ),
        // Benchmarks measure, they do not test: `swift run -c release runbook-bench`.
        .executableTarget(
            name: "runbook-bench",
            dependencies: ["RunbookGraph", "RunbookRuntime", .product(name: "Yams", package: "Yams")],
            path: "Benchmarks/RunbookBench"
        ),
        // Shared by the test targets: skipping tests whose outside tools are missing.
        .target(name: "TestSupport", dependencies: ["RunbookGraph"], path: "Tests/TestSupport"),
        .testTarget(
            name: "RunbookGraphTests",
            dependencies: ["RunbookGraph", "RunbookRuntime", "TestSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RunbookTUITests",
            dependencies: ["RunbookTUI", "RunbookGraph", "RunbookRuntime", "TestSupport"],
            exclude: ["Snapshots"]
        )
    ],
    swiftLanguageModes: [.v6]
)
