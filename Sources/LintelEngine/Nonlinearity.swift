import LintelNumerics

/// The single-unit transfer function φ that turns currents x into rates φ(x).
public enum Nonlinearity: String, Sendable, Codable, CaseIterable {
    case tanh
    case relu

    @inline(__always)
    public func apply<Scalar: BLASScalar>(_ x: Scalar) -> Scalar {
        switch self {
        case .tanh: return Scalar.tanh(x)
        case .relu: return x > 0 ? x : 0
        }
    }

    /// φ′ expressed through the current x and the rate r = φ(x), so no transcendental is
    /// evaluated twice.
    @inline(__always)
    public func derivative<Scalar: BLASScalar>(current x: Scalar, rate r: Scalar) -> Scalar {
        switch self {
        case .tanh: return 1 - r * r
        case .relu: return x > 0 ? 1 : 0
        }
    }

    /// rates[i] = φ(currents[i]) over a buffer: the bulk kernel ``BLASScalar/tanh(_:into:count:)``
    /// (SIMD and a fast tanh for Float, libm for Double) or a ReLU loop.
    public func apply<Scalar: BLASScalar>(
        _ currents: UnsafePointer<Scalar>, into rates: UnsafeMutablePointer<Scalar>, count: Int
    ) {
        switch self {
        case .tanh:
            Scalar.tanh(currents, into: rates, count: count)
        case .relu:
            for i in 0..<count { rates[i] = currents[i] > 0 ? currents[i] : 0 }
        }
    }
}
