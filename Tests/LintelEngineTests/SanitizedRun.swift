import Foundation

/// The sanitizer this test run was built with, as `.ci/sanitize` says in LINTEL_SANITIZER
/// (`address`, `thread`); nil in ordinary runs. A test that cannot hold under a sanitizer is
/// disabled under it only, with its reason in the test report.
enum SanitizedRun {
    static let sanitizer: String? = {
        let name = ProcessInfo.processInfo.environment["LINTEL_SANITIZER"] ?? ""
        return name.isEmpty ? nil : name
    }()
}
