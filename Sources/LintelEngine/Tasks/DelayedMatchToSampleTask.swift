import LintelNumerics

/// Delayed match-to-sample (DMS; docs/METHOD.md §4): two stimuli, each A or B, separated by a
/// variable delay; report whether they match.
///
/// Inputs: one-hot, channel 0 for A and channel 1 for B.
/// Timing in steps (``Timing``): fixation 0..<5, first stimulus 5..<30 (500 ms), delay of D steps
/// 30..<30+D with D drawn uniformly from 25…150 (500–3000 ms), second stimulus for 25 steps,
/// decision for 50 steps (1000 ms); a trial lasts 105 + D steps, T = 255 and shorter trials are
/// padded at the end with mask 0, targetMask 0, targets 0 and inputs 0 (no noise).
///
/// - Input: 1 on the stimulus's channel during each stimulus period, 0 elsewhere, plus Gaussian
///   noise of standard deviation ``inputNoise`` (0.03) on both channels at every step of the
///   trial (not on padding), independently per step and channel.
/// - Target: +1 if the two stimuli match (AA, BB), −1 otherwise (AB, BA), in the decision window.
/// - Condition: `2 · first + second` with A = 0 and B = 1: 0 AA, 1 AB, 2 BA, 3 BB; the delay is
///   not part of the label.
/// - Parameters: `[first (0 = A, 1 = B), second (0 = A, 1 = B), delay (steps)]`.
public struct DelayedMatchToSampleTask: CognitiveTask {
    /// The periods of one trial, as half-open step ranges.
    public struct Timing: Sendable, Equatable {
        public var delaySteps: Int
        public var fixation: Range<Int> { 0..<5 }
        public var firstStimulus: Range<Int> { 5..<30 }
        public var delay: Range<Int> { 30..<(30 + delaySteps) }
        public var secondStimulus: Range<Int> { delay.upperBound..<(delay.upperBound + 25) }
        public var decision: Range<Int> { secondStimulus.upperBound..<(secondStimulus.upperBound + 50) }
        /// The number of real steps of the trial (before padding).
        public var length: Int { decision.upperBound }

        public init(delaySteps: Int) {
            self.delaySteps = delaySteps
        }
    }

    /// The possible delays in steps (500–3000 ms).
    public static let delaySteps = 25...150

    public var inputNoise: Double

    /// - Parameter inputNoise: σ of the noise on each input channel (docs/METHOD.md: 0.03).
    public init(inputNoise: Double = 0.03) {
        self.inputNoise = inputNoise
    }

    public var name: TaskName { .dms }
    public var inputCount: Int { 2 }
    public var inputNames: [String] { ["stimulus A", "stimulus B"] }
    public var steps: Int { Timing(delaySteps: Self.delaySteps.upperBound).length }
    public var conditionCount: Int { 4 }

    public func trials(count: Int, random: inout SeededRandom) -> TaskTrials {
        var writer = TrialWriter(trials: count, steps: steps, inputCount: 2)
        for trial in 0..<count {
            let label = random.integer(below: conditionCount)
            let (first, second) = (label / 2, label % 2)
            let timing = Timing(
                delaySteps: Self.delaySteps.lowerBound + random.integer(below: Self.delaySteps.count))
            writer.setLength(timing.length, trial: trial)
            writer.setInput(1, channel: first, steps: timing.firstStimulus, trial: trial)
            writer.setInput(1, channel: second, steps: timing.secondStimulus, trial: trial)
            writer.addNoise(inputNoise, channels: [0, 1], length: timing.length, trial: trial, random: &random)
            writer.setTarget(first == second ? 1 : -1, steps: timing.decision, trial: trial)
            writer.condition.append(label)
            writer.parameters.append([Double(first), Double(second), Double(timing.delaySteps)])
        }
        return writer.finished(task: .dms)
    }
}
