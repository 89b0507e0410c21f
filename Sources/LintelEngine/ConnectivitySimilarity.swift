import LintelNumerics

/// Teacher–student recovery of connectivity (docs/METHOD.md §3): uncentred cosines between flattened
/// connectivity matrices.
public enum ConnectivitySimilarity {
    /// CC: the cosine between the two networks' m nᵀ (or J).
    public static func correlation<Scalar: BLASScalar>(
        _ a: RNNModel<Scalar>, _ b: RNNModel<Scalar>
    ) throws -> Double {
        guard a.unitCount == b.unitCount else { throw ConnectivityMismatch(first: a.unitCount, second: b.unitCount) }
        switch (a.connectivity, b.connectivity) {
        case (.lowRank(let ma, let na), .lowRank(let mb, let nb)):
            return cosine(ma.converted(), na.converted(), mb.converted(), nb.converted())
        default:
            return cosine(dense(a).storage, dense(b).storage)
        }
    }

    /// ECC: the cosine between the effective connectivities m (P n)ᵀ of two low-rank networks,
    /// P projecting on span{m, I} of each network. nil when either network is full rank.
    public static func effectiveCorrelation<Scalar: BLASScalar>(
        _ a: RNNModel<Scalar>, _ b: RNNModel<Scalar>
    ) throws -> Double? {
        guard a.unitCount == b.unitCount else { throw ConnectivityMismatch(first: a.unitCount, second: b.unitCount) }
        guard case .lowRank(let ma, let na) = a.connectivity,
            case .lowRank(let mb, let nb) = b.connectivity
        else { return nil }
        let pa = try LowRankGeometry.projectedN(m: ma, n: na, inputVectors: a.inputVectors)
        let pb = try LowRankGeometry.projectedN(m: mb, n: nb, inputVectors: b.inputVectors)
        return cosine(ma.converted(), pa, mb.converted(), pb)
    }

    /// ⟨m_a n_aᵀ, m_b n_bᵀ⟩_F = Σ_rs (m_aᵀ m_b)_rs (n_aᵀ n_b)_rs, so N × N is never formed.
    static func inner(_ ma: Matrix<Double>, _ na: Matrix<Double>, _ mb: Matrix<Double>, _ nb: Matrix<Double>) -> Double {
        let mm = Matrix.product(ma, mb, transposeA: .transposed)
        let nn = Matrix.product(na, nb, transposeA: .transposed)
        return zip(mm.storage, nn.storage).map { $0 * $1 }.reduce(0, +)
    }

    static func cosine(_ ma: Matrix<Double>, _ na: Matrix<Double>, _ mb: Matrix<Double>, _ nb: Matrix<Double>) -> Double {
        let ab = inner(ma, na, mb, nb)
        let aa = inner(ma, na, ma, na), bb = inner(mb, nb, mb, nb)
        return ab / (aa * bb).squareRoot()
    }

    static func cosine(_ a: [Double], _ b: [Double]) -> Double {
        var ab = 0.0, aa = 0.0, bb = 0.0
        for i in a.indices {
            ab += a[i] * b[i]
            aa += a[i] * a[i]
            bb += b[i] * b[i]
        }
        return ab / (aa * bb).squareRoot()
    }

    static func dense<Scalar: BLASScalar>(_ model: RNNModel<Scalar>) -> Matrix<Double> {
        model.connectivity.effectiveMatrix.converted()
    }
}

/// Two networks whose connectivities cannot be compared unit by unit: they have different numbers
/// of units (a student read from a folder that another experiment's sizes left behind, say).
public struct ConnectivityMismatch: Error, Sendable, Equatable, CustomStringConvertible {
    public var first: Int
    public var second: Int

    public var description: String {
        "the networks have \(first) and \(second) units; connectivity can only be compared unit by unit"
    }
}
