import Foundation

/// Time in milliseconds for people: bin t (numbered from 0, like numpy) is at `time_ms[t]` when
/// the file has `time_ms` (the bin centres `lintel import` writes, relative to an event), else at
/// (t + 1) · dt_ms — the state after t + 1 steps of dt_ms from the start of the trial — and nil
/// when the file has neither, when screens count bins instead.
///
/// ```swift
/// m1.milliseconds(atBin: 0)    // -800 (time_ms[0])
/// synthetic.milliseconds(atBin: 4)   // 100 (dt_ms 20)
/// m1.bin(atMilliseconds: -195) // 60 (the bin nearest -195 ms: -200)
/// ```
extension Dataset {
    /// Whether ``milliseconds(atBin:)`` has an answer.
    public var hasTime: Bool { timeMilliseconds != nil || dtMilliseconds != nil }

    public func milliseconds(atBin t: Int) -> Double? {
        if let times = timeMilliseconds, times.indices.contains(t) { return times[t] }
        return dtMilliseconds.map { Double(t + 1) * $0 }
    }

    /// The bin whose time is nearest `time`, or nil when `time` lies more than half a bin
    /// outside the trial (or the data have no time).
    public func bin(atMilliseconds time: Double) -> Int? {
        guard hasTime, stepCount > 0 else { return nil }
        let times = (0..<stepCount).map { milliseconds(atBin: $0)! }
        let nearest = times.indices.min { abs(times[$0] - time) < abs(times[$1] - time) }!
        let halfBin = stepCount > 1 ? abs(times[1] - times[0]) / 2 : (dtMilliseconds ?? 0) / 2
        return abs(times[nearest] - time) <= halfBin + 1e-9 * max(1, abs(time)) ? nearest : nil
    }
}
