import LintelNumerics

/// Psychometric curves: how often the network chooses "positive" (mean readout over the
/// decision window > 0, see ``TaskAccuracy/decisionValues(outputs:trials:)``) as a function of
/// the stimulus.
public enum Psychometrics {
    /// PDM: the fraction of positive choices per coherence, sorted by coherence; only
    /// coherences that occur in `trials` appear.
    public static func pdm(
        outputs: Tensor3<Float>, trials: TaskTrials
    ) -> [(coherence: Double, positiveFraction: Double, count: Int)] {
        precondition(trials.task == .pdm, "PDM psychometrics need PDM trials, found \(trials.task)")
        let groups = grouped(outputs: outputs, trials: trials) { [$0[0]] }
        return groups.map { (coherence: $0.key[0], positiveFraction: $0.fraction, count: $0.count) }
    }

    /// CDM: per context (0 = A, 1 = B), a 6 × 6 matrix of positive-choice fractions indexed by
    /// (coherence A, coherence B) in the increasing order of ``ContextDecisionTask/coherences``
    /// (−0.4, −0.2, −0.1, 0.1, 0.2, 0.4); NaN where no trial. Result `[context][indexA][indexB]`.
    public static func cdm(outputs: Tensor3<Float>, trials: TaskTrials) -> [[[Double]]] {
        precondition(trials.task == .cdm, "CDM psychometrics need CDM trials, found \(trials.task)")
        let levels = ContextDecisionTask.coherences
        var positive = [[[Int]]](repeating: [[Int]](repeating: [Int](repeating: 0, count: levels.count), count: levels.count), count: 2)
        var counts = positive
        let values = TaskAccuracy.decisionValues(outputs: outputs, trials: trials)
        for trial in 0..<trials.trialCount {
            let parameters = trials.parameters[trial]
            guard
                let indexA = index(of: parameters[1], in: levels),
                let indexB = index(of: parameters[2], in: levels)
            else { preconditionFailure("trial \(trial) has coherences outside the CDM stimulus set") }
            let context = Int(parameters[0])
            counts[context][indexA][indexB] += 1
            if values[trial] > 0 { positive[context][indexA][indexB] += 1 }
        }
        return (0..<2).map { context in
            (0..<levels.count).map { a in
                (0..<levels.count).map { b in
                    let count = counts[context][a][b]
                    return count == 0 ? .nan : Double(positive[context][a][b]) / Double(count)
                }
            }
        }
    }

    /// Romo: the fraction of positive choices (choosing f1 > f2) per (f1, f2) pair, sorted by f1
    /// then f2; only pairs that occur in `trials` appear.
    public static func romo(
        outputs: Tensor3<Float>, trials: TaskTrials
    ) -> [(f1: Double, f2: Double, positiveFraction: Double, count: Int)] {
        precondition(trials.task == .romo, "Romo psychometrics need Romo trials, found \(trials.task)")
        let groups = grouped(outputs: outputs, trials: trials) { [$0[0], $0[1]] }
        return groups.map { (f1: $0.key[0], f2: $0.key[1], positiveFraction: $0.fraction, count: $0.count) }
    }

    /// Positive-choice fractions of the trials grouped by a key of their parameters, sorted by key.
    private static func grouped(
        outputs: Tensor3<Float>, trials: TaskTrials, key: ([Double]) -> [Double]
    ) -> [(key: [Double], fraction: Double, count: Int)] {
        let values = TaskAccuracy.decisionValues(outputs: outputs, trials: trials)
        var tallies: [[Double]: (positive: Int, count: Int)] = [:]
        for trial in 0..<trials.trialCount {
            var tally = tallies[key(trials.parameters[trial]), default: (0, 0)]
            tally.count += 1
            if values[trial] > 0 { tally.positive += 1 }
            tallies[key(trials.parameters[trial])] = tally
        }
        return tallies.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            let tally = tallies[key]!
            return (key: key, fraction: Double(tally.positive) / Double(tally.count), count: tally.count)
        }
    }

    private static func index(of value: Double, in levels: [Double]) -> Int? {
        levels.firstIndex { abs($0 - value) < 1e-9 }
    }
}
