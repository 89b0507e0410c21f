import Dispatch
import Foundation
import LintelEngine

/// Ctrl-C (SIGINT) or SIGTERM during a fit: stop the engine's fits cleanly — each keeps its last
/// checkpoint and best model — instead of dying mid-write.
final class SignalCancellation {
    private let sources: [any DispatchSourceSignal]

    init(engine: FitEngine) {
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                StandardError.writeLine("\nstopping: saving the checkpoint (resume with --resume)…")
                Task { await engine.cancelAll() }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func uninstall() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
