import LintelNumerics
import Testing

@testable import LintelEngine

/// Helpers shared by the task suites.
enum TaskTestSupport {
    /// The trials of `task` for `seed`, and the same trials without input noise (the noise is
    /// drawn whatever σ is, so the conditions and delays agree).
    static func noisyAndClean<T: CognitiveTask>(
        _ make: (Double?) -> T, count: Int, seed: UInt64
    ) -> (noisy: TaskTrials, clean: TaskTrials) {
        var random = SeededRandom(seed: seed)
        let noisy = make(nil).trials(count: count, random: &random)
        random = SeededRandom(seed: seed)
        let clean = make(0).trials(count: count, random: &random)
        return (noisy, clean)
    }

    /// The standard deviation (about 0) and largest magnitude of noisy − clean on `channel`,
    /// over the steps where `include(trial, t)` holds.
    static func residual(
        _ noisy: TaskTrials, _ clean: TaskTrials, channel: Int,
        include: (Int, Int) -> Bool = { _, _ in true }
    ) -> (std: Double, maximum: Double, count: Int) {
        var sum = 0.0, squares = 0.0, maximum = 0.0
        var count = 0
        for trial in 0..<noisy.trialCount {
            for t in 0..<noisy.steps where include(trial, t) {
                let difference = Double(noisy.inputs[trial, t, channel]) - Double(clean.inputs[trial, t, channel])
                sum += difference
                squares += difference * difference
                maximum = max(maximum, abs(difference))
                count += 1
            }
        }
        guard count > 0 else { return (0, 0, 0) }
        let mean = sum / Double(count)
        return ((squares / Double(count) - mean * mean).squareRoot(), maximum, count)
    }

    /// Outputs (trials, T, 1) equal to `value(trial, t)`.
    static func outputs(_ trials: TaskTrials, _ value: (Int, Int) -> Float) -> Tensor3<Float> {
        var result = Tensor3<Float>(trials.trialCount, trials.steps, 1)
        for trial in 0..<trials.trialCount {
            for t in 0..<trials.steps { result[trial, t, 0] = value(trial, t) }
        }
        return result
    }

    /// The channel `channel` of trial `trial` over all steps.
    static func channel(_ tensor: Tensor3<Float>, trial: Int, channel: Int) -> [Float] {
        (0..<tensor.dim1).map { tensor[trial, $0, channel] }
    }

    /// A sequence of `value` repeated `count` times.
    static func run(_ value: Float, _ count: Int) -> [Float] {
        [Float](repeating: value, count: count)
    }
}
