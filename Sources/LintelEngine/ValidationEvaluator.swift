import LintelData
import LintelNumerics

/// Scores a network on a fixed set of trials, reusing one workspace across epochs: the activity
/// (noise-free, docs/METHOD.md §2: students are scored with σ = 0) or, when training a readout, the
/// outputs against the targets in the decision window (with the network's training noise, as a
/// teacher runs).
final class ValidationEvaluator {
    private let runner: TrajectoryRunner<Float>
    private let observed: Tensor3<Float>
    private let statistics: ObservedStatistics<Float>
    private let quantity: TrajectoryRunner<Float>.Quantity
    private let noise: Float
    /// The noise streams of a readout evaluation (teachers are scored with their own noise).
    static let noiseSeed: UInt64 = 0xE7A1

    init(dataset: Dataset, trials: [Int], model: RNNModel<Float>, settings: FitSettings) {
        runner = TrajectoryRunner(for: model, inputs: dataset.inputs, trials: trials, chunkSize: 256)
        let scored = Self.scoredData(dataset, trials: trials, settings: settings)
        observed = scored.observed
        statistics = ObservedStatistics(observed, mask: scored.mask)
        switch settings.objective {
        case .activity:
            quantity = settings.target == .rates ? .rates : .states
            noise = 0
        case .readout:
            quantity = .outputs
            noise = Float(settings.noiseStandardDeviation)
        }
    }

    /// What a fit's predictions on `trials` are scored against: the activity and its mask, or,
    /// when training a readout, the targets and their decision windows.
    static func scoredData(
        _ dataset: Dataset, trials: [Int], settings: FitSettings
    ) -> (observed: Tensor3<Float>, mask: Tensor3<Float>?) {
        switch settings.objective {
        case .activity:
            return (dataset.activity.selecting(trials), dataset.mask?.selecting(trials))
        case .readout:
            let targets = dataset.targets ?? Tensor3(dataset.trialCount, dataset.stepCount, 0)
            let mask = dataset.targetMask.map { windows in
                Tensor3(trials.count, windows.columns, 1, storage: trials.flatMap { windows.row($0) })
            }
            return (targets.selecting(trials), mask)
        }
    }

    func scores(of model: RNNModel<Float>) -> FitScores {
        if quantity == .outputs {
            return FitScores.compute(predicted: predictions(of: model), observed: observed, statistics: statistics)
        }
        // Activity is scored where each chunk's forward pass leaves it (noise-free, so the
        // same trajectories as the predictions).
        let errors = runner.sumSquaredErrors(model, quantity, observed: observed, statistics: statistics)
        return FitScores.scores(errors: errors, statistics: statistics)
    }

    /// The predicted activity or outputs on the evaluation trials.
    func predictions(of model: RNNModel<Float>) -> Tensor3<Float> {
        runner.predict(model, quantity, noiseStandardDeviation: noise, seed: Self.noiseSeed)
    }
}
