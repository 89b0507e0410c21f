import LintelNumerics

/// The recurrent connectivity of a network: low rank, J = m nᵀ / N with J never formed, or a full
/// N × N matrix J used as J φ(x) without the 1/N.
public enum Connectivity<Scalar: BLASScalar>: Sendable, Equatable {
    case lowRank(m: Matrix<Scalar>, n: Matrix<Scalar>)
    case fullRank(j: Matrix<Scalar>)

    public var unitCount: Int {
        switch self {
        case .lowRank(let m, _): return m.rows
        case .fullRank(let j): return j.rows
        }
    }

    /// R for a low-rank network, nil for a full-rank one.
    public var rank: Int? {
        switch self {
        case .lowRank(let m, _): return m.columns
        case .fullRank: return nil
        }
    }

    public var isFullRank: Bool { rank == nil }

    /// The effective N × N matrix (m nᵀ / N for low-rank networks); for analyses, never on the
    /// hot path.
    public var effectiveMatrix: Matrix<Scalar> {
        switch self {
        case .lowRank(let m, let n):
            var product = Matrix.product(m, n, transposeB: .transposed)
            let scale = 1 / Scalar(m.rows)
            for i in product.storage.indices { product.storage[i] *= scale }
            return product
        case .fullRank(let j):
            return j
        }
    }

    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> Connectivity<Other> {
        switch self {
        case .lowRank(let m, let n): return .lowRank(m: m.converted(), n: n.converted())
        case .fullRank(let j): return .fullRank(j: j.converted())
        }
    }
}
