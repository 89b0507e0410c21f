import Dispatch
import Foundation

/// Signals delivered to `handler` on a dispatch queue instead of ending the process; their
/// default actions come back with ``uninstall()`` (or when this is released).
///
/// A signal the process was started with ignored stays ignored and unwatched: `nohup lintel
/// fit …` must survive the hang-up it asked to ignore, and a shell's background job the
/// Ctrl-C meant for the foreground.
public final class SignalWatch {
    /// SIGINT (Ctrl-C), SIGTERM, and SIGHUP (the terminal or the ssh connection went away).
    public static let stopping = [SIGINT, SIGTERM, SIGHUP]

    private let watched: [Int32]
    private let sources: [any DispatchSourceSignal]

    public init(_ signals: [Int32] = SignalWatch.stopping, handler: @escaping @Sendable (Int32) -> Void) {
        var watched: [Int32] = []
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in signals {
            let previous = signal(signalNumber, SIG_IGN)
            if Self.isIgnore(previous) { continue }
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { handler(signalNumber) }
            source.resume()
            watched.append(signalNumber)
            sources.append(source)
        }
        self.watched = watched
        self.sources = sources
    }

    /// The signals this watch handles (those not ignored when it started).
    public var signals: [Int32] { watched }

    public func uninstall() {
        for source in sources { source.cancel() }
        for signalNumber in watched { signal(signalNumber, SIG_DFL) }
    }

    deinit { uninstall() }

    private static func isIgnore(_ handler: sighandler_t?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == 1
    }
}
