import LintelData
import LintelNumerics

/// The held-out data of a fit: what it is scored on and nothing else uses. This is the one
/// definition of it — the validation trials `TrialSplit.make(settings.validation, dataset:,
/// seed: settings.splitSeed)` draws, their activity (or, when training a readout, targets) and
/// mask, restricted to the held-out time block when the fold is one — so that a fold of a cross-validation, a baseline scored beside the networks and a
/// pooled score all read the same entries.
///
/// ```swift
/// let heldOut = try HeldOutData(of: result.metrics.settings, dataset: dataset)
/// let predicted = heldOut.predictions(of: result.model)   // (heldOut.trials.count, T, N)
/// ```
package struct HeldOutData: Sendable {
    /// The trials the fit was trained on.
    package let trainingTrials: [Int]
    /// The held-out trials, in dataset order.
    package let trials: [Int]
    /// What predictions on `trials` are scored against, (trials, T, ·).
    package let observed: Tensor3<Float>
    /// Its weights, (trials, T, 1 or ·); nil for all ones.
    package let mask: Tensor3<Float>?
    /// The held-out time steps when the fold is a time block (the training side is then the
    /// same trials at the other steps); nil when whole trials are held out.
    package let steps: Range<Int>?
    private let dataset: Dataset
    private let settings: FitSettings

    package init(of settings: FitSettings, dataset: Dataset) throws {
        let split = try TrialSplit.make(settings.validation, dataset: dataset, seed: settings.splitSeed)
        trainingTrials = split.training
        trials = split.validation
        steps = split.validationSteps
        // The network runs through whole trials; only the scoring is restricted to the block.
        let scored = split.sides(of: dataset).validation
        (observed, mask) = ValidationEvaluator.scoredData(scored, trials: split.validation, settings: settings)
        self.dataset = dataset
        self.settings = settings
    }

    /// What `model` predicts on the held-out trials, exactly as the fit's validation score
    /// reads it (noise-free activity, or the readout with the fit's noise).
    package func predictions(of model: RNNModel<Float>) -> Tensor3<Float> {
        ValidationEvaluator(dataset: dataset, trials: trials, model: model, settings: settings).predictions(of: model)
    }
}
