import CSignalPipe
import Dispatch
import Foundation

/// Signals delivered to `handler` on a dispatch queue instead of ending the process; their
/// default actions come back with ``uninstall()`` (or when this is released).
///
/// A signal is caught by the time `init` returns, so one sent at once is never lost.
///
/// A signal the process was started with ignored stays ignored and unwatched: `nohup lintel
/// fit …` must survive the hang-up it asked to ignore, and a shell's background job the
/// Ctrl-C meant for the foreground.
public final class SignalWatch: Sendable {
    /// SIGINT (Ctrl-C), SIGTERM, and SIGHUP (the terminal or the ssh connection went away).
    public static let stopping = [SIGINT, SIGTERM, SIGHUP]

    private let registration: SignalDispatcher.Registration?
    private let watched: [Int32]

    public init(_ signals: [Int32] = SignalWatch.stopping, handler: @escaping @Sendable (Int32) -> Void) {
        let dispatcher = SignalDispatcher.shared
        let watched = signals.filter { dispatcher.isCaught($0) || lintel_signal_is_ignored($0) == 0 }
        self.watched = watched
        registration = watched.isEmpty ? nil : dispatcher.register(watched, handler: handler)
    }

    /// The signals this watch handles (those not ignored when it started).
    public var signals: [Int32] { watched }

    public func uninstall() {
        if let registration { SignalDispatcher.shared.unregister(registration) }
    }

    deinit { uninstall() }
}

/// The one reader of the process's signal pipe: it hands each signal to every watch that
/// asked for it, and gives a signal its default action back when no watch is left for it.
private final class SignalDispatcher: @unchecked Sendable {
    static let shared = SignalDispatcher()

    struct Registration: Sendable { let id: Int }

    private struct Watcher {
        let signals: [Int32]
        let handler: @Sendable (Int32) -> Void
    }

    private let lock = NSLock()
    private var watchers: [Int: Watcher] = [:]
    private var nextID = 0
    private var reader: (any DispatchSourceRead)?

    func isCaught(_ signalNumber: Int32) -> Bool {
        lock.withLock { watchers.values.contains { $0.signals.contains(signalNumber) } }
    }

    func register(_ signals: [Int32], handler: @escaping @Sendable (Int32) -> Void) -> Registration {
        lock.withLock {
            startReadingIfNeeded()
            for signalNumber in signals { _ = lintel_signal_catch(signalNumber) }
            nextID += 1
            watchers[nextID] = Watcher(signals: signals, handler: handler)
            return Registration(id: nextID)
        }
    }

    func unregister(_ registration: Registration) {
        lock.withLock {
            guard let removed = watchers.removeValue(forKey: registration.id) else { return }
            for signalNumber in removed.signals where !watchers.values.contains(where: { $0.signals.contains(signalNumber) }) {
                lintel_signal_release(signalNumber)
            }
        }
    }

    private func startReadingIfNeeded() {
        guard reader == nil else { return }
        let descriptor = lintel_signal_pipe_read_end()
        guard descriptor >= 0 else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: .global())
        source.setEventHandler { [unowned self] in deliver(from: descriptor) }
        source.resume()
        reader = source
    }

    private func deliver(from descriptor: Int32) {
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return }
        for byte in bytes.prefix(count) {
            let signalNumber = Int32(byte)
            let handlers = lock.withLock {
                watchers.sorted { $0.key < $1.key }.map(\.value).filter { $0.signals.contains(signalNumber) }.map(\.handler)
            }
            for handler in handlers { handler(signalNumber) }
        }
    }
}
