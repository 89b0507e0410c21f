import Foundation
import LintelEngine

/// Ctrl-C (SIGINT), SIGTERM or a hang-up (SIGHUP) during a fit: stop the engine's fits cleanly — each keeps its last
/// checkpoint and best model — instead of dying mid-write.
final class SignalCancellation {
    private let watch: SignalWatch

    /// - Parameter howToContinue: said while stopping, e.g. "resume with --resume".
    init(engine: FitEngine, howToContinue: String = "resume with --resume") {
        watch = SignalWatch { _ in
            StandardError.writeLine("\nstopping: saving the checkpoint (\(howToContinue))…")
            Task { await engine.cancelAll() }
        }
    }

    func uninstall() {
        watch.uninstall()
    }
}
