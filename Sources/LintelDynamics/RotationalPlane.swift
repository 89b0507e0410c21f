import LintelNumerics

/// The plane in which latent trajectories rotate most (jPCA; Churchland et al. 2012): the
/// dynamics x(t+1) − x(t) ≈ x̄ M are fitted with M skew-symmetric (a pure rotation field) after
/// the mean over trials at each time is removed, and the plane of M's fastest rotation is kept.
/// M1 reaching is the textbook case: its population state rotates in such a plane.
///
/// ```swift
/// let plane = try RotationalPlane.fit(latents)     // latents: (trials, T, R), R ≥ 2
/// plane.axes            // R × 2, orthonormal; motion at axis 1 heads towards axis 2
/// plane.angularSpeed    // radians per time bin
/// ```
package struct RotationalPlane: Sendable, Equatable {
    /// Two orthonormal columns (R × 2): the plane, oriented so that rotation runs from the first
    /// axis towards the second.
    package var axes: Matrix<Double>
    /// Radians per time bin of the rotation in the plane.
    package var angularSpeed: Double
    /// The share of the (trial-mean-removed) change per bin that the rotation explains,
    /// 1 − ‖Δx − x̄ M‖² / ‖Δx‖².
    package var explainedChange: Double

    /// Fits `trajectories` (trials, T, R); nil when R < 2, T < 2, or nothing changes.
    package static func fit(_ trajectories: Tensor3<Double>) -> RotationalPlane? {
        let (trials, steps, dimensions) = (trajectories.dim0, trajectories.dim1, trajectories.dim2)
        guard dimensions >= 2, steps >= 2, trials >= 1 else { return nil }
        // The mean over trials at each time: the part of the motion shared by every condition.
        var centred = trajectories
        for t in 0..<steps {
            for d in 0..<dimensions {
                let mean = (0..<trials).reduce(0) { $0 + trajectories[$1, t, d] } / Double(trials)
                for trial in 0..<trials { centred.storage[(trial * steps + t) * dimensions + d] -= mean }
            }
        }
        // M = Σ_{i<j} h_ij (E_ij − E_ji); Δx_j = Σ_i x̄_i M_ij is linear in h: least squares.
        let pairs = (0..<dimensions).flatMap { i in ((i + 1)..<dimensions).map { (i, $0) } }
        var normal = Matrix<Double>(rows: pairs.count, columns: pairs.count)
        var right = [Double](repeating: 0, count: pairs.count)
        var changeSquares = 0.0
        var design = [Double](repeating: 0, count: pairs.count)
        for trial in 0..<trials {
            for t in 0..<(steps - 1) {
                let now = (0..<dimensions).map { centred[trial, t, $0] }
                let next = (0..<dimensions).map { centred[trial, t + 1, $0] }
                let middle = zip(now, next).map { ($0 + $1) / 2 }
                for j in 0..<dimensions {
                    let change = next[j] - now[j]
                    changeSquares += change * change
                    // ∂(x̄ M)_j / ∂h_(a,b): x̄_a when j = b, −x̄_b when j = a.
                    for (p, (a, b)) in pairs.enumerated() { design[p] = j == b ? middle[a] : (j == a ? -middle[b] : 0) }
                    for p in pairs.indices where design[p] != 0 {
                        right[p] += design[p] * change
                        for q in pairs.indices where design[q] != 0 { normal[p, q] += design[p] * design[q] }
                    }
                }
            }
        }
        guard changeSquares > 0, let h = SmallLinearAlgebra.solve(normal, right) else { return nil }
        var m = Matrix<Double>(rows: dimensions, columns: dimensions)
        for (p, (a, b)) in pairs.enumerated() {
            m[a, b] = h[p]
            m[b, a] = -h[p]
        }
        // MᵀM is symmetric with each rotation's speed² twice over; its top eigenvector lies in
        // the fastest plane, and v M (orthogonal to v, M being skew) is the other axis.
        guard let eigen = try? LinearAlgebra.symmetricEigen(m.transposed * m) else { return nil }
        let first = eigen.eigenvectors.column(dimensions - 1)
        let moved = (0..<dimensions).map { j in (0..<dimensions).reduce(0) { $0 + first[$1] * m[$1, j] } }
        let speed = SmallLinearAlgebra.norm(moved)
        guard speed > 0 else { return nil }
        var axes = Matrix<Double>(rows: dimensions, columns: 2)
        axes.setColumn(0, to: first)
        axes.setColumn(1, to: moved.map { $0 / speed })
        let residual = h.isEmpty ? changeSquares : changeSquares - zip(h, right).reduce(0) { $0 + $1.0 * $1.1 }
        return RotationalPlane(axes: axes, angularSpeed: speed, explainedChange: 1 - max(0, residual) / changeSquares)
    }

    /// `trajectories` (trials, T, R) in the plane's coordinates, (trials, T, 2), after the
    /// trial mean at each time is removed as in the fit.
    package func project(_ trajectories: Tensor3<Double>) -> Tensor3<Double> {
        let (trials, steps, dimensions) = (trajectories.dim0, trajectories.dim1, trajectories.dim2)
        var projected = Tensor3<Double>(trials, steps, 2)
        for t in 0..<steps {
            let mean = (0..<dimensions).map { d in (0..<trials).reduce(0) { $0 + trajectories[$1, t, d] } / Double(trials) }
            for trial in 0..<trials {
                for axis in 0..<2 {
                    projected.storage[(trial * steps + t) * 2 + axis] =
                        (0..<dimensions).reduce(0) { $0 + (trajectories[trial, t, $1] - mean[$1]) * axes[$1, axis] }
                }
            }
        }
        return projected
    }
}
