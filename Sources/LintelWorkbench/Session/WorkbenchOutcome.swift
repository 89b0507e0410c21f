import Foundation

/// How a workbench session ended, for the lines printed after the terminal is restored.
package struct WorkbenchOutcome: Sendable {
    /// The session's run folder, when fits were started.
    package var sessionDirectory: URL?
    package var finished: Int
    package var stopped: Int
    package var failed: Int
    /// The folders of stopped fits that saved a checkpoint (the others never started).
    package var resumable: [String] = []
    /// Closed by SIGHUP or SIGTERM rather than by the user.
    package var terminatedBySignal = false
}
