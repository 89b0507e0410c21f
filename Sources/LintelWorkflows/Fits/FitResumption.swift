import Foundation
import LintelEngine

/// Why a stopped fit cannot go on from its checkpoint as asked (the front ends word these).
package enum FitResumptionProblem: Error, Sendable, Equatable {
    /// The folder holds a task training (`lintel task train`), not a fit of data.
    case taskTraining(folder: String)
    /// The epochs asked for are fewer than those already done.
    case epochsBelowDone(epochs: Int, done: Int)
    /// Every planned epoch is done and the fit's final files are written: there is nothing to
    /// continue.
    case allEpochsDone(folder: String, epochs: Int)
}

/// How a stopped fit goes on from its checkpoint, for `lintel fit --resume` and `p` in the
/// workbench: with the settings it was started with (a new epoch count or learning rate when
/// asked for), while epochs remain — or, with none left, when the fit was stopped after its last
/// checkpoint but before its final scores and files (it then only finishes).
///
/// ```swift
/// let checkpoint = try RunFolder(url).resumableFit()
/// let settings = try FitResumption.settings(checkpoint, folder: url.path, completed: false, epochs: 800)
/// ```
package enum FitResumption {
    /// The settings to continue with.
    /// - Parameters:
    ///   - epochs: a new total of epochs (at least those done); nil keeps the checkpoint's.
    ///   - learningRate: a new learning rate (a fit that diverged goes on more gently); nil keeps it.
    ///   - completed: whether the fit wrote its final files (metrics.json says "completed").
    package static func settings(
        _ checkpoint: (settings: FitSettings, dataFile: String?, epochsCompleted: Int), folder: String,
        completed: Bool, epochs: Int? = nil, learningRate: Double? = nil
    ) throws(FitResumptionProblem) -> FitSettings {
        if checkpoint.settings.objective == .readout { throw .taskTraining(folder: folder) }
        var settings = checkpoint.settings
        if let learningRate { settings.learningRate = learningRate }
        if let epochs {
            guard epochs >= checkpoint.epochsCompleted else {
                throw .epochsBelowDone(epochs: epochs, done: checkpoint.epochsCompleted)
            }
            settings.epochs = epochs
        }
        // A fit killed between its last checkpoint and its final files has no epoch left but
        // still has to finish.
        guard checkpoint.epochsCompleted < settings.epochs || !completed else {
            throw .allEpochsDone(folder: folder, epochs: settings.epochs)
        }
        return settings
    }
}
