import Foundation
import Synchronization

/// Fans events out to every listener. Each listener has its own bounded stream that keeps the
/// newest events, so a slow listener (a busy terminal) never holds a fit back.
///
/// A listener that falls more than `bufferSize` events behind loses the oldest, whatever they
/// are — a fit's "finished" among them, once other fits' events have come after it (a 192-fit
/// sweep under load lost two with 256). The default is large for that reason: fits announce at
/// most 40 epochs a second (``FitJob/progressSpacing``), so two fits fill it only after a listener
/// has stalled for about thirteen minutes, and it holds a few megabytes at most. Whoever must know
/// every outcome asks the engine (``FitEngine/outcome(of:)``), as `lintel sweep` does.
public final class EventHub<Event: Sendable>: Sendable {
    private let listeners = Mutex([UUID: AsyncStream<Event>.Continuation]())
    private let bufferSize: Int

    public init(bufferSize: Int = 65_536) {
        self.bufferSize = bufferSize
    }

    /// A new stream of every event published from now on.
    public func subscribe() -> AsyncStream<Event> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: Event.self, bufferingPolicy: .bufferingNewest(bufferSize))
        let id = UUID()
        listeners.withLock { $0[id] = continuation }
        continuation.onTermination = { [weak self] _ in
            self?.listeners.withLock { _ = $0.removeValue(forKey: id) }
        }
        return stream
    }

    public func publish(_ event: Event) {
        let current = listeners.withLock { Array($0.values) }
        for continuation in current { continuation.yield(event) }
    }

    /// Ends every stream.
    public func finish() {
        let current = listeners.withLock { listeners in
            defer { listeners.removeAll() }
            return Array(listeners.values)
        }
        for continuation in current { continuation.finish() }
    }
}
