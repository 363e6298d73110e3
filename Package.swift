// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "runbook", targets: ["RunbookTUI"]),
        .library(name: "RunbookGraph", targets: ["RunbookGraph"])
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
        .target(
            name: "RunbookGraph",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "RunbookTUI",
            dependencies: [
                "RunbookGraph",
                "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),
        // Benchmarks measure, they do not test: `swift run -c release runbook-bench`.
        .executableTarget(
            name: "runbook-bench",
            dependencies: ["RunbookGraph", .product(name: "Yams", package: "Yams")],
            path: "Benchmarks/RunbookBench"
        ),
        // Shared by the test targets: skipping tests whose outside tools are missing.
        .target(name: "TestSupport", dependencies: ["RunbookGraph"], path: "Tests/TestSupport"),
        .testTarget(
            name: "RunbookGraphTests",
            dependencies: ["RunbookGraph", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RunbookTUITests",
            dependencies: ["RunbookTUI", "RunbookGraph", "TestSupport"],
            exclude: ["Snapshots"]
        )
    ],
    swiftLanguageModes: [.v6]
)
