import LintelNumerics

/// Exact fixed points of ReLU networks (docs/METHOD.md §5).
///
/// With φ = ReLU the latent field is piecewise linear: unit i is active where
/// y_i(κ) = e_i · κ + c_i > 0 (e_i the i-th row of the embedding, c the input current off the
/// latents), and inside one region (one set of active units S) f(κ) = G_S κ + h_S is affine, so its
/// only candidate fixed point is the solution of one R × R system, valid when it lies in the region.
/// The regions are the cells of an arrangement of N hyperplanes in R^R — Θ(N^R) of them — and
/// checking a candidate against all N units costs O(N), so blind enumeration is O(N^{R+1}).
/// Instead:
///
/// - Rank 1: the N boundaries are points on a line. Sorting them and sweeping from −∞ to +∞
///   changes one unit at a time, so each of the N + 1 intervals costs O(1) and the interval itself
///   is the membership test: O(N log N) in all, and complete on the whole line (no box needed).
/// - Rank ≥ 2: branch and bound over boxes of latent space. On a box every unit is always active,
///   always inactive, or crossing. The always-active units give an affine part whose range over the
///   box is exact; each crossing unit contributes between 0 and its maximum rate. When some
///   component of this enclosure of f excludes 0, the box holds no fixed point and is dropped (a
///   rigorous test, with a small margin for rounding). Otherwise the box is halved along its
///   relatively widest side, until at most 8 units cross it; then each of the ≤ 2^8 sign patterns of
///   the crossing units is solved (one R × R system) and its solution kept when it lies in the box
///   with those signs — the other units' signs are fixed on the box, so membership costs O(8).
///   Only boxes near fixed points survive, so the work is O(N R) per box visited and few regions
///   are solved (rank 3, N = 300: about 3·10⁴ of the ~4.5·10⁶ regions, in a fraction of a
///   second). The search covers the given box; a box that cannot be resolved down to 8
///   crossing units (boundaries of many units through one point, a continuum of fixed points) is
///   counted in `unresolvedRegions` and Newton is run from its centre instead.
package enum PiecewiseLinearFixedPoints {
    /// Crossing units up to which a box is solved region by region.
    static let leafCrossings = 8
    /// Boxes narrower than this fraction of the search box (on every side) are not split further.
    static let smallestRelativeWidth = 1e-10
    static let maximumBoxes = 2_000_000

    package static func find(
        _ field: LatentField, bounds: [ClosedRange<Double>], options: FixedPointOptions
    ) throws -> FixedPointAnalysis {
        precondition(field.dynamics.nonlinearity == .relu)
        let scale = FixedPoints.boxScale(bounds)
        let search = field.rank == 1 ? sweepLine(field) : branchAndBound(field, bounds: bounds)
        let tolerance = options.tolerance * max(1, scale)
        let duplicate = options.duplicateDistance * max(1, scale)
        // Polish (an exact solution of an ill-conditioned region may carry rounding) and verify.
        var roots: [(kappa: [Double], speed: Double)] = []
        for candidate in search.candidates {
            var point = candidate
            var speed = SmallLinearAlgebra.norm(field.velocity(point))
            if speed > tolerance {
                let polished = FixedPoints.levenbergMarquardt(field, from: point, tolerance: tolerance, maximumIterations: 20)
                (point, speed) = (polished.kappa, polished.speed)
            }
            if speed <= max(tolerance, 1e-9 * max(1, scale)) {
                FixedPoints.insert((point, speed), into: &roots, duplicate: duplicate)
            }
        }
        for start in search.unresolvedCentres {
            let end = FixedPoints.levenbergMarquardt(field, from: start, tolerance: tolerance, maximumIterations: options.maximumIterations)
            if end.speed <= tolerance { FixedPoints.insert((end.kappa, end.speed), into: &roots, duplicate: duplicate) }
        }
        let fixedPoints = try roots.sorted { $0.kappa.lexicographicallyPrecedes($1.kappa) }
            .map { try FixedPoint(at: $0.kappa, of: field) }
        return FixedPointAnalysis(
            fixedPoints: fixedPoints, slowPoints: [], method: .piecewiseLinear, bounds: bounds,
            unresolvedRegions: search.unresolved, regionsSolved: search.regions)
    }

    struct Search {
        var candidates: [[Double]] = []
        var unresolvedCentres: [[Double]] = []
        var unresolved = 0
        var regions = 0
    }

    /// Per unit: the row e_i of the embedding, c_i, and the weights (s_r / N) n_ir with which its
    /// rate enters f_r.
    struct Units {
        let rank: Int
        let count: Int
        let e: [Double]  // count × rank
        let c: [Double]
        let w: [Double]  // count × rank

        init(_ field: LatentField) {
            let dynamics = field.dynamics
            rank = dynamics.rank
            count = dynamics.unitCount
            e = dynamics.embedding.storage
            c = field.offset
            var w = [Double](repeating: 0, count: count * rank)
            for i in 0..<count {
                for r in 0..<rank { w[i * rank + r] = dynamics.latentScales[r] * dynamics.n[i, r] / Double(count) }
            }
            self.w = w
        }
    }

    // MARK: - Rank 1

    static func sweepLine(_ field: LatentField) -> Search {
        let units = Units(field)
        let b = field.drive[0]
        var search = Search()
        // Active set far to the left: e_i < 0, or e_i = 0 with c_i > 0.
        var slope = 0.0, intercept = 0.0  // Σ_active w_i e_i, Σ_active w_i c_i
        var breakpoints: [(t: Double, unit: Int)] = []
        for i in 0..<units.count {
            let (e, c, w) = (units.e[i], units.c[i], units.w[i])
            if e < 0 || (e == 0 && c > 0) {
                slope += w * e
                intercept += w * c
            }
            if e != 0 { breakpoints.append((-c / e, i)) }
        }
        breakpoints.sort { $0.t < $1.t }
        func solve(lower: Double, upper: Double) {
            search.regions += 1
            // f(κ) = −κ + slope κ + intercept + b on this interval.
            let denominator = 1 - slope
            let numerator = intercept + b
            guard abs(denominator) > 1e-14 * max(1, abs(slope)) else {
                if abs(numerator) <= 1e-14 * max(1, abs(intercept) + abs(b)) {
                    // A segment of fixed points: report its ends (and count it as unresolved).
                    search.unresolved += 1
                    for end in [lower, upper] where end.isFinite { search.candidates.append([end]) }
                }
                return
            }
            let kappa = numerator / denominator
            let pad = 1e-9 * max(1, abs(kappa))
            if kappa >= lower - pad && kappa <= upper + pad { search.candidates.append([kappa]) }
        }
        var lower = -Double.infinity
        for (t, i) in breakpoints {
            solve(lower: lower, upper: t)
            let (e, c, w) = (units.e[i], units.c[i], units.w[i])
            // Crossing t from the left: units with e > 0 switch on, e < 0 switch off.
            let sign: Double = e > 0 ? 1 : -1
            slope += sign * w * e
            intercept += sign * w * c
            lower = t
        }
        solve(lower: lower, upper: .infinity)
        return search
    }

    // MARK: - Rank ≥ 2

    static func branchAndBound(_ field: LatentField, bounds: [ClosedRange<Double>]) -> Search {
        let units = Units(field)
        let rank = units.rank
        let b = field.drive
        let fullWidths = bounds.map { $0.upperBound - $0.lowerBound }
        var search = Search()
        var stack: [(lower: [Double], upper: [Double])] = [(bounds.map(\.lowerBound), bounds.map(\.upperBound))]
        var boxes = 0
        var crossing: [Int] = []
        crossing.reserveCapacity(units.count)
        while let box = stack.popLast() {
            boxes += 1
            if boxes > maximumBoxes {
                search.unresolved += stack.count + 1
                break
            }
            let centre = (0..<rank).map { (box.lower[$0] + box.upper[$0]) / 2 }
            let half = (0..<rank).map { (box.upper[$0] - box.lower[$0]) / 2 }
            // Affine part of the always-active units: f ⊇ G κ + h, G = −1 + Σ w_i e_iᵀ, h = b + Σ w_i c_i.
            var g = [Double](repeating: 0, count: rank * rank)
            var h = b
            var crossingLow = [Double](repeating: 0, count: rank)
            var crossingHigh = [Double](repeating: 0, count: rank)
            var magnitude = [Double](repeating: 0, count: rank)  // for the rounding margin
            crossing.removeAll(keepingCapacity: true)
            for i in 0..<units.count {
                var y = units.c[i], radius = 0.0
                for r in 0..<rank {
                    let e = units.e[i * rank + r]
                    y += e * centre[r]
                    radius += abs(e) * half[r]
                }
                if y - radius > 0 {
                    for k in 0..<rank {
                        let w = units.w[i * rank + k]
                        if w == 0 { continue }
                        for l in 0..<rank { g[k * rank + l] += w * units.e[i * rank + l] }
                        h[k] += w * units.c[i]
                        magnitude[k] += abs(w) * (abs(y) + radius)
                    }
                } else if y + radius > 0 {
                    crossing.append(i)
                    let top = y + radius
                    for k in 0..<rank {
                        let contribution = units.w[i * rank + k] * top
                        if contribution > 0 { crossingHigh[k] += contribution } else { crossingLow[k] += contribution }
                        magnitude[k] += abs(contribution)
                    }
                }
            }
            for k in 0..<rank { g[k * rank + k] -= 1 }
            var excluded = false
            for k in 0..<rank {
                var value = h[k], spread = 0.0
                for l in 0..<rank {
                    value += g[k * rank + l] * centre[l]
                    spread += abs(g[k * rank + l]) * half[l]
                }
                let margin = 1e-12 * (magnitude[k] + abs(h[k]) + abs(centre[k]) + half[k]) + 1e-300
                if value - spread + crossingLow[k] > margin || value + spread + crossingHigh[k] < -margin {
                    excluded = true
                    break
                }
            }
            if excluded { continue }
            if crossing.count <= leafCrossings {
                solveRegions(units, g: g, h: h, crossing: crossing, box: box, search: &search)
                continue
            }
            let relative = (0..<rank).map { 2 * half[$0] / fullWidths[$0] }
            let axis = relative.indices.max { relative[$0] < relative[$1] }!
            if relative[axis] < smallestRelativeWidth {
                search.unresolved += 1
                search.unresolvedCentres.append(centre)
                continue
            }
            var left = box, right = box
            left.upper[axis] = centre[axis]
            right.lower[axis] = centre[axis]
            stack.append(right)
            stack.append(left)
        }
        return search
    }

    /// Solves every sign pattern of the crossing units on a box and keeps the solutions that lie
    /// in the box with their pattern's signs.
    static func solveRegions(
        _ units: Units, g: [Double], h: [Double], crossing: [Int],
        box: (lower: [Double], upper: [Double]), search: inout Search
    ) {
        let rank = units.rank
        for pattern in 0..<(1 << crossing.count) {
            var system = Matrix<Double>(rows: rank, columns: rank, storage: g)
            var right = h.map { -$0 }
            for (bit, i) in crossing.enumerated() where pattern & (1 << bit) != 0 {
                for k in 0..<rank {
                    let w = units.w[i * rank + k]
                    for l in 0..<rank { system[k, l] += w * units.e[i * rank + l] }
                    right[k] -= w * units.c[i]
                }
            }
            search.regions += 1
            guard let kappa = SmallLinearAlgebra.solve(system, right) else {
                // A singular region has no isolated fixed point; when its equations are consistent
                // it holds a continuum of them, which is reported as unresolved.
                if isConsistent(system, right) {
                    search.unresolved += 1
                    if search.unresolvedCentres.count < 1000 {
                        search.unresolvedCentres.append((0..<rank).map { (box.lower[$0] + box.upper[$0]) / 2 })
                    }
                }
                continue
            }
            var inside = true
            for r in 0..<rank {
                let pad = 1e-9 * (box.upper[r] - box.lower[r]) + 1e-12 * abs(kappa[r])
                if kappa[r] < box.lower[r] - pad || kappa[r] > box.upper[r] + pad {
                    inside = false
                    break
                }
            }
            if !inside { continue }
            for (bit, i) in crossing.enumerated() {
                var y = units.c[i], size = abs(units.c[i])
                for r in 0..<rank {
                    y += units.e[i * rank + r] * kappa[r]
                    size += abs(units.e[i * rank + r] * kappa[r])
                }
                let pad = 1e-9 * size + 1e-300
                let active = pattern & (1 << bit) != 0
                if (active && y < -pad) || (!active && y > pad) {
                    inside = false
                    break
                }
            }
            if inside { search.candidates.append(kappa) }
        }
    }

    /// Whether a singular system A κ = v has solutions: the least-squares residual vanishes.
    static func isConsistent(_ a: Matrix<Double>, _ v: [Double]) -> Bool {
        guard let svd = try? LinearAlgebra.svd(a) else { return false }
        let largest = svd.singularValues.first ?? 0
        // v must have no component along the left singular vectors of (near-)zero singular values.
        for (index, value) in svd.singularValues.enumerated() where value <= 1e-12 * max(largest, 1e-300) {
            var dot = 0.0
            for k in 0..<a.rows { dot += svd.u[k, index] * v[k] }
            if abs(dot) > 1e-10 * max(1, SmallLinearAlgebra.norm(v)) { return false }
        }
        return true
    }
}
