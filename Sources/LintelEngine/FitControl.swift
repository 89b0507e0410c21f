import Synchronization

/// Pause and cancel requests for one running fit, set from any task and read by the training
/// loop before every optimiser step.
public final class FitControl: Sendable {
    private struct State {
        var paused = false
        var cancelled = false
    }
    private let state = Mutex(State())

    public init() {}

    public var isPaused: Bool { state.withLock { $0.paused } }
    public var isCancelled: Bool { state.withLock { $0.cancelled } }

    public func pause() { state.withLock { $0.paused = true } }
    public func resume() { state.withLock { $0.paused = false } }
    public func cancel() { state.withLock { $0.cancelled = true } }
}
