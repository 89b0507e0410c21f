import Foundation

/// Linear or base-10 logarithmic axis.
package enum AxisScale: Sendable, Hashable {
    case linear
    case log10

    /// Where a data value lies on the axis (log10 of it for a log axis; NaN when it cannot be
    /// shown: non-finite, or not positive on a log axis).
    package func transform(_ v: Double) -> Double {
        guard v.isFinite else { return .nan }
        switch self {
        case .linear: return v
        case .log10: return v > 0 ? Foundation.log10(v) : .nan
        }
    }

    /// The data value at an axis position (inverse of `transform`).
    package func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: t
        case .log10: pow(10, t)
        }
    }
}
