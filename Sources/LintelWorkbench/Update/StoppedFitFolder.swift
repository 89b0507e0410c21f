import Foundation
import LintelEngine
import LintelWorkflows

/// What a stopped fit's folder holds, read by the effect runner so that the update can decide
/// how to continue the fit: resume it from its checkpoint, start it (it never began), take it as
/// finished, or refuse.
struct StoppedFitFolder: Sendable {
    /// What to read for which fit.
    struct Request: Sendable {
        var fit: FitKey
        var folder: URL
        /// The finished fits of the fit's sweep, to read back when that sweep (reopened from disk)
        /// has no plan yet; nil when there is nothing to read or one of them has no folder.
        var finishedOfSweep: [URL]?
    }

    var request: Request
    /// Its metrics and checkpoint, as `lintel sweep` reads them.
    var stored: StoredFit
    /// A checkpoint or metrics are there: the fit began.
    var holdsFit: Bool
    /// The checkpoint's settings, data file and epochs done, or why it cannot be continued.
    var checkpoint: Result<(settings: FitSettings, dataFile: String?, epochsCompleted: Int), any Error>
    /// The sweep's finished fits read back (nil when not asked for, or when one could not be read).
    var finishedOfSweep: [FitResult]?

    /// Reads the folder (and the sweep's finished fits) for `request`.
    static func read(_ request: Request) -> StoppedFitFolder {
        let run = RunFolder(request.folder)
        let stored = StoredFit(run)
        return StoppedFitFolder(
            request: request, stored: stored, holdsFit: run.holdsFit,
            checkpoint: stored.checkpoint ?? Result { try run.resumableFit() },
            finishedOfSweep: request.finishedOfSweep.flatMap(readFinished))
    }

    /// Each finished fit's metrics and model; nil when one cannot be read.
    private static func readFinished(_ folders: [URL]) -> [FitResult]? {
        var finished: [FitResult] = []
        for folder in folders {
            let run = RunFolder(folder)
            guard let metrics = try? run.readMetrics(), let model: RNNModel<Float> = try? ModelFile.load(run.model) else {
                return nil
            }
            finished.append(FitResult(model: model, metrics: metrics, history: [], runDirectory: run.url))
        }
        return finished
    }
}
