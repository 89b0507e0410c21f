import Foundation
import LintelNumerics

@testable import LintelRecordings

/// The reaching session of the shared fixture spec, drawn in Swift: 8 directions × `trials`
/// trials in a shuffled order, 16 units (ids 101…116) whose spikes are Poisson with the known
/// rate r_u(d, t) = b_u + g_u · cos(θ_d − p_u) · exp(−(t − 0.1)² / (2 · 0.25²)), t in seconds
/// from the trial's move_time; trials back to back, 1.5 s each.
struct ReachingSession {
    static let directions = (0..<8).map { Double($0) * 45 }
    static let unitIDs = Array(101...116)

    let base: [Double]
    let gain: [Double]
    let preferred: [Double]
    let recording: Recording

    init(seed: UInt64, trialsPerDirection: Int = 30) {
        var random = SeededRandom(seed: seed)
        let unitCount = Self.unitIDs.count
        base = (0..<unitCount).map { _ in 30 + 15 * random.uniform() }
        gain = (0..<unitCount).map { _ in 20 + 10 * random.uniform() }
        preferred = (0..<unitCount).map { _ in 2 * Double.pi * random.uniform() }

        var order = (0..<(8 * trialsPerDirection)).map { $0 % 8 }
        order.shuffle(using: &random)
        let trialCount = order.count
        let start = (0..<trialCount).map { 1.5 * Double($0) }
        let move = start.map { $0 + 0.9 + 0.1 * random.uniform() }
        let direction = order.map { Self.directions[$0] }

        var spikes = [[Double]](repeating: [], count: unitCount)
        for trial in 0..<trialCount {
            for unit in 0..<unitCount {
                // Thinning: a Poisson process at the peak rate, each spike kept with
                // probability rate / peak.
                let peak = base[unit] + gain[unit]
                var time = start[trial]
                while true {
                    time += -log(1 - random.uniform()) / peak
                    guard time < start[trial] + 1.5 else { break }
                    let rate = Self.rate(base[unit], gain[unit], preferred[unit], direction[trial], time - move[trial])
                    if random.uniform() * peak < rate { spikes[unit].append(time) }
                }
            }
        }
        let columns: [String: TableColumn] = [
            "start_time": .numbers(start),
            "stop_time": .numbers(start.map { $0 + 1.5 }),
            "target_on_time": .numbers(start.map { $0 + 0.2 }),
            "move_time": .numbers(move),
            "direction": .numbers(direction),
            "cos_dir": .numbers(direction.map { cos($0 * .pi / 180) }),
            "sin_dir": .numbers(direction.map { sin($0 * .pi / 180) }),
        ]
        recording = Recording(
            file: "reaching (memory)", format: "Swift",
            units: UnitsTable(
                ids: Self.unitIDs, spikeTimes: spikes,
                columns: ["location": .texts((0..<unitCount).map { $0 % 2 == 0 ? "M1" : "PMd" })]),
            trials: TrialsTable(
                columns: columns,
                order: ["start_time", "stop_time", "target_on_time", "move_time", "direction", "cos_dir", "sin_dir"]))
    }

    static func rate(_ base: Double, _ gain: Double, _ preferred: Double, _ directionDegrees: Double, _ t: Double) -> Double {
        base + gain * cos(directionDegrees * .pi / 180 - preferred) * exp(-(t - 0.1) * (t - 0.1) / (2 * 0.25 * 0.25))
    }

    /// The known rates (8 directions, bins, 16 units) at bin centres `timeMilliseconds`.
    func knownRates(timeMilliseconds: [Double]) -> [Double] {
        Self.directions.flatMap { direction in
            timeMilliseconds.flatMap { time in
                (0..<base.count).map { Self.rate(base[$0], gain[$0], preferred[$0], direction, time / 1000) }
            }
        }
    }
}

/// R² of `estimate` against `truth`, both (conditions, bins, units): 1 − Σ(est − true)² /
/// Σ(true − that unit's mean true)², over every condition, bin and unit.
func rSquared(_ estimate: [Float], _ truth: [Double], units: Int) -> Double {
    precondition(estimate.count == truth.count)
    var means = [Double](repeating: 0, count: units)
    for (index, value) in truth.enumerated() { means[index % units] += value }
    let rows = Double(truth.count / units)
    means = means.map { $0 / rows }
    var residual = 0.0
    var total = 0.0
    for index in truth.indices {
        residual += (Double(estimate[index]) - truth[index]) * (Double(estimate[index]) - truth[index])
        total += (truth[index] - means[index % units]) * (truth[index] - means[index % units])
    }
    return 1 - residual / total
}
