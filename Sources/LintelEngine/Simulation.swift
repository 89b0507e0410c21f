import LintelNumerics

/// What a network did on a set of trials, trial-major like datasets: (trials, T, ·).
public struct Trajectories<Scalar: BLASScalar>: Sendable {
    /// x_1 … x_T.
    public var states: Tensor3<Scalar>
    /// φ(x_1) … φ(x_T).
    public var rates: Tensor3<Scalar>
    /// z(x_1) … z(x_T), when the network has a readout.
    public var outputs: Tensor3<Scalar>?
}

/// Forward simulation of many trials, in chunks so that memory stays bounded.
public enum Simulator {
    /// Runs `model` on every trial of `inputs` (trials, T, K).
    ///
    /// Trial i draws its noise from stream i of `seed`, so the result does not depend on the
    /// chunk size.
    public static func run<Scalar: BLASScalar>(
        _ model: RNNModel<Scalar>, inputs: Tensor3<Scalar>, noiseStandardDeviation: Scalar? = nil,
        seed: UInt64 = 1, chunkSize: Int = 128
    ) -> Trajectories<Scalar> {
        precondition(inputs.dim2 == model.inputCount, "inputs must have K columns")
        let trials = inputs.dim0, steps = inputs.dim1, units = model.unitCount
        let sigma = noiseStandardDeviation ?? model.noiseStandardDeviation
        var states = Tensor3<Scalar>(trials, steps, units)
        var rates = Tensor3<Scalar>(trials, steps, units)
        var outputs = model.readout.map { Tensor3<Scalar>(trials, steps, $0.columns) }
        guard trials > 0, steps > 0 else {
            return Trajectories(states: states, rates: rates, outputs: outputs)
        }
        let chunk = max(1, min(chunkSize, trials))
        let workspace = RNNWorkspace(for: model, batch: chunk, steps: steps)
        var start = 0
        while start < trials {
            let indices = Array(start..<min(start + chunk, trials))
            // The workspace has a fixed batch size: a short final chunk is padded with zero trials.
            let batchInputs = padded(
                TrialBatch(trials: indices, steps: steps, inputs: inputs).inputs, steps: steps,
                from: indices.count, to: chunk, width: model.inputCount)
            var noise = (0..<chunk).map { SeededRandom.stream(seed: seed, index: start + $0) }
            workspace.forward(inputs: batchInputs, noiseStandardDeviation: sigma, noise: &noise)
            let slot = chunk * units
            for (b, trial) in indices.enumerated() {
                for t in 0..<steps {
                    let from = (t + 1) * slot + b * units
                    let to = (trial * steps + t) * units
                    for i in 0..<units {
                        states.storage[to + i] = workspace.states.pointer[from + i]
                        rates.storage[to + i] = workspace.rates.pointer[from + i]
                    }
                    if let outputCount = outputs?.dim2 {
                        let outFrom = (t * chunk + b) * outputCount
                        let outTo = (trial * steps + t) * outputCount
                        for o in 0..<outputCount {
                            outputs!.storage[outTo + o] = workspace.outputs.pointer[outFrom + o]
                        }
                    }
                }
            }
            start += chunk
        }
        return Trajectories(states: states, rates: rates, outputs: outputs)
    }

    /// Time-major inputs of `current` trials widened to `target` trials with zeros.
    static func padded<Scalar: BLASScalar>(
        _ inputs: [Scalar], steps: Int, from current: Int, to target: Int, width: Int
    ) -> [Scalar] {
        if current == target || width == 0 { return inputs }
        var result = [Scalar](repeating: 0, count: steps * target * width)
        for t in 0..<steps {
            for b in 0..<current {
                for k in 0..<width {
                    result[(t * target + b) * width + k] = inputs[(t * current + b) * width + k]
                }
            }
        }
        return result
    }
}
