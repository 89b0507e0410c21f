import LintelNumerics

/// Perceptual decision making (PDM, docs/METHOD.md §4): one input carrying a noisy coherence; report
/// its sign after a delay.
///
/// Timing in steps of 20 ms: fixation 0..<5 (100 ms), stimulus 5..<45 (800 ms), delay 45..<60
/// (300 ms), decision 60..<75 (300 ms); T = 75, no padding.
///
/// - Input: the coherence during the stimulus period, 0 elsewhere, plus Gaussian noise of
///   standard deviation ``inputNoise`` (0.03) at *every* step of the trial, fixation, delay and
///   decision included (as in the reference), drawn independently per step.
/// - Stimulus set: coherence ∈ {±1, ±2, ±4, ±8, ±16} × 0.032 (``coherences``), uniformly drawn.
/// - Target: sign(coherence) = ±1 in the decision window (targetMask 1), 0 elsewhere.
/// - Condition: the index of the coherence in ``coherences`` (increasing order), 0…9.
/// - Parameters: `[coherence]`.
public struct PerceptualDecisionTask: CognitiveTask {
    /// The coherences in increasing order: −16, −8, −4, −2, −1, 1, 2, 4, 8, 16 (× 0.032).
    public static let coherences: [Double] = [-16, -8, -4, -2, -1, 1, 2, 4, 8, 16].map { $0 * 0.032 }
    public static let fixation = 0..<5
    public static let stimulus = 5..<45
    public static let delay = 45..<60
    public static let decision = 60..<75

    public var inputNoise: Double

    /// - Parameter inputNoise: σ of the noise on the stimulus channel (docs/METHOD.md: 0.03).
    public init(inputNoise: Double = 0.03) {
        self.inputNoise = inputNoise
    }

    public var name: TaskName { .pdm }
    public var inputCount: Int { 1 }
    public var inputNames: [String] { ["stimulus"] }
    public var steps: Int { Self.decision.upperBound }
    public var conditionCount: Int { Self.coherences.count }

    public func trials(count: Int, random: inout SeededRandom) -> TaskTrials {
        var writer = TrialWriter(trials: count, steps: steps, inputCount: 1)
        for trial in 0..<count {
            let label = random.integer(below: conditionCount)
            let coherence = Self.coherences[label]
            writer.setLength(steps, trial: trial)
            writer.setInput(coherence, channel: 0, steps: Self.stimulus, trial: trial)
            writer.addNoise(inputNoise, channels: [0], length: steps, trial: trial, random: &random)
            writer.setTarget(coherence > 0 ? 1 : -1, steps: Self.decision, trial: trial)
            writer.condition.append(label)
            writer.parameters.append([coherence])
        }
        return writer.finished(task: .pdm)
    }
}
