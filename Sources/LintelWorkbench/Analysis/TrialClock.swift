import Foundation
import LintelData
import LintelTerminal

/// The time axis of the analysis screens: each bin's time in ms (``Dataset/milliseconds(atBin:)``:
/// `time_ms`, else (t + 1) · dt_ms), or the bin number when the data give no time. Every chart
/// and cursor of the Latents, Neurons and Populations screens plots against ``x(_:)``.
///
/// ```swift
/// let clock = TrialClock(m1)   // time_ms −800 … 400
/// clock.x(60)                  // −200
/// clock.title                  // "t (ms)"
/// clock.cursorText(60)         // "bin 60/120 · -200 ms"
/// ```
struct TrialClock: Sendable, Hashable {
    /// Each bin's time in ms; nil: the data have no time, and bins are counted.
    var milliseconds: [Double]?
    var steps: Int

    init(milliseconds: [Double]?, steps: Int) {
        self.milliseconds = milliseconds
        self.steps = steps
    }

    init(_ dataset: Dataset) {
        self.init(
            milliseconds: dataset.hasTime ? (0..<dataset.stepCount).map { dataset.milliseconds(atBin: $0)! } : nil,
            steps: dataset.stepCount)
    }

    /// Where bin `t` sits on the time axis.
    func x(_ t: Int) -> Double { milliseconds.map { $0[min(max(t, 0), $0.count - 1)] } ?? Double(t) }

    /// The axis from the first bin to the last (never empty).
    var range: ClosedRange<Double> {
        let first = x(0), last = x(max(0, steps - 1))
        let low = min(first, last), high = max(first, last)
        return high > low ? low...high : low...(low + 1)
    }

    var title: String { milliseconds == nil ? "t (bin)" : "t (ms)" }

    /// The x axis over the trial, its unit always shown (`long`: "t (ms)", else "ms"; a narrow
    /// chart drops tick labels rather than the unit).
    func axis(long: Bool) -> Axis {
        var axis = Axis(title: long ? title : (milliseconds == nil ? "bin" : "ms"), range: range, niceBounds: false)
        axis.titleFirst = true
        return axis
    }

    /// "bin 60/120 · -200 ms", or "bin 60/120" without time.
    func cursorText(_ t: Int) -> String {
        let bin = "bin \(t)/\(max(0, steps - 1))"
        return milliseconds == nil ? bin : "\(bin) · \(Format.milliseconds(x(t)))"
    }
}
