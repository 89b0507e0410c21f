import LintelNumerics

/// Parametric working memory (Romo; docs/METHOD.md §4): two vibration frequencies f1 and f2 separated
/// by a variable delay; report f1 − f2 as a graded value.
///
/// Timing in steps (``Timing``): fixation 0..<5, f1 5..<10, delay of D steps 10..<10+D with D
/// drawn uniformly from 25…100 (500–2000 ms), f2 for 5 steps, decision for 5 steps; a trial lasts
/// 20 + D steps, T = 120 (the longest trial fills it exactly) and shorter trials are padded at
/// the end with mask 0, targetMask 0, targets 0 and inputs 0 (no noise).
///
/// - Stimulus set (``pairs``): frequencies on the 4 Hz grid {10, 14, …, 34} Hz, all ordered
///   pairs (f1, f2) with f2 − f1 ∈ {±8, ±16, ±24} Hz — 18 pairs (10 with |f2 − f1| = 8, 6 with 16,
///   2 with 24), drawn uniformly.
/// - Input: (f − 22)/24 during the f1 and f2 periods, 0 elsewhere, plus Gaussian noise of
///   standard deviation ``inputNoise`` (0.01) at every step of the trial (not on padding).
/// - Target: the value (f1 − f2)/24 (±1/3, ±2/3 or ±1, not ±1 only) in the decision window;
///   accuracy compares signs.
/// - Condition: the index of (f1, f2) in ``pairs`` (sorted by f1, then f2), 0…17; the delay is
///   not part of the label.
/// - Parameters: `[f1 (Hz), f2 (Hz), delay (steps)]`.
public struct RomoTask: CognitiveTask {
    /// The periods of one trial, as half-open step ranges.
    public struct Timing: Sendable, Equatable {
        public var delaySteps: Int
        public var fixation: Range<Int> { 0..<5 }
        public var firstStimulus: Range<Int> { 5..<10 }
        public var delay: Range<Int> { 10..<(10 + delaySteps) }
        public var secondStimulus: Range<Int> { delay.upperBound..<(delay.upperBound + 5) }
        public var decision: Range<Int> { secondStimulus.upperBound..<(secondStimulus.upperBound + 5) }
        /// The number of real steps of the trial (before padding).
        public var length: Int { decision.upperBound }

        public init(delaySteps: Int) {
            self.delaySteps = delaySteps
        }
    }

    /// The possible delays in steps (500–2000 ms).
    public static let delaySteps = 25...100
    /// The frequency grid in Hz.
    public static let frequencies: [Double] = Array(stride(from: 10.0, through: 34.0, by: 4.0))
    /// The frequency differences f2 − f1 in Hz.
    public static let differences: Set<Double> = [-24, -16, -8, 8, 16, 24]
    /// The stimulus set: every (f1, f2) of the grid with f2 − f1 in ``differences``, sorted by f1
    /// then f2. A condition label is an index into this list.
    public static let pairs: [(f1: Double, f2: Double)] = frequencies.flatMap { f1 in
        frequencies.filter { differences.contains($0 - f1) }.map { (f1: f1, f2: $0) }
    }

    public var inputNoise: Double

    /// - Parameter inputNoise: σ of the noise on the stimulus channel (docs/METHOD.md: 0.01).
    public init(inputNoise: Double = 0.01) {
        self.inputNoise = inputNoise
    }

    public var name: TaskName { .romo }
    public var inputCount: Int { 1 }
    public var inputNames: [String] { ["frequency"] }
    public var steps: Int { Timing(delaySteps: Self.delaySteps.upperBound).length }
    public var conditionCount: Int { Self.pairs.count }

    /// The input value of a frequency: (f − 22)/24.
    public static func inputValue(frequency: Double) -> Double { (frequency - 22) / 24 }
    /// The target of a pair: (f1 − f2)/24.
    public static func targetValue(f1: Double, f2: Double) -> Double { (f1 - f2) / 24 }

    public func trials(count: Int, random: inout SeededRandom) -> TaskTrials {
        var writer = TrialWriter(trials: count, steps: steps, inputCount: 1)
        for trial in 0..<count {
            let label = random.integer(below: conditionCount)
            let (f1, f2) = Self.pairs[label]
            let timing = Timing(
                delaySteps: Self.delaySteps.lowerBound + random.integer(below: Self.delaySteps.count))
            writer.setLength(timing.length, trial: trial)
            writer.setInput(Self.inputValue(frequency: f1), channel: 0, steps: timing.firstStimulus, trial: trial)
            writer.setInput(Self.inputValue(frequency: f2), channel: 0, steps: timing.secondStimulus, trial: trial)
            writer.addNoise(inputNoise, channels: [0], length: timing.length, trial: trial, random: &random)
            writer.setTarget(Self.targetValue(f1: f1, f2: f2), steps: timing.decision, trial: trial)
            writer.condition.append(label)
            writer.parameters.append([f1, f2, Double(timing.delaySteps)])
        }
        return writer.finished(task: .romo)
    }
}
