import LintelNumerics

/// Fills the arrays of a batch of trials, one trial at a time (shared by the task generators).
struct TrialWriter {
    var inputs: Tensor3<Float>
    var targets: Tensor3<Float>
    var targetMask: Matrix<Float>
    var mask: Matrix<Float>
    var condition: [Int] = []
    var parameters: [[Double]] = []

    init(trials: Int, steps: Int, inputCount: Int) {
        precondition(trials >= 0, "the trial count must be non-negative")
        inputs = Tensor3(trials, steps, inputCount)
        targets = Tensor3(trials, steps, 1)
        targetMask = Matrix(rows: trials, columns: steps)
        mask = Matrix(rows: trials, columns: steps)
        condition.reserveCapacity(trials)
        parameters.reserveCapacity(trials)
    }

    /// Marks the first `length` steps of trial `trial` as real (mask 1); the rest stays padding.
    mutating func setLength(_ length: Int, trial: Int) {
        for t in 0..<length { mask[trial, t] = 1 }
    }

    /// Sets input channel `channel` to `value` over `steps`.
    mutating func setInput(_ value: Double, channel: Int, steps: Range<Int>, trial: Int) {
        for t in steps { inputs[trial, t, channel] = Float(value) }
    }

    /// Puts the target `value` over the decision window `steps` and marks it in `targetMask`.
    mutating func setTarget(_ value: Double, steps: Range<Int>, trial: Int) {
        for t in steps {
            targets[trial, t, 0] = Float(value)
            targetMask[trial, t] = 1
        }
    }

    /// Adds Gaussian noise of standard deviation `noise` to `channels` at every step before
    /// `length`, drawn time-major (all channels of step 0, then step 1, …).
    mutating func addNoise(
        _ noise: Double, channels: [Int], length: Int, trial: Int, random: inout SeededRandom
    ) {
        for t in 0..<length {
            for channel in channels {
                inputs[trial, t, channel] += Float(random.gaussian() * noise)
            }
        }
    }

    func finished(task: TaskName) -> TaskTrials {
        TaskTrials(
            task: task, inputs: inputs, targets: targets, targetMask: targetMask, mask: mask,
            condition: condition, parameters: parameters)
    }
}
