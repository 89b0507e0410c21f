import LintelNumerics

/// Context-dependent decision making (CDM, Mante et al. 2013; docs/METHOD.md §4): two noisy stimuli
/// and a context cue; report the sign of the cued stimulus's coherence.
///
/// Inputs: 0 stimulus A, 1 stimulus B, 2 context A, 3 context B.
/// Timing in steps: fixation 0..<5, context only 5..<22, stimulus 22..<62, delay 62..<67,
/// decision 67..<68; T = 68, no padding.
///
/// - Stimuli: each stimulus channel carries its own coherence, drawn independently from
///   {±1, ±2, ±4} × 0.1 (``coherences``), during the stimulus period, 0 elsewhere.
/// - Context: the cued context input is 0.1 from the end of fixation to the end of the trial
///   (steps 5..<68), the other context input 0. Context inputs carry no noise.
/// - Noise: Gaussian, standard deviation ``inputNoise`` (0.1), on the two stimulus channels at
///   every step of the trial, drawn independently per step and per channel.
/// - Target: sign of the cued stimulus's coherence (±1) on the decision step, 0 elsewhere.
/// - Condition: `36 · context + 6 · indexA + indexB` (72 labels), where context is 0 for A and
///   1 for B and indexA, indexB are the indices of the coherences in ``coherences``.
/// - Parameters: `[context (0 = A, 1 = B), coherence A, coherence B]`.
public struct ContextDecisionTask: CognitiveTask {
    /// The coherences of each stimulus in increasing order: −4, −2, −1, 1, 2, 4 (× 0.1).
    public static let coherences: [Double] = [-4, -2, -1, 1, 2, 4].map { $0 * 0.1 }
    /// The value of the cued context input.
    public static let contextCue = 0.1
    public static let fixation = 0..<5
    public static let contextOnly = 5..<22
    public static let stimulus = 22..<62
    public static let delay = 62..<67
    public static let decision = 67..<68
    /// Where the cued context input is on: from the end of fixation to the end of the trial.
    public static let context = 5..<68

    public var inputNoise: Double

    /// - Parameter inputNoise: σ of the noise on each stimulus channel (docs/METHOD.md: 0.1).
    public init(inputNoise: Double = 0.1) {
        self.inputNoise = inputNoise
    }

    public var name: TaskName { .cdm }
    public var inputCount: Int { 4 }
    public var inputNames: [String] { ["stimulus A", "stimulus B", "context A", "context B"] }
    public var steps: Int { Self.decision.upperBound }
    public var conditionCount: Int { 2 * Self.coherences.count * Self.coherences.count }

    /// The condition label of a context (0 = A, 1 = B) and two coherence indices.
    public static func condition(context: Int, indexA: Int, indexB: Int) -> Int {
        (context * coherences.count + indexA) * coherences.count + indexB
    }

    public func trials(count: Int, random: inout SeededRandom) -> TaskTrials {
        var writer = TrialWriter(trials: count, steps: steps, inputCount: 4)
        let levels = Self.coherences.count
        for trial in 0..<count {
            let label = random.integer(below: conditionCount)
            let context = label / (levels * levels)
            let indexA = (label / levels) % levels
            let indexB = label % levels
            let (coherenceA, coherenceB) = (Self.coherences[indexA], Self.coherences[indexB])
            writer.setLength(steps, trial: trial)
            writer.setInput(coherenceA, channel: 0, steps: Self.stimulus, trial: trial)
            writer.setInput(coherenceB, channel: 1, steps: Self.stimulus, trial: trial)
            writer.setInput(Self.contextCue, channel: 2 + context, steps: Self.context, trial: trial)
            writer.addNoise(inputNoise, channels: [0, 1], length: steps, trial: trial, random: &random)
            let cued = context == 0 ? coherenceA : coherenceB
            writer.setTarget(cued > 0 ? 1 : -1, steps: Self.decision, trial: trial)
            writer.condition.append(label)
            writer.parameters.append([Double(context), coherenceA, coherenceB])
        }
        return writer.finished(task: .cdm)
    }
}
