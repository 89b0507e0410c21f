import LintelData
import LintelNumerics

/// Low-rank teacher networks with known structure, and noisy datasets drawn from them, for
/// checking that LINT recovers what it should (rank, trajectories, effective connectivity).
///
/// Each latent r has its own slow dynamics: n_r = a_r m_r + (input-selective part along I_{r mod K})
/// + (a random part outside span{m, I}, which the dynamics cannot see). The inputs are random
/// pulses on each channel.
public enum SyntheticTeacher {
    public struct Configuration: Sendable, Codable, Equatable {
        public var units = 256
        public var rank = 2
        public var inputs = 2
        public var trials = 500
        public var steps = 100
        public var noiseStandardDeviation = 0.05
        public var seed: UInt64 = 1
        public init() {}
    }

    /// The teacher network.
    public static func model(_ configuration: Configuration) -> RNNModel<Float> {
        var random = SeededRandom(seed: configuration.seed)
        let units = configuration.units, rank = configuration.rank, inputCount = configuration.inputs
        let m = Matrix<Double>(rows: units, columns: rank, storage: random.gaussians(units * rank))
        let inputVectors = Matrix<Double>(
            rows: units, columns: inputCount, storage: random.gaussians(units * inputCount))
        // The hidden part of n lies outside span{m, I}: random, independent, invisible to the
        // latent dynamics (it is what ECC discounts).
        var span = Matrix<Double>(rows: units, columns: rank + inputCount)
        for i in 0..<units {
            for r in 0..<rank { span[i, r] = m[i, r] }
            for k in 0..<inputCount { span[i, rank + k] = inputVectors[i, k] }
        }
        var hidden = Matrix<Double>(rows: units, columns: rank, storage: random.gaussians(units * rank))
        if let q = try? LinearAlgebra.orthonormalBasis(span) {
            let inside = q * Matrix.product(q, hidden, transposeA: .transposed)
            for index in hidden.storage.indices { hidden.storage[index] -= inside.storage[index] }
        }
        // Self-couplings around the bifurcation at 1 give each latent its own slow decay.
        let selfCoupling = (0..<rank).map { 1.6 - 0.25 * Double($0) }
        var n = hidden
        for r in 0..<rank {
            for i in 0..<units {
                n[i, r] += selfCoupling[r] * m[i, r]
                if inputCount > 0 { n[i, r] += 1.5 * inputVectors[i, r % inputCount] }
            }
        }
        return RNNModel(
            connectivity: .lowRank(m: m.converted(), n: n.converted()),
            inputVectors: inputVectors.converted(), alpha: 0.2,
            noiseStandardDeviation: Float(configuration.noiseStandardDeviation))
    }

    /// Random pulse inputs: on each channel, 1–3 pulses of 5 steps and amplitude ±(0.5…1.5).
    public static func inputs(_ configuration: Configuration) -> Tensor3<Float> {
        var random = SeededRandom.stream(seed: configuration.seed, index: 1)
        let steps = configuration.steps
        var inputs = Tensor3<Float>(configuration.trials, steps, configuration.inputs)
        for trial in 0..<configuration.trials {
            for channel in 0..<configuration.inputs {
                for _ in 0..<(1 + random.integer(below: 3)) {
                    let start = random.integer(below: max(1, steps - 5))
                    let amplitude = (random.uniform() < 0.5 ? -1.0 : 1.0) * (0.5 + random.uniform())
                    for t in start..<min(start + 5, steps) {
                        inputs[trial, t, channel] += Float(amplitude)
                    }
                }
            }
        }
        return inputs
    }

    /// A dataset of the teacher's noisy rates (activity = φ(x)) with the inputs that drove them.
    public static func dataset(
        _ configuration: Configuration, teacher: RNNModel<Float>, file: String = "(synthetic)"
    ) -> Dataset {
        let inputs = inputs(configuration)
        let trajectories = Simulator.run(
            teacher, inputs: inputs, noiseStandardDeviation: Float(configuration.noiseStandardDeviation),
            seed: configuration.seed &+ 17)
        return Dataset(activity: trajectories.rates, inputs: inputs, file: file)
    }
}
