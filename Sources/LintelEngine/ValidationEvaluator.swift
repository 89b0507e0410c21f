import LintelData
import LintelNumerics

/// Scores a network on the validation trials, noise-free (METHOD.md §2: students are scored with
/// σ = 0), reusing one workspace across epochs.
final class ValidationEvaluator {
    private let runner: TrajectoryRunner<Float>
    private let observed: Tensor3<Float>
    private let mask: Tensor3<Float>?
    private let target: ActivityTarget

    init(dataset: Dataset, trials: [Int], model: RNNModel<Float>, target: ActivityTarget) {
        runner = TrajectoryRunner(for: model, inputs: dataset.inputs, trials: trials, chunkSize: 256)
        observed = dataset.activity.selecting(trials)
        mask = dataset.mask?.selecting(trials)
        self.target = target
    }

    func scores(of model: RNNModel<Float>) -> FitScores {
        FitScores.compute(predicted: runner.predict(model, target: target), observed: observed, mask: mask)
    }
}
