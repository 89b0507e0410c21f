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
        var states = Tensor3<Scalar>(trials, steps, units)
        var rates = Tensor3<Scalar>(trials, steps, units)
        var outputs = model.readout.map { Tensor3<Scalar>(trials, steps, $0.columns) }
        guard trials > 0, steps > 0 else {
            return Trajectories(states: states, rates: rates, outputs: outputs)
        }
        let runner = TrajectoryRunner(
            for: model, inputs: inputs, trials: Array(0..<trials), chunkSize: chunkSize)
        runner.run(
            model, noiseStandardDeviation: noiseStandardDeviation ?? model.noiseStandardDeviation,
            seed: seed
        ) { workspace, indices in
            let first = indices[0]
            workspace.copyTrajectory(workspace.states, trials: indices.count, into: &states.storage, firstTrial: first)
            workspace.copyTrajectory(workspace.rates, trials: indices.count, into: &rates.storage, firstTrial: first)
            if outputs != nil {
                workspace.copyOutputs(trials: indices.count, into: &outputs!.storage, firstTrial: first)
            }
        }
        return Trajectories(states: states, rates: rates, outputs: outputs)
    }
}
