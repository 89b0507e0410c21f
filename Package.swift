// swift-tools-version:6.0
import Foundation
import PackageDescription

// The numerical core is compiled with optimisation even in debug builds: unspecialised generic
// arithmetic is 10–50× slower, which would make the test suite (real fits, teacher training)
// crawl. It is also compiled for the CPU that builds it: its 16-lane SIMD kernels then use
// AVX2/AVX-512 instead of baseline SSE2 (about 1.3× faster training here). Lintel is built
// where it runs; LINTEL_PORTABLE=1 builds a binary for any CPU of the architecture (and one that
// valgrind, which lacks AVX-512, can run); LINTEL_TARGET_CPU=haswell builds for a named CPU
// instead (an AVX2 code path, to measure on an AVX-512 machine: bench/README.md). Everything else
// keeps the usual settings.
let environment = ProcessInfo.processInfo.environment
let hostCPU =
    environment["LINTEL_PORTABLE"] == "1" ? [] : ["-target-cpu", environment["LINTEL_TARGET_CPU"] ?? "native"]
let optimisedEvenInDebug: [SwiftSetting] = [
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(hostCPU),
]

let package = Package(
    name: "Lintel",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lintel", targets: ["lintel"]),
        .library(name: "LintelEngine", targets: ["LintelEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // System libraries: module maps and small C shims only.
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CPrefetch", path: "Sources/CPrefetch"),
        // A lab's recordings: HDF5 (and NWB on it) and MATLAB .mat files.
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5"),
        .systemLibrary(name: "CMatio", path: "Sources/CMatio"),
        // Signals caught by a handler that only writes to a pipe (Swift cannot promise a handler
        // is async-signal-safe).
        .target(name: "CSignalPipe"),

        // Engine: no target below the front end knows that a terminal exists.
        .target(
            name: "LintelNumerics", dependencies: ["COpenBLAS", "CPrefetch"],
            swiftSettings: optimisedEvenInDebug),
        .target(name: "LintelData", dependencies: ["LintelNumerics", "CZlib"]),
        .target(
            name: "LintelEngine", dependencies: ["LintelNumerics", "LintelData", "CSignalPipe"],
            swiftSettings: optimisedEvenInDebug),

        .target(
            name: "LintelDynamics", dependencies: ["LintelNumerics", "LintelData", "LintelEngine"],
            swiftSettings: optimisedEvenInDebug),

        // Recordings: a lab's files (NWB, HDF5, MATLAB) read into one model, and the steps that bin
        // them into a dataset.
        .target(name: "LintelRecordings", dependencies: ["LintelNumerics", "LintelData", "CHDF5", "CMatio", "CSignalPipe"]),

        // Workflows: every user-level workflow once, for both front ends.
        .target(
            name: "LintelWorkflows",
            dependencies: ["LintelNumerics", "LintelData", "LintelEngine", "LintelDynamics"]),

        // Terminal rendering: cell buffer, layout, widgets, themes, and the backends that put a
        // buffer on a screen (ncurses, the only code that calls it; text, for tests). No engine.
        .target(name: "LintelTerminal", dependencies: ["CNcursesw"]),
        // The workbench application: state, keys, screens, analysis; its run loop talks to the
        // terminal only through LintelTerminal's TerminalBackend.
        .target(
            name: "LintelWorkbench",
            dependencies: ["LintelNumerics", "LintelData", "LintelEngine", "LintelDynamics", "LintelWorkflows", "LintelTerminal"]),

        // Command line: every subcommand, testable in-process.
        .target(
            name: "LintelCommands",
            dependencies: [
                "LintelNumerics", "LintelData", "LintelEngine", "LintelDynamics", "LintelWorkflows", "LintelTerminal", "LintelWorkbench",
                "LintelRecordings",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "lintel", dependencies: ["LintelCommands"]),

        .testTarget(
            name: "LintelNumericsTests", dependencies: ["LintelNumerics"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "LintelDataTests", dependencies: ["LintelData"],
            exclude: ["Fixtures"]
        ),
        // Test-only: snapshot assertions and an independent shell-word reader, shared by the test targets.
        .target(name: "LintelTestSupport", dependencies: ["LintelTerminal"], path: "Tests/LintelTestSupport"),
        // Test-only C target: interposes malloc & co. to count a thread's heap allocations.
        .target(name: "CAllocationCounter", path: "Tests/CAllocationCounter"),
        .testTarget(name: "LintelEngineTests", dependencies: ["LintelEngine", "CAllocationCounter"]),
        .testTarget(name: "LintelDynamicsTests", dependencies: ["LintelDynamics"]),
        .testTarget(name: "LintelRecordingsTests", dependencies: ["LintelRecordings", "LintelData", "LintelNumerics"], exclude: ["Fixtures"]),
        .testTarget(name: "LintelWorkflowsTests", dependencies: ["LintelWorkflows", "LintelTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LintelTerminalTests", dependencies: ["LintelTerminal", "LintelTestSupport"], exclude: ["Snapshots"]),
        .testTarget(
            name: "LintelWorkbenchTests",
            dependencies: ["LintelWorkbench", "LintelWorkflows", "LintelTerminal", "LintelTestSupport", "LintelEngine", "LintelDynamics", "LintelData", "LintelNumerics"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "LintelCommandsTests", dependencies: ["LintelCommands", "lintel", "LintelTestSupport"],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// LINTEL_FUZZ=1 adds the libFuzzer harness (Sources/LintelFuzz), which `.ci/fuzz` builds with
// `-sanitize=fuzzer,address` into its own scratch folder. It is left out of every other build:
// it calls libFuzzer's driver, whose runtime only that flag links.
if ProcessInfo.processInfo.environment["LINTEL_FUZZ"] == "1" {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
        .executableTarget(name: "LintelFuzz", dependencies: ["CLibFuzzer", "CZlib", "LintelData", "LintelEngine"]),
    ]
}
