import LintelNumerics

/// Runs one network shape on a fixed set of trials again and again (every epoch's validation, a
/// simulation), reusing one workspace and the inputs already laid out time-major.
final class TrajectoryRunner<Scalar: BLASScalar> {
    let workspace: RNNWorkspace<Scalar>
    let trials: [Int]
    let steps: Int
    private let chunks: [[Int]]
    private let chunkInputs: [[Scalar]]

    init(for model: RNNModel<Scalar>, inputs: Tensor3<Scalar>, trials: [Int], chunkSize: Int = 128) {
        precondition(inputs.dim2 == model.inputCount, "inputs must have K columns")
        self.trials = trials
        steps = inputs.dim1
        // At most 32 trials at a time, whatever was asked: a chunk's trajectories then stay in
        // cache (results do not depend on the chunking; each trial has its own noise stream).
        let chunk = max(1, min(chunkSize, 32, trials.count))
        workspace = RNNWorkspace(for: model, batch: chunk, steps: inputs.dim1, training: false)
        chunks = stride(from: 0, to: trials.count, by: chunk).map {
            Array(trials[$0..<min($0 + chunk, trials.count)])
        }
        // The workspace has a fixed batch size: a short final chunk is padded with zero inputs.
        chunkInputs = chunks.map { indices in
            let padded = indices + Array(repeating: indices[0], count: chunk - indices.count)
            var laidOut = TrialBatch(trials: padded, steps: inputs.dim1, inputs: inputs).inputs
            if indices.count < chunk {
                laidOut = Self.zeroingTrials(laidOut, from: indices.count, batch: chunk, width: inputs.dim2)
            }
            return laidOut
        }
    }

    /// Runs `model` on every trial and hands each chunk's workspace to `collect` with the trial
    /// indices it holds (batch slot b ↔ indices[b]). Trial i draws noise from stream i of `seed`.
    ///
    /// - Parameter keepStates: false when `collect` reads only rates or outputs (then x_1 … x_T
    ///   are not stored; see ``RNNWorkspace/runForward(inputs:sigma:noise:keepStates:)``).
    func run(
        _ model: RNNModel<Scalar>, noiseStandardDeviation sigma: Scalar, seed: UInt64,
        keepStates: Bool = true, collect: (RNNWorkspace<Scalar>, _ indices: [Int]) -> Void
    ) {
        workspace.load(model)
        for (indices, inputs) in zip(chunks, chunkInputs) {
            // Padding slots reuse the last trial's stream; their results are discarded.
            var noise =
                sigma == 0
                ? []
                : (0..<workspace.batch).map {
                    SeededRandom.stream(seed: seed, index: indices[min($0, indices.count - 1)])
                }
            precondition(inputs.count == steps * workspace.batch * workspace.inputCount)
            inputs.withUnsafeBufferPointer { u in
                workspace.runForward(
                    inputs: u.baseAddress, sigma: sigma, noise: &noise,
                    keepStates: keepStates || (model.nonlinearity != .tanh && model.outputCount > 0))
            }
            collect(workspace, indices)
        }
    }

    /// What a prediction is made of.
    enum Quantity {
        case states, rates, outputs
    }

    /// x_1 … x_T, φ(x_1) … φ(x_T) or the readout for every trial, trial-major (trials, T, ·) in
    /// `trials` order.
    func predict(
        _ model: RNNModel<Scalar>, _ quantity: Quantity, noiseStandardDeviation sigma: Scalar = 0,
        seed: UInt64 = 0
    ) -> Tensor3<Scalar> {
        let width = quantity == .outputs ? model.outputCount : model.unitCount
        var result = Tensor3<Scalar>(trials.count, steps, width)
        var position = 0
        run(model, noiseStandardDeviation: sigma, seed: seed, keepStates: quantity == .states) {
            workspace, indices in
            switch quantity {
            case .states:
                workspace.copyTrajectory(workspace.states, trials: indices.count, into: &result.storage, firstTrial: position)
            case .rates:
                workspace.copyTrajectory(workspace.rates, trials: indices.count, into: &result.storage, firstTrial: position)
            case .outputs:
                workspace.copyOutputs(trials: indices.count, into: &result.storage, firstTrial: position)
            }
            position += indices.count
        }
        return result
    }

    /// Each neuron's sum of squared errors of x_1 … x_T (or φ(x_1) … φ(x_T)) against `observed`
    /// (trial-major, in `trials` order), summed chunk by chunk where the forward pass leaves them:
    /// the same sums, in the same order, as ``ObservedStatistics`` takes over a ``predict(_:_:noiseStandardDeviation:seed:)``
    /// result, without writing and reading back a copy of every trajectory.
    func sumSquaredErrors(
        _ model: RNNModel<Scalar>, _ quantity: Quantity, observed: Tensor3<Scalar>,
        statistics: ObservedStatistics<Scalar>
    ) -> [Double] {
        precondition(quantity != .outputs, "outputs are scored from predict(_:_:)")
        precondition(observed.dim0 == trials.count && observed.dim1 == steps && observed.dim2 == model.unitCount)
        var errors = [Double](repeating: 0, count: model.unitCount)
        guard observed.count > 0 else { return errors }
        var position = 0
        observed.storage.withUnsafeBufferPointer { y in
            errors.withUnsafeMutableBufferPointer { sums in
                run(model, noiseStandardDeviation: 0, seed: 0, keepStates: quantity == .states) { workspace, indices in
                    let buffer = quantity == .states ? workspace.states : workspace.rates
                    let slot = workspace.batch * workspace.units
                    let units = workspace.units
                    let first = position
                    let steps = self.steps
                    statistics.sumSquaredErrors(
                        rows: first * steps..<(first + indices.count) * steps,
                        predictedRow: { row in
                            let b = row / steps - first
                            return UnsafePointer(buffer.at((row % steps + 1) * slot + b * units))
                        },
                        observed: y.baseAddress!, into: sums.baseAddress!)
                    position += indices.count
                }
            }
        }
        return errors
    }

    static func zeroingTrials(_ inputs: [Scalar], from first: Int, batch: Int, width: Int) -> [Scalar] {
        var result = inputs
        for t in 0..<(inputs.count / max(batch * width, 1)) {
            for b in first..<batch {
                for k in 0..<width { result[(t * batch + b) * width + k] = 0 }
            }
        }
        return result
    }
}

extension RNNWorkspace {
    /// Copies slots 1…T (x_1 … x_T) of a per-unit buffer for the first `trials` batch entries
    /// into a trial-major (trials, T, N) array starting at trial `firstTrial`.
    func copyTrajectory(
        _ buffer: ScratchBuffer<Scalar>, trials count: Int, into target: inout [Scalar], firstTrial: Int
    ) {
        let slot = batch * units
        target.withUnsafeMutableBufferPointer { out in
            for b in 0..<count {
                for t in 0..<steps {
                    let from = buffer.at((t + 1) * slot + b * units)
                    let to = out.baseAddress! + ((firstTrial + b) * steps + t) * units
                    to.update(from: from, count: units)
                }
            }
        }
    }

    /// Copies z_0 … z_{T−1} of the first `trials` batch entries into (trials, T, outputs).
    func copyOutputs(trials count: Int, into target: inout [Scalar], firstTrial: Int) {
        target.withUnsafeMutableBufferPointer { out in
            for b in 0..<count {
                for t in 0..<steps {
                    let from = outputs.at((t * batch + b) * outputCount)
                    let to = out.baseAddress! + ((firstTrial + b) * steps + t) * outputCount
                    to.update(from: from, count: outputCount)
                }
            }
        }
    }
}
