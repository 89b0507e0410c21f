import Foundation

/// A Gaussian kernel over bins, and its convolution with binned rates.
///
/// The kernel is exp(−(k·W)² / 2σ²) at whole-bin offsets k = −M…M, M = ⌈3σ / W⌉ (so it reaches
/// at least 3σ, where 99.7 % of a Gaussian's mass lies), normalised to sum to 1: smoothing keeps
/// a constant rate constant and a spike's mass (one spike still counts one).
///
/// Edges: the import bins M extra bins beyond each end of the window and cuts them off after
/// smoothing, so the kept bins are smoothed with real activity on both sides. Where even the
/// margin has no data (bins before the recording began, past its end, or outside a trial of
/// binned data) those bins are left out and the kernel is renormalised over the bins that have
/// data — a constant rate stays constant up to the last recorded bin.
///
/// ```swift
/// let kernel = GaussianSmoothing(sigmaMilliseconds: 25, binMilliseconds: 10)
/// kernel.radius   // 8 bins
/// ```
package struct GaussianSmoothing: Sendable, Equatable {
    /// σ in ms.
    package var sigmaMilliseconds: Double
    package var binMilliseconds: Double
    /// M: the kernel spans bins −M…M.
    package var radius: Int
    /// The 2M + 1 weights, summing to 1; weights[M] is the centre.
    package var weights: [Double]

    package init(sigmaMilliseconds: Double, binMilliseconds: Double) {
        precondition(sigmaMilliseconds > 0 && binMilliseconds > 0, "σ and the bin width must be positive")
        self.sigmaMilliseconds = sigmaMilliseconds
        self.binMilliseconds = binMilliseconds
        radius = Self.radius(sigmaMilliseconds: sigmaMilliseconds, binMilliseconds: binMilliseconds)
        let raw = (-radius...radius).map { offset -> Double in
            let distance = Double(offset) * binMilliseconds / sigmaMilliseconds
            return exp(-0.5 * distance * distance)
        }
        let total = raw.reduce(0, +)
        weights = raw.map { $0 / total }
    }

    /// M = ⌈3σ / W⌉ bins: how far the kernel reaches, and so the margin binned beyond each end
    /// of the window. A rounding error below a whole number does not add a bin.
    package static func radius(sigmaMilliseconds: Double, binMilliseconds: Double) -> Int {
        let bins = 3 * sigmaMilliseconds / binMilliseconds
        return Int((bins - 1e-9).rounded(.up))
    }

    /// `values` (bins, channels) row-major smoothed along the bins, each channel alone.
    /// `observed[k]` says whether bin k holds data; bins without are left out of every sum
    /// (and come out as the smoothed value of their observed neighbours, or 0 when none is
    /// within reach).
    package func smooth(_ values: [Double], bins: Int, channels: Int, observed: [Bool]) -> [Double] {
        precondition(values.count == bins * channels && observed.count == bins, "values must be (bins, channels)")
        var result = [Double](repeating: 0, count: values.count)
        guard channels > 0 else { return result }
        values.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for bin in 0..<bins {
                    var mass = 0.0
                    let row = bin * channels
                    for offset in -radius...radius {
                        let other = bin + offset
                        guard other >= 0, other < bins, observed[other] else { continue }
                        let weight = weights[offset + radius]
                        mass += weight
                        let from = other * channels
                        // Channels are contiguous: this loop vectorises.
                        for channel in 0..<channels { target[row + channel] += weight * source[from + channel] }
                    }
                    // Normalising by the mass that had data is the edge correction; with data on
                    // every side the mass is 1 and this changes nothing.
                    if mass > 0 {
                        for channel in 0..<channels { target[row + channel] /= mass }
                    }
                }
            }
        }
        return result
    }
}
