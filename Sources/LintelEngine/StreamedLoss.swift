import LintelData
import LintelNumerics

/// The loss and global R² of a network on many trials, computed chunk by chunk against the
/// dataset in place.
///
/// ``ValidationEvaluator`` keeps a copy of its trials' data and materialises every prediction,
/// which is right for the small validation set scored each epoch; scoring the training trials
/// once at the end that way would hold two more copies of most of the data and set the whole
/// fit's memory peak. The sums run per neuron in trial order, as in ``FitScores``, so the result
/// is the same number.
enum StreamedLoss {
    /// Mean over weighted entries of (ŷ − y)², what ``ValidationEvaluator`` reports as
    /// `meanSquaredError` for the same trials and settings.
    static func meanSquaredError(
        of model: RNNModel<Float>, dataset: Dataset, trials: [Int], settings: FitSettings
    ) -> Double {
        scores(of: model, dataset: dataset, trials: trials, settings: settings).meanSquaredError
    }

    /// The mean squared error and the global R² (docs/METHOD.md §3: one grand mean ȳ over the
    /// weighted entries of `trials`) of the network on `trials`.
    static func scores(
        of model: RNNModel<Float>, dataset: Dataset, trials: [Int], settings: FitSettings
    ) -> (meanSquaredError: Double, globalR2: Double) {
        guard !trials.isEmpty else { return (.nan, .nan) }
        let compared = ComparedEntries(dataset: dataset, settings: settings)
        let width = compared.observed.dim2
        let steps = dataset.stepCount
        let runner = TrajectoryRunner(for: model, inputs: dataset.inputs, trials: trials, chunkSize: 32)
        let quantity = compared.quantity
        var weights = [Double](repeating: 0, count: width)
        var errors = [Double](repeating: 0, count: width)
        runner.run(
            model, noiseStandardDeviation: compared.readout ? Float(settings.noiseStandardDeviation) : 0,
            seed: ValidationEvaluator.noiseSeed, keepStates: quantity == .states
        ) { workspace, indices in
            let slot = workspace.batch * workspace.units
            for (b, trial) in indices.enumerated() {
                for t in 0..<steps {
                    let predicted: UnsafeMutablePointer<Float> =
                        switch quantity {
                        case .outputs: workspace.outputs.at((t * workspace.batch + b) * width)
                        case .rates: workspace.rates.at((t + 1) * slot + b * width)
                        case .states: workspace.states.at((t + 1) * slot + b * width)
                        }
                    let row = (trial * steps + t) * width
                    for i in 0..<width {
                        let w = compared.weight(trial: trial, step: t, entry: i)
                        if w == 0 { continue }
                        let e = Double(predicted[i]) - Double(compared.observed.storage[row + i])
                        weights[i] += w
                        errors[i] += w * e * e
                    }
                }
            }
        }
        let totalWeight = weights.reduce(0, +)
        let sse = errors.reduce(0, +)
        let variation = compared.variationAroundGrandMean(trials: trials)
        return (totalWeight > 0 ? sse / totalWeight : .nan, variation > 0 ? 1 - sse / variation : .nan)
    }
}

/// What a fit compares its network with, entry by entry: the activity (rates or currents) under
/// its mask, or, when training a readout, the targets in the decision window.
private struct ComparedEntries {
    let observed: Tensor3<Float>
    let readout: Bool
    let quantity: TrajectoryRunner<Float>.Quantity
    private let dataset: Dataset
    private let maskWidth: Int

    init(dataset: Dataset, settings: FitSettings) {
        self.dataset = dataset
        readout = settings.objective == .readout
        observed = readout ? dataset.targets ?? Tensor3(dataset.trialCount, dataset.stepCount, 0) : dataset.activity
        maskWidth = readout ? 1 : dataset.mask?.dim2 ?? 1
        quantity = readout ? .outputs : settings.target == .rates ? .rates : .states
    }

    func weight(trial: Int, step: Int, entry: Int) -> Double {
        if readout { return dataset.targetMask.map { Double($0[trial, step]) } ?? 1 }
        guard let mask = dataset.mask else { return 1 }
        return Double(mask.storage[(trial * dataset.stepCount + step) * maskWidth + (maskWidth == 1 ? 0 : entry)])
    }

    /// Σ w (y − ȳ)² over the weighted entries of `trials`, ȳ their one grand mean, in two passes
    /// (the mean, then the deviations) so that a large mean cannot cancel the variation away.
    func variationAroundGrandMean(trials: [Int]) -> Double {
        let width = observed.dim2, steps = dataset.stepCount
        func sum(_ term: (Double, Double) -> Double) -> Double {
            var total = 0.0
            for trial in trials {
                for t in 0..<steps {
                    let row = (trial * steps + t) * width
                    for i in 0..<width {
                        let w = weight(trial: trial, step: t, entry: i)
                        if w != 0 { total += term(w, Double(observed.storage[row + i])) }
                    }
                }
            }
            return total
        }
        let totalWeight = sum { w, _ in w }
        guard totalWeight > 0 else { return 0 }
        let mean = sum { w, y in w * y } / totalWeight
        return sum { w, y in w * (y - mean) * (y - mean) }
    }
}
