import LintelNumerics

/// A trial generator for one cognitive task (docs/METHOD.md §4; dt = 20 ms, one step per 20 ms).
public protocol CognitiveTask: Sendable {
    var name: TaskName { get }
    /// K, the number of input channels.
    var inputCount: Int { get }
    /// One name per input channel, in channel order.
    var inputNames: [String] { get }
    /// T, the number of steps of every trial (the padded length for variable-delay tasks).
    var steps: Int { get }
    /// The number of distinct condition labels (labels are 0..<conditionCount).
    var conditionCount: Int { get }
    /// The standard deviation of the Gaussian input noise on the stimulus channels.
    var inputNoise: Double { get }
    /// Seeded trials covering the stimulus set: each trial's condition is drawn uniformly at random.
    ///
    /// Per trial the stream gives the condition, then the delay (variable-delay tasks), then the
    /// noise of every step and stimulus channel (time-major). The noise is drawn even when
    /// `inputNoise` is 0, so the same seed gives the same conditions and delays whatever σ is.
    func trials(count: Int, random: inout SeededRandom) -> TaskTrials
}

/// The tasks with the default parameters of docs/METHOD.md §4.
public enum Tasks {
    public static func task(_ name: TaskName) -> any CognitiveTask {
        switch name {
        case .pdm: PerceptualDecisionTask()
        case .cdm: ContextDecisionTask()
        case .romo: RomoTask()
        case .dms: DelayedMatchToSampleTask()
        }
    }
}
