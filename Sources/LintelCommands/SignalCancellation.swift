import Foundation
import LintelEngine

/// Ctrl-C (SIGINT), SIGTERM or a hang-up (SIGHUP) during a fit: stop the engine's fits cleanly — each keeps its last
/// checkpoint and kept model — instead of dying mid-write.
final class SignalCancellation {
    private let watch: SignalWatch

    /// - Parameters:
    ///   - howToContinue: said while stopping, e.g. "resume with --resume".
    ///   - alsoStopping: also told, for work that waits outside the engine's fits (an experiment
    ///     waiting for another run's teacher).
    init(
        engine: FitEngine, howToContinue: String = "resume with --resume",
        alsoStopping: @escaping @Sendable () -> Void = {}
    ) {
        watch = SignalWatch { _ in
            StandardError.write("\nstopping: saving the checkpoint (\(howToContinue))…\n")
            alsoStopping()
            Task { await engine.cancelAll() }
        }
    }

    func uninstall() {
        watch.uninstall()
    }
}
