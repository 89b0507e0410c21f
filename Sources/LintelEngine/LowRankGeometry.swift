import LintelNumerics

/// SVD forms of low-rank connectivity (docs/METHOD.md §1–§2), computed through R × R problems so that
/// the N × N matrix m nᵀ is never formed.
public enum LowRankGeometry {
    /// The same m nᵀ with orthogonal columns: m ← U √S, n ← V √S where m nᵀ = U S Vᵀ (top R).
    /// Also returns the singular values S of m nᵀ (not divided by N).
    public static func svdReparametrised<Scalar: BLASScalar>(
        m: Matrix<Scalar>, n: Matrix<Scalar>
    ) throws -> (m: Matrix<Scalar>, n: Matrix<Scalar>, singularValues: [Scalar]) {
        let rank = m.columns
        precondition(n.rows == m.rows && n.columns == rank, "m and n must have the same shape")
        guard rank <= m.rows else { return (m, n, []) }
        let mDouble: Matrix<Double> = m.converted(), nDouble: Matrix<Double> = n.converted()
        // m = Q_m R_m, n = Q_n R_n ⇒ m nᵀ = Q_m (R_m R_nᵀ) Q_nᵀ: only an R × R SVD is needed.
        let qm = try LinearAlgebra.orthonormalBasis(mDouble)
        let qn = try LinearAlgebra.orthonormalBasis(nDouble)
        let rm = Matrix.product(qm, mDouble, transposeA: .transposed)
        let rn = Matrix.product(qn, nDouble, transposeA: .transposed)
        let core = try LinearAlgebra.svd(Matrix.product(rm, rn, transposeB: .transposed))
        var u = qm * core.u
        var v = Matrix.product(qn, core.vt, transposeB: .transposed)
        for r in 0..<rank {
            let scale = core.singularValues[r].squareRoot()
            for i in 0..<u.rows {
                u[i, r] *= scale
                v[i, r] *= scale
            }
        }
        return (u.converted(), v.converted(), core.singularValues.map { Scalar($0) })
    }

    /// A rank-R factorisation of a full matrix J used as J φ(x): m = U_R S_R √N, n = V_R √N, so
    /// that m nᵀ / N = U_R S_R V_Rᵀ, the best rank-R approximation of J.
    public static func truncated<Scalar: BLASScalar>(
        _ j: Matrix<Scalar>, rank: Int
    ) throws -> (m: Matrix<Scalar>, n: Matrix<Scalar>) {
        precondition(j.rows == j.columns && rank >= 1 && rank <= j.rows)
        let units = j.rows
        let svd = try LinearAlgebra.svd(j.converted(to: Double.self))
        let root = Double(units).squareRoot()
        var m = Matrix<Double>(rows: units, columns: rank)
        var n = Matrix<Double>(rows: units, columns: rank)
        for r in 0..<rank {
            for i in 0..<units {
                m[i, r] = svd.u[i, r] * svd.singularValues[r] * root
                n[i, r] = svd.vt[r, i] * root
            }
        }
        return (m.converted(), n.converted())
    }

    /// The part of n that the dynamics can see: P n, with P the orthogonal projector on
    /// span{m_1…m_R, I_1…I_K} of that network (docs/METHOD.md §3).
    public static func projectedN<Scalar: BLASScalar>(
        m: Matrix<Scalar>, n: Matrix<Scalar>, inputVectors: Matrix<Scalar>
    ) throws -> Matrix<Double> {
        let units = m.rows
        var basisSource = Matrix<Double>(rows: units, columns: m.columns + inputVectors.columns)
        for i in 0..<units {
            for r in 0..<m.columns { basisSource[i, r] = Double(m[i, r]) }
            for k in 0..<inputVectors.columns {
                basisSource[i, m.columns + k] = Double(inputVectors[i, k])
            }
        }
        let q = try LinearAlgebra.orthonormalBasis(basisSource)
        let nDouble: Matrix<Double> = n.converted()
        return q * Matrix.product(q, nDouble, transposeA: .transposed)
    }
}
