import Synchronization

/// What other tasks deliver to the run loop (engine events, analysis results, sweep summaries,
/// signals), kept until the loop takes it at its next frame.
final class WorkbenchInbox: Sendable {
    private let inputs = Mutex<[WorkbenchInput]>([])

    func post(_ input: WorkbenchInput) { inputs.withLock { $0.append(input) } }

    /// Everything posted since the last call, in the order it was posted.
    func drain() -> [WorkbenchInput] {
        inputs.withLock { inputs in
            defer { inputs.removeAll(keepingCapacity: true) }
            return inputs
        }
    }
}
