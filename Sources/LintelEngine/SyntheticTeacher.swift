import LintelData
import LintelNumerics

/// Low-rank teacher networks with known structure, and noisy datasets drawn from them, for
/// checking that LINT recovers what it should (rank, trajectories, effective connectivity).
///
/// Each latent has its own slow dynamics: n = m A + (an input-selective part along I_r for the
/// first K latents) + (a random part outside span{m, I}, which the dynamics cannot see). A is
/// diagonal (0.95, 0.85, …) for the latents that integrate an input; each further latent rotates
/// with the one before it. The inputs are random pulses on each channel.
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

    /// How strongly the latents integrate their inputs: large enough that two noisy runs of a
    /// teacher agree to R² ≈ 0.92–0.96 at σ = 0.05.
    static let inputSelectivity = 3.0
    /// Coupling between a latent beyond the K input integrators and the latent before it.
    static let rotation = 0.8

    /// The teacher network.
    public static func model(_ configuration: Configuration) -> RNNModel<Float> {
        // Not `SeededRandom(seed:)`, which students initialise from: with equal seeds a student
        // would start with the teacher's m.
        var random = SeededRandom.stream(seed: configuration.seed, index: 0x7EAC)
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
        // Latent r < K integrates input channel r with its own slow decay (self-couplings 0.95,
        // 0.85, … below 1). Each further latent rotates with the one before it (a damped
        // oscillation that needs two latent dimensions), so every extra rank adds dynamics that
        // fewer latents cannot mimic.
        var coupling = Matrix<Double>(rows: rank, columns: rank)  // n = m · coupling + …
        for r in 0..<rank {
            if r < inputCount {
                coupling[r, r] = max(0.5, 0.95 - 0.1 * Double(r))
            } else {
                coupling[r, r] = 0.9
                if r > 0 {
                    coupling[r - 1, r] = rotation
                    coupling[r, r - 1] = -rotation
                }
            }
        }
        var n = hidden
        for s in 0..<rank {
            for i in 0..<units {
                for r in 0..<rank where coupling[r, s] != 0 { n[i, s] += m[i, r] * coupling[r, s] }
                if s < inputCount { n[i, s] += inputSelectivity * inputVectors[i, s] }
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
