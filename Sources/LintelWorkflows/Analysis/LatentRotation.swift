import Foundation
import LintelData
import LintelDynamics
import LintelNumerics

/// The jPCA plane of a network's latents (``RotationalPlane``, Churchland et al. 2012): the plane
/// in which the model's κ trajectories on the data's inputs rotate fastest, with its speed in Hz
/// when the data give the bin width. The workbench's Latents screen projects the latents on it
/// (`j`), its Flow screen offers it as a plane (`v`), and `lintel analyze --plane jpca` lays the
/// flow field on it — all from ``fit(_:binMilliseconds:)`` on the same trajectories.
///
/// ```swift
/// let rotation = LatentRotation.fit(trajectories, binMilliseconds: 10)!
/// rotation.hertz        // 1.6
/// rotation.flowAxes     // FlowPlaneAxes(.latentDirection("jpc1", …), .latentDirection("jpc2", …))
/// rotation.summary      // "1.6 Hz (period 610 ms), 43 % of the change"
/// ```
package struct LatentRotation: Sendable, Equatable {
    package var plane: RotationalPlane
    /// The bin width in ms (nil: the data give no time; speeds are per bin).
    package var binMilliseconds: Double?

    package init(plane: RotationalPlane, binMilliseconds: Double?) {
        self.plane = plane
        self.binMilliseconds = binMilliseconds
    }

    /// The jPCA plane of the model's latents (trials, T, R); nil for rank 1, one step, no
    /// motion, or latents that are not all finite.
    package static func fit(_ trajectories: AnalysedTrajectories, binMilliseconds: Double?) -> LatentRotation? {
        let latents = trajectories.latents
        guard latents.storage.allSatisfy(\.isFinite), let plane = RotationalPlane.fit(latents) else { return nil }
        return LatentRotation(plane: plane, binMilliseconds: binMilliseconds)
    }

    /// The bin width of `dataset` in ms: `dt_ms`, else the spacing of `time_ms`.
    package static func binMilliseconds(of dataset: Dataset) -> Double? {
        if let dt = dataset.dtMilliseconds { return dt }
        guard let times = dataset.timeMilliseconds, times.count >= 2 else { return nil }
        let spacing = abs(times[1] - times[0])
        return spacing > 0 ? spacing : nil
    }

    /// The angle turned per bin. The fit's speed s is that of the flow fitted to the midpoint
    /// rule (Cayley), s = 2 tan(ω/2) for a rotation by ω per bin; ω = 2 atan(s/2) is the turn.
    package var radiansPerBin: Double { 2 * atan(plane.angularSpeed / 2) }

    /// Turns per second (nil without a bin width).
    package var hertz: Double? { binMilliseconds.map { radiansPerBin / (2 * Double.pi) * 1000 / $0 } }

    /// Bins per turn.
    package var periodBins: Double { 2 * Double.pi / radiansPerBin }

    /// The plane's two axes as weights on κ1…κR, oriented so that rotation runs from the first
    /// towards the second.
    package var weights: (first: [Double], second: [Double]) { (plane.axes.column(0), plane.axes.column(1)) }

    /// The flow-field plane along the two jPCA axes (coordinates κ · w, not centred: the flow
    /// lives in the network's own coordinates).
    package var flowAxes: FlowPlaneAxes {
        FlowPlaneAxes(
            .latentDirection(name: "jpc1", weights: weights.first), .latentDirection(name: "jpc2", weights: weights.second))
    }

    /// "1.6 Hz (period 610 ms), 43 % of the change", or per bin without time.
    package var summary: String {
        // Two digits: a rotation that explains 0.3 % of the change should not read as none.
        let percent = 100 * plane.explainedChange
        let share = String(format: percent >= 10 ? "%.0f %%" : "%.2g %%", percent)
        if let hertz, let bin = binMilliseconds {
            return "\(Self.short(hertz)) Hz (period \(Self.short(periodBins * bin)) ms), \(share) of the change"
        }
        return "\(Self.short(radiansPerBin)) rad/bin (period \(Self.short(periodBins)) bins), \(share) of the change"
    }

    /// Three significant digits, whole numbers from 100 on ("0.0149", "3.18", "67200").
    package static func short(_ value: Double) -> String {
        abs(value) >= 100 ? String(format: "%.0f", value) : String(format: "%.3g", value)
    }
}
