import Foundation
import LintelEngine
import LintelNumerics

/// A low-rank network prepared for analysis (docs/METHOD.md §5): the connectivity in SVD form (the
/// m_r orthogonal, and so are the n_r; same m nᵀ), in Double.
///
/// Conventions:
/// - Latents κ_r = x · m_r / N. Because the m_r are orthogonal, a state written as
///   x = Σ_r κ_r (N / ‖m_r‖²) m_r + (rest orthogonal to every m_r) has exactly these latents.
/// - The SVD fixes each pair (m_r, n_r) only up to a common sign; it is chosen so that the entry
///   of m_r with the largest magnitude is positive, so κ_r has a reproducible sign.
/// - Latents are numbered from 0 in this API (κ_1 of docs/METHOD.md is latent 0).
package struct LowRankDynamics: Sendable {
    /// N × R, orthogonal columns (SVD form).
    package let m: Matrix<Double>
    /// N × R, orthogonal columns (SVD form).
    package let n: Matrix<Double>
    /// N × K; column k is I_k, as in the model.
    package let inputVectors: Matrix<Double>
    package let nonlinearity: Nonlinearity
    package let alpha: Double
    /// Singular values of m nᵀ (not divided by N), decreasing; ‖m_r‖² = ‖n_r‖² = S_r.
    package let singularValues: [Double]

    package var unitCount: Int { m.rows }
    package var rank: Int { m.columns }
    package var inputCount: Int { inputVectors.columns }

    /// ‖m_r‖² / N: κ_r of the fixed point equation is this times n_r · φ(x) / N (plus the input).
    package let latentScales: [Double]
    /// N × R: column r is N m_r / ‖m_r‖², the state direction of one unit of κ_r.
    let embedding: Matrix<Double>

    /// Prepares a low-rank model; a full-rank model, or one whose m nᵀ has rank below R, is refused.
    package init<Scalar: BLASScalar>(_ model: RNNModel<Scalar>) throws {
        guard case .lowRank(let rawM, let rawN) = model.connectivity else { throw DynamicsError.fullRank }
        let units = rawM.rows, rank = rawM.columns
        guard rank <= units else {
            throw DynamicsError("the network has rank \(rank) > N = \(units); latent analyses need R ≤ N")
        }
        let svd = try LowRankGeometry.svdReparametrised(
            m: rawM.converted(to: Double.self), n: rawN.converted(to: Double.self))
        var m = svd.m, n = svd.n
        let largest = svd.singularValues.first ?? 0
        guard largest > 0, let smallest = svd.singularValues.last, smallest > largest * 1e-12 else {
            throw DynamicsError(
                "m nᵀ has rank below \(rank) (singular values \(svd.singularValues.map { Double.formatted($0) }.joined(separator: ", "))); refit with a smaller rank")
        }
        for r in 0..<rank {
            var pivot = 0.0
            for i in 0..<units where abs(m[i, r]) > abs(pivot) { pivot = m[i, r] }
            if pivot < 0 {
                for i in 0..<units {
                    m[i, r] = -m[i, r]
                    n[i, r] = -n[i, r]
                }
            }
        }
        self.m = m
        self.n = n
        self.inputVectors = model.inputVectors.converted(to: Double.self)
        self.nonlinearity = model.nonlinearity
        self.alpha = Double(model.alpha)
        self.singularValues = svd.singularValues
        let normsSquared = (0..<rank).map { r in (0..<units).reduce(0.0) { $0 + m[$1, r] * m[$1, r] } }
        self.latentScales = normsSquared.map { $0 / Double(units) }
        var embedding = Matrix<Double>(rows: units, columns: rank)
        for i in 0..<units {
            for r in 0..<rank { embedding[i, r] = Double(units) * m[i, r] / normsSquared[r] }
        }
        self.embedding = embedding
    }

    /// The latent dynamics under a constant input u (length K).
    package func field(input: [Double]) throws -> LatentField {
        guard input.count == inputCount else {
            throw DynamicsError("the input has \(input.count) entries; the network has K = \(inputCount) inputs")
        }
        return LatentField(self, input: input)
    }

    /// κ_r(t) = x(t) · m_r / N for every trial and step: (trials, T, N) → (trials, T, R).
    package func latents<Scalar: BLASScalar>(of states: Tensor3<Scalar>) -> Tensor3<Double> {
        project(states, onto: m)
    }

    /// Input vector k with its part along span{m} removed: (1 − P_m) I_k.
    package func inputDirectionOrthogonalToM(_ k: Int) -> [Double] {
        precondition((0..<inputCount).contains(k), "input \(k) is not one of 0..<\(inputCount)")
        return orthogonalToM(inputVectors.column(k))
    }

    /// The state's coordinate along each input direction orthogonal to m, x · (1 − P_m) I_k / N,
    /// for every trial and step: (trials, T, N) → (trials, T, K). The second coordinate of the
    /// rank-1 flow plane (docs/METHOD.md §5).
    package func inputCoordinates<Scalar: BLASScalar>(of states: Tensor3<Scalar>) -> Tensor3<Double> {
        var directions = Matrix<Double>(rows: unitCount, columns: inputCount)
        for k in 0..<inputCount {
            let v = inputDirectionOrthogonalToM(k)
            for i in 0..<unitCount { directions[i, k] = v[i] }
        }
        return project(states, onto: directions)
    }

    /// x(t) · d_c / N for every trial, step and column d_c of `directions` (N × C):
    /// (trials, T, N) → (trials, T, C).
    private func project<Scalar: BLASScalar>(_ states: Tensor3<Scalar>, onto directions: Matrix<Double>) -> Tensor3<Double> {
        precondition(states.dim2 == unitCount, "states must have N = \(unitCount) columns")
        guard directions.columns > 0, states.count > 0 else { return Tensor3(states.dim0, states.dim1, directions.columns) }
        let rows = states.dim0 * states.dim1
        let flat = Matrix<Double>(rows: rows, columns: unitCount, storage: states.storage.map { Double($0) })
        var product = flat * directions
        let scale = 1 / Double(unitCount)
        for i in product.storage.indices { product.storage[i] *= scale }
        return Tensor3(states.dim0, states.dim1, directions.columns, storage: product.storage)
    }

    /// One state's coordinate along input direction k orthogonal to m, x · (1 − P_m) I_k / N.
    package func inputCoordinate(_ k: Int, of state: [Double]) -> Double {
        zip(inputDirectionOrthogonalToM(k), state).reduce(0) { $0 + $1.0 * $1.1 } / Double(unitCount)
    }

    /// Whether input k has a direction orthogonal to every m_r (a zero input vector, or one in
    /// span{m}, has none and cannot be a flow-plane axis).
    package func inputHasOrthogonalDirection(_ k: Int) -> Bool {
        let norm = inputDirectionOrthogonalToM(k).reduce(0) { $0 + $1 * $1 }
        let reference = inputVectors.column(k).reduce(0) { $0 + $1 * $1 }
        return norm > 1e-20 * max(reference, 1)
    }

    /// (1 − P_m) v.
    func orthogonalToM(_ v: [Double]) -> [Double] {
        var result = v
        for r in 0..<rank {
            var dot = 0.0
            for i in 0..<unitCount { dot += m[i, r] * v[i] }
            let coefficient = dot / (latentScales[r] * Double(unitCount))
            for i in 0..<unitCount { result[i] -= coefficient * m[i, r] }
        }
        return result
    }

    /// Σ_k I_k u_k.
    func inputCurrent(_ input: [Double]) -> [Double] {
        inputCount == 0 ? [Double](repeating: 0, count: unitCount) : inputVectors.applied(to: input)
    }
}

/// The latent dynamics of a ``LowRankDynamics`` under one constant input u:
///
///     dκ/dt = f(κ),   f_r(κ) = −κ_r + (‖m_r‖²/N) · n_r · φ(x(κ)) / N + m_r · I u / N,
///     x(κ) = Σ_r κ_r (N / ‖m_r‖²) m_r + (1 − P_m) I u.
///
/// This is exact, not a mean-field approximation: with the input held constant, the affine plane
/// {x(κ)} is invariant under the network's flow F(x) = −x + m nᵀ φ(x)/N + I u and attracts every
/// state (the orthogonal directions decay at rate 1), and F(x(κ)) · m_r / N = f_r(κ). Fixed
/// points of f are the network's fixed points; the Jacobian of f is −1 + D A D⁻¹ with D =
/// diag(‖m_r‖²/N) and A_kl = (1/N) Σ_i n_ik φ′(x_i) m_il, so its eigenvalues are those of A
/// minus 1 (docs/METHOD.md §5).
package struct LatentField: Sendable {
    package let dynamics: LowRankDynamics
    package let input: [Double]
    /// m_r · I u / N: where κ_r sits without recurrence.
    package let drive: [Double]
    /// (1 − P_m) I u, the part of the input current off the latent directions.
    package let offset: [Double]

    init(_ dynamics: LowRankDynamics, input: [Double]) {
        self.dynamics = dynamics
        self.input = input
        let current = dynamics.inputCurrent(input)
        let units = dynamics.unitCount
        drive = (0..<dynamics.rank).map { r in
            (0..<units).reduce(0.0) { $0 + dynamics.m[$1, r] * current[$1] } / Double(units)
        }
        offset = dynamics.orthogonalToM(current)
    }

    package var rank: Int { dynamics.rank }

    /// x(κ) = Σ_r κ_r (N/‖m_r‖²) m_r + (1 − P_m) I u.
    package func state(_ kappa: [Double]) -> [Double] {
        precondition(kappa.count == rank, "κ needs R = \(rank) entries")
        var x = offset
        let e = dynamics.embedding
        for i in 0..<x.count {
            var sum = x[i]
            for r in 0..<rank { sum += e[i, r] * kappa[r] }
            x[i] = sum
        }
        return x
    }

    /// f(κ), the latent velocity (per unit of time τ; one Euler step moves κ by α f).
    package func velocity(_ kappa: [Double]) -> [Double] {
        velocity(kappa, state: state(kappa))
    }

    func velocity(_ kappa: [Double], state x: [Double]) -> [Double] {
        let units = dynamics.unitCount
        let n = dynamics.n
        var overlap = [Double](repeating: 0, count: rank)
        for i in 0..<units {
            let rate = dynamics.nonlinearity.apply(x[i])
            for r in 0..<rank { overlap[r] += n[i, r] * rate }
        }
        return (0..<rank).map { r in
            -kappa[r] + dynamics.latentScales[r] * overlap[r] / Double(units) + drive[r]
        }
    }

    /// A_kl = (1/N) Σ_i n_ik φ′(x_i) m_il at x = x(κ) (for ReLU, φ′(0) = 0).
    package func stabilityMatrix(_ kappa: [Double]) -> Matrix<Double> {
        stabilityMatrix(state: state(kappa))
    }

    func stabilityMatrix(state x: [Double]) -> Matrix<Double> {
        let units = dynamics.unitCount
        let (m, n) = (dynamics.m, dynamics.n)
        var a = Matrix<Double>(rows: rank, columns: rank)
        for i in 0..<units {
            let rate = dynamics.nonlinearity.apply(x[i])
            let slope = dynamics.nonlinearity.derivative(current: x[i], rate: rate)
            if slope == 0 { continue }
            for k in 0..<rank {
                let weighted = n[i, k] * slope
                for l in 0..<rank { a[k, l] += weighted * m[i, l] }
            }
        }
        for index in a.storage.indices { a.storage[index] /= Double(units) }
        return a
    }

    /// ∂f/∂κ = −1 + D A D⁻¹, D = diag(‖m_r‖²/N).
    package func jacobian(_ kappa: [Double]) -> Matrix<Double> {
        jacobian(fromStability: stabilityMatrix(kappa))
    }

    func jacobian(fromStability a: Matrix<Double>) -> Matrix<Double> {
        var j = a
        let scales = dynamics.latentScales
        for k in 0..<rank {
            for l in 0..<rank { j[k, l] = a[k, l] * scales[k] / scales[l] - (k == l ? 1 : 0) }
        }
        return j
    }
}

extension Double {
    /// A short decimal for messages.
    static func formatted(_ value: Double) -> String {
        let text = String(format: "%.4g", value)
        return text
    }
}
