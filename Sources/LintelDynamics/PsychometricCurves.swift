import LintelEngine
import LintelNumerics

/// One psychometric curve: the fraction of "positive" choices (mean readout over the decision
/// window > 0) per stimulus level.
package struct PsychometricCurve: Sendable, Equatable, Codable {
    /// What the curve shows, e.g. `coherence`, `context A: stimulus B`, `f1 - f2 (Hz)`.
    package var name: String
    package var stimulus: [Double]
    package var positiveFraction: [Double]
    package var trials: [Int]

    enum CodingKeys: String, CodingKey {
        case name, stimulus
        case positiveFraction = "positive_fraction"
        case trials
    }

    /// The curves of each task: PDM, choice against coherence; CDM, per context the choice against
    /// each stimulus's coherence (the relevant and the irrelevant one, averaged over the other);
    /// Romo, against f1 − f2; DMS, against match (1) or non-match (0).
    package static func curves(outputs: Tensor3<Float>, trials: TaskTrials) -> [PsychometricCurve] {
        let values = TaskAccuracy.decisionValues(outputs: outputs, trials: trials)
        func curve(_ name: String, _ selected: [Int], _ level: ([Double]) -> Double) -> PsychometricCurve {
            var tallies: [Double: (positive: Int, count: Int)] = [:]
            for trial in selected {
                let key = (level(trials.parameters[trial]) * 1e9).rounded() / 1e9
                var tally = tallies[key, default: (0, 0)]
                tally.count += 1
                if values[trial] > 0 { tally.positive += 1 }
                tallies[key] = tally
            }
            let keys = tallies.keys.sorted()
            return PsychometricCurve(
                name: name, stimulus: keys,
                positiveFraction: keys.map { Double(tallies[$0]!.positive) / Double(tallies[$0]!.count) },
                trials: keys.map { tallies[$0]!.count })
        }
        let all = Array(0..<trials.trialCount)
        switch trials.task {
        case .pdm:
            return [curve("coherence", all) { $0[0] }]
        case .cdm:
            var result: [PsychometricCurve] = []
            for (context, contextName) in ["context A", "context B"].enumerated() {
                let selected = all.filter { Int(trials.parameters[$0][0]) == context }
                result.append(curve("\(contextName): stimulus A", selected) { $0[1] })
                result.append(curve("\(contextName): stimulus B", selected) { $0[2] })
            }
            return result
        case .romo:
            return [curve("f1 - f2 (Hz)", all) { $0[0] - $0[1] }]
        case .dms:
            return [curve("match", all) { $0[0] == $0[1] ? 1 : 0 }]
        }
    }
}
