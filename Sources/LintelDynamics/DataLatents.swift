import Foundation
import LintelData
import LintelNumerics

/// What recorded activity is taken to be before it is projected on the fitted axes.
package enum ActivityTransform: String, Sendable, Codable, CaseIterable {
    /// Projected as given. docs/METHOD.md defines κ on currents x; data fitted as currents (recorded
    /// data after preprocessing) are exactly that, and for rates data this is the projection of
    /// the rates φ(x) on the same axes (a different, but often close, coordinate).
    case none
    /// Rates of a tanh network turned back into currents, x = atanh(y), with y clipped to
    /// ±(1 − 1e-6) so that saturated or noisy entries stay finite.
    case atanh
}

extension LowRankDynamics {
    /// The data projected on the fitted axes: κ_r(t) = y(t) · m_r / N for every trial and step of
    /// the dataset's activity (y transformed as asked). A step with a masked neuron (mask 0) gets
    /// NaN latents, since part of its population vector is missing.
    package func latents(of dataset: Dataset, transform: ActivityTransform = .none) throws -> Tensor3<Double> {
        guard dataset.neuronCount == unitCount else {
            throw DynamicsError("the data have \(dataset.neuronCount) neurons; the network has N = \(unitCount) units")
        }
        var activity = dataset.activity
        if transform == .atanh {
            let limit: Float = 1 - 1e-6
            for index in activity.storage.indices {
                activity.storage[index] = Float(Foundation.atanh(Double(min(max(activity.storage[index], -limit), limit))))
            }
        }
        var result = latents(of: activity)
        if let mask = dataset.mask {
            for trial in 0..<mask.dim0 {
                for t in 0..<mask.dim1 {
                    let missing = (0..<mask.dim2).contains { mask[trial, t, $0] == 0 }
                    if missing { for r in 0..<rank { result[trial, t, r] = .nan } }
                }
            }
        }
        return result
    }
}
