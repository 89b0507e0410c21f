import Foundation

/// How a workbench session ended, for the lines printed after the terminal is restored.
public struct WorkbenchOutcome: Sendable {
    /// The session's run folder, when fits were started.
    public var sessionDirectory: URL?
    public var finished: Int
    public var stopped: Int
    public var failed: Int
    /// The folders of stopped fits that saved a checkpoint (the others never started).
    public var resumable: [String] = []
    /// Closed by SIGHUP or SIGTERM rather than by the user.
    public var terminatedBySignal = false
}
