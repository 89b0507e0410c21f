import LintelData
import LintelNumerics

/// The held-out scores of a fit of `lintel prepare`d data that the prepared units hide: R² in
/// the recorded units, and R² against the activity before PCA denoising. Both use the same
/// entries and mask as the fit's own scores.
///
/// ```swift
/// let prepared = PreparedDataScores(dataset: data, trials: [3], predicted: predictions)
/// prepared.originalUnitsR2  // nil without activity_scale
/// ```
struct PreparedDataScores {
    /// Global R² with activity and prediction multiplied back by `activity_scale`: the neurons
    /// weigh by their recorded variance, not by the variance preparation left them. The
    /// neurons' means (`activity_mean`) are not added back: a mean the preprocessing subtracted
    /// is no part of what the network predicts, and crediting it would inflate the score.
    let originalUnitsR2: Double?
    /// Global R² against `activity_undenoised` (same scaling as the fitted activity).
    let undenoisedR2: Double?

    /// - Parameters:
    ///   - trials: the scored trials, in the order of `predicted`'s trials.
    ///   - predicted: the prediction of the fitted activity on `trials`.
    init(dataset: Dataset, trials: [Int], predicted: Tensor3<Float>) {
        let mask = dataset.mask?.selecting(trials)
        if let scales = dataset.activityScale {
            let observed = dataset.activity.selecting(trials)
            originalUnitsR2 = FitScores.compute(
                predicted: Self.multiplied(predicted, by: scales), observed: Self.multiplied(observed, by: scales),
                mask: mask.map(Self.doubles)
            ).globalR2
        } else {
            originalUnitsR2 = nil
        }
        undenoisedR2 = dataset.undenoisedActivity.map { undenoised in
            FitScores.compute(predicted: predicted, observed: undenoised.selecting(trials), mask: mask).globalR2
        }
    }

    /// values · scales[neuron], in Double (a recorded variance of 10⁴ Hz² squared stays exact).
    private static func multiplied(_ values: Tensor3<Float>, by scales: [Float]) -> Tensor3<Double> {
        let neurons = values.dim2
        var storage = [Double](repeating: 0, count: values.count)
        for index in storage.indices { storage[index] = Double(values.storage[index]) * Double(scales[index % neurons]) }
        return Tensor3(values.dim0, values.dim1, neurons, storage: storage)
    }

    private static func doubles(_ values: Tensor3<Float>) -> Tensor3<Double> {
        Tensor3(values.dim0, values.dim1, values.dim2, storage: values.storage.map(Double.init))
    }
}
