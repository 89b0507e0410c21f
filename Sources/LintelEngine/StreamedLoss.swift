import LintelData
import LintelNumerics

/// The loss of a network on many trials, computed chunk by chunk against the dataset in place.
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
        guard !trials.isEmpty else { return .nan }
        let runner = TrajectoryRunner(for: model, inputs: dataset.inputs, trials: trials, chunkSize: 32)
        let readout = settings.objective == .readout
        let observed = readout ? dataset.targets ?? Tensor3(dataset.trialCount, dataset.stepCount, 0) : dataset.activity
        let width = observed.dim2
        let steps = dataset.stepCount
        let maskWidth = readout ? 1 : dataset.mask?.dim2 ?? 1
        let quantity: TrajectoryRunner<Float>.Quantity = readout ? .outputs : settings.target == .rates ? .rates : .states
        func weight(trial: Int, step: Int, entry: Int) -> Double {
            if readout { return dataset.targetMask.map { Double($0[trial, step]) } ?? 1 }
            guard let mask = dataset.mask else { return 1 }
            return Double(mask.storage[(trial * steps + step) * maskWidth + (maskWidth == 1 ? 0 : entry)])
        }
        var weights = [Double](repeating: 0, count: width)
        var errors = [Double](repeating: 0, count: width)
        runner.run(
            model, noiseStandardDeviation: readout ? Float(settings.noiseStandardDeviation) : 0,
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
                        let w = weight(trial: trial, step: t, entry: i)
                        if w == 0 { continue }
                        let e = Double(predicted[i]) - Double(observed.storage[row + i])
                        weights[i] += w
                        errors[i] += w * e * e
                    }
                }
            }
        }
        let totalWeight = weights.reduce(0, +)
        return totalWeight > 0 ? errors.reduce(0, +) / totalWeight : .nan
    }
}
