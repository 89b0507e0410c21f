import LintelNumerics

/// Task accuracy (docs/METHOD.md §3): a trial is correct when the sign of the mean readout over its
/// decision window equals the sign of the mean target over it.
///
/// The decision window of a trial is where `targetMask` and `mask` are both non-zero. Only the
/// first output channel is read. Romo targets are graded values ((f1 − f2)/24), DMS targets are
/// +1 for a match and −1 otherwise; only signs count. A mean readout of exactly 0, a zero mean
/// target or an empty decision window make a trial incorrect.
public enum TaskAccuracy {
    /// Per trial, the mean readout over the decision window (0 for an empty window): the
    /// network's decision variable, whose sign is its choice.
    /// - Parameter outputs: (trials, T, outputs ≥ 1), as `trials`.
    public static func decisionValues(outputs: Tensor3<Float>, trials: TaskTrials) -> [Double] {
        checkShape(outputs, trials)
        return (0..<trials.trialCount).map { windowMean(outputs, trials, trial: $0) }
    }

    /// Per trial, whether the choice (sign of the mean readout) is right.
    public static func correct(outputs: Tensor3<Float>, trials: TaskTrials) -> [Bool] {
        checkShape(outputs, trials)
        return (0..<trials.trialCount).map { trial in
            let target = sign(windowMean(trials.targets, trials, trial: trial))
            return target != 0 && sign(windowMean(outputs, trials, trial: trial)) == target
        }
    }

    /// The fraction of correct trials (NaN for no trials).
    public static func accuracy(outputs: Tensor3<Float>, trials: TaskTrials) -> Double {
        fraction(correct(outputs: outputs, trials: trials))
    }

    /// Accuracy per context, for inactivation studies: for CDM `[context A, context B]` (NaN for
    /// a context without trials); for the other tasks one group, `[accuracy]`.
    public static func accuracyByContext(outputs: Tensor3<Float>, trials: TaskTrials) -> [Double] {
        let marks = correct(outputs: outputs, trials: trials)
        guard trials.task == .cdm else { return [fraction(marks)] }
        return (0..<2).map { context in
            fraction(marks.indices.filter { Int(trials.parameters[$0][0]) == context }.map { marks[$0] })
        }
    }

    static func checkShape(_ outputs: Tensor3<Float>, _ trials: TaskTrials) {
        precondition(
            outputs.dim0 == trials.trialCount && outputs.dim1 == trials.steps && outputs.dim2 >= 1,
            "outputs must be (\(trials.trialCount), \(trials.steps), ≥ 1), found \(outputs.shape)")
    }

    /// The mean of channel 0 of `values` over the decision window of `trial`.
    static func windowMean(_ values: Tensor3<Float>, _ trials: TaskTrials, trial: Int) -> Double {
        var sum = 0.0
        var count = 0
        for t in 0..<trials.steps where trials.targetMask[trial, t] != 0 && trials.mask[trial, t] != 0 {
            sum += Double(values[trial, t, 0])
            count += 1
        }
        return count == 0 ? 0 : sum / Double(count)
    }

    private static func sign(_ value: Double) -> Int {
        value > 0 ? 1 : (value < 0 ? -1 : 0)
    }

    private static func fraction(_ marks: [Bool]) -> Double {
        marks.isEmpty ? .nan : Double(marks.filter { $0 }.count) / Double(marks.count)
    }
}
