import LintelEngine
import LintelNumerics

/// An eigenvalue λ of the stability matrix A (docs/METHOD.md §5).
package struct Eigenvalue: Sendable, Hashable, Codable {
    package var real: Double
    package var imaginary: Double

    package init(real: Double, imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }
}

/// The continuous-time classification of a fixed point from the eigenvalues λ of A: stable when
/// every Re λ < 1, unstable when every Re λ > 1, a saddle otherwise (an eigenvalue exactly at
/// Re λ = 1 counts as not stable).
package enum Stability: String, Sendable, Codable, CaseIterable {
    case stable
    case saddle
    case unstable
}

/// A fixed point (or slow point) of the latent dynamics.
package struct FixedPoint: Sendable {
    /// κ*, in the convention of ``LowRankDynamics`` (x · m_r / N after SVD reparametrisation).
    package var latents: [Double]
    /// ‖f(κ*)‖: ≈ 0 for a fixed point, the (local minimum) speed for a slow point.
    package var speed: Double
    /// Eigenvalues λ of A_kl = (1/N) Σ_i n_ik φ′(x*_i) m_il, by decreasing real part. The
    /// Jacobian of the latent flow has eigenvalues λ − 1; the Euler map x ↦ x + α F(x) has
    /// 1 + α(λ − 1) along the latent directions (and 1 − α off them).
    package var eigenvalues: [Eigenvalue]
    /// Continuous-time criterion (used for classification): stable when every Re λ < 1.
    package var stability: Stability
    /// The exact test for the network as simulated (Euler steps of size α): every
    /// |1 + α(λ − 1)| < 1. It differs from `stability` only for strongly rotating modes.
    package var stableAsMap: Bool
    /// Eigenvalues within 1e-6 of λ = 1: neutral directions (a ring or line of fixed points).
    package var marginalDirections: Int

    /// Classifies the point κ of `field` (any point: fixed, slow or not).
    package init(at kappa: [Double], of field: LatentField) throws {
        let x = field.state(kappa)
        let values = try LinearAlgebra.eigenvalues(field.stabilityMatrix(state: x))
            .map { Eigenvalue(real: $0.real, imaginary: $0.imaginary) }
            .sorted { ($0.real, $0.imaginary) > ($1.real, $1.imaginary) }
        latents = kappa
        speed = SmallLinearAlgebra.norm(field.velocity(kappa, state: x))
        eigenvalues = values
        if values.allSatisfy({ $0.real < 1 }) {
            stability = .stable
        } else if values.allSatisfy({ $0.real > 1 }) {
            stability = .unstable
        } else {
            stability = .saddle
        }
        let alpha = field.dynamics.alpha
        stableAsMap = values.allSatisfy { value in
            let re = 1 + alpha * (value.real - 1), im = alpha * value.imaginary
            return re * re + im * im < 1
        }
        marginalDirections = values.filter { abs($0.real - 1) < 1e-6 && abs($0.imaginary) < 1e-6 }.count
    }
}

/// How fixed points are searched for.
package enum FixedPointMethod: String, Sendable, Codable, CaseIterable {
    /// Exact enumeration of the linear regions for ReLU networks of rank ≤ 3, Newton otherwise.
    case automatic
    /// Levenberg–Marquardt (damped Newton) from a grid of starts, with de-duplication.
    case newton
    /// ReLU only: every linear region of the latent dynamics that meets the search box is solved
    /// exactly (``PiecewiseLinearFixedPoints``).
    case piecewiseLinear = "piecewise-linear"
}

package struct FixedPointOptions: Sendable {
    package var method: FixedPointMethod = .automatic
    /// The search box, one range per latent; nil takes ``FixedPoints/defaultBounds(_:)``.
    package var bounds: [ClosedRange<Double>]? = nil
    /// Newton: starts per axis of the regular grid over the box; nil chooses 61, 21, 9 for
    /// R = 1, 2, 3 and no grid (random starts only) from R = 4.
    package var startsPerAxis: Int? = nil
    /// Newton: seeded uniform random starts in the box, added to the grid; nil chooses 0 for
    /// R ≤ 3 and 600 from R = 4.
    package var randomStarts: Int? = nil
    /// Newton: further starts, e.g. points of the network's trajectories.
    package var extraStarts: [[Double]] = []
    package var seed: UInt64 = 1
    /// A point is a fixed point when ‖f(κ)‖ ≤ tolerance × max(1, box scale).
    package var tolerance: Double = 1e-10
    package var maximumIterations: Int = 200
    /// Points closer than this × max(1, box scale) are the same point.
    package var duplicateDistance: Double = 1e-6
    /// Also report slow points: local minima of the speed ‖f‖ that are not zeros.
    package var slowPoints: Bool = false
    /// Slow points faster than this are dropped (nil keeps every local minimum).
    package var slowSpeedLimit: Double? = nil

    package init() {}
}

/// What a fixed-point search found.
package struct FixedPointAnalysis: Sendable {
    /// Sorted by κ (lexicographically).
    package var fixedPoints: [FixedPoint]
    /// Local speed minima that are not fixed points, when requested; sorted by speed.
    package var slowPoints: [FixedPoint]
    /// The method actually used (never `.automatic`).
    package var method: FixedPointMethod
    /// The box searched.
    package var bounds: [ClosedRange<Double>]
    /// Piecewise-linear search: boxes that could not be resolved down to a few region
    /// boundaries (degenerate arrangements, e.g. many units' boundaries through one point);
    /// Newton was run from their centres instead. 0 means the enumeration was exhaustive.
    package var unresolvedRegions: Int
    /// Piecewise-linear search: the number of linear regions solved.
    package var regionsSolved: Int
}

/// Fixed points of the latent dynamics under a constant input (docs/METHOD.md §5).
package enum FixedPoints {
    package static func find(_ field: LatentField, options: FixedPointOptions = FixedPointOptions()) throws
        -> FixedPointAnalysis
    {
        let rank = field.rank
        let bounds = options.bounds ?? defaultBounds(field)
        guard bounds.count == rank else {
            throw DynamicsError("the search box has \(bounds.count) ranges; the network has rank \(rank)")
        }
        guard bounds.allSatisfy({ $0.lowerBound.isFinite && $0.upperBound.isFinite && $0.upperBound > $0.lowerBound }) else {
            throw DynamicsError("every range of the search box needs finite lower < upper")
        }
        var method = options.method
        if method == .automatic {
            method = field.dynamics.nonlinearity == .relu && rank <= 3 ? .piecewiseLinear : .newton
        }
        if method == .piecewiseLinear {
            guard field.dynamics.nonlinearity == .relu else {
                throw DynamicsError("the piecewise-linear enumeration needs a ReLU network; this one is \(field.dynamics.nonlinearity.rawValue)")
            }
            var analysis = try PiecewiseLinearFixedPoints.find(field, bounds: bounds, options: options)
            if options.slowPoints {
                analysis.slowPoints = try newtonSearch(field, bounds: bounds, options: options).slowPoints
            }
            return analysis
        }
        return try newtonSearch(field, bounds: bounds, options: options)
    }

    /// The default search box. For tanh networks it holds every fixed point: |n_r · φ(x)/N| ≤
    /// mean_i |n_ir| and κ_r = (‖m_r‖²/N) n_r · φ(x)/N + m_r · I u/N; widened by 5 %. For ReLU
    /// networks, the bound of a contracting recurrence when it applies (then it also holds every
    /// fixed point), otherwise a heuristic: the tanh box × 10 × max(1, max_i |c_i|), c the input
    /// current off the latents — pass explicit bounds to search elsewhere.
    package static func defaultBounds(_ field: LatentField) -> [ClosedRange<Double>] {
        let dynamics = field.dynamics
        let units = Double(dynamics.unitCount)
        let meanAbsN = (0..<dynamics.rank).map { r in
            (0..<dynamics.unitCount).reduce(0.0) { $0 + abs(dynamics.n[$1, r]) } / units
        }
        var halfWidths = (0..<dynamics.rank).map { dynamics.latentScales[$0] * meanAbsN[$0] }
        if dynamics.nonlinearity == .relu {
            halfWidths = reluHalfWidths(field) ?? halfWidths.map { 10 * $0 * max(1, field.offset.map(abs).max() ?? 0) }
        }
        return (0..<dynamics.rank).map { r in
            let half = max(halfWidths[r] * 1.05, 1e-3)
            return (field.drive[r] - half)...(field.drive[r] + half)
        }
    }

    /// For ReLU, |φ(x_i)| ≤ |x_i| gives |κ − b| ≤ a ‖κ‖ + c componentwise; when the recurrence is
    /// contracting in this sense the fixed points are bounded by c / (1 − a).
    static func reluHalfWidths(_ field: LatentField) -> [Double]? {
        let dynamics = field.dynamics
        let units = dynamics.unitCount, rank = dynamics.rank
        // |x_i| ≤ Σ_l |e_il| |κ_l| + |c_i| with e the embedding; |κ_r − b_r| ≤ s_r/N Σ_i |n_ir| |x_i|.
        var gain = 0.0
        var constant = [Double](repeating: 0, count: rank)
        for r in 0..<rank {
            var rowGain = 0.0
            var rowConstant = 0.0
            for i in 0..<units {
                let weight = dynamics.latentScales[r] * abs(dynamics.n[i, r]) / Double(units)
                var slope = 0.0
                for l in 0..<rank { slope += abs(dynamics.embedding[i, l]) }
                rowGain += weight * slope
                rowConstant += weight * abs(field.offset[i])
            }
            gain = max(gain, rowGain)
            constant[r] = rowConstant
        }
        guard gain < 0.95 else { return nil }
        let driveSize = field.drive.map(abs).max() ?? 0
        let bound = ((constant.max() ?? 0) + gain * driveSize) / (1 - gain)
        return [Double](repeating: bound, count: rank)
    }

    // MARK: - Newton / Levenberg–Marquardt

    static func newtonSearch(
        _ field: LatentField, bounds: [ClosedRange<Double>], options: FixedPointOptions
    ) throws -> FixedPointAnalysis {
        let scale = boxScale(bounds)
        let tolerance = options.tolerance * max(1, scale)
        let duplicate = options.duplicateDistance * max(1, scale)
        var roots: [(kappa: [Double], speed: Double)] = []
        var slow: [(kappa: [Double], speed: Double)] = []
        for start in starts(bounds, options: options) {
            let end = levenbergMarquardt(field, from: start, tolerance: tolerance, maximumIterations: options.maximumIterations)
            if end.speed <= tolerance {
                insert((end.kappa, end.speed), into: &roots, duplicate: duplicate)
            } else if options.slowPoints, end.stationary, isInside(end.kappa, bounds, margin: 0.05),
                options.slowSpeedLimit.map({ end.speed <= $0 }) ?? true,
                isLocalMinimumOfSpeed(field, at: end.kappa, scale: scale)
            {
                insert((end.kappa, end.speed), into: &slow, duplicate: max(duplicate, 1e-4 * max(1, scale)))
            }
        }
        let fixedPoints = try roots.sorted { $0.kappa.lexicographicallyPrecedes($1.kappa) }
            .map { try FixedPoint(at: $0.kappa, of: field) }
        let slowPoints = try slow.filter { point in
            !roots.contains { distance($0.kappa, point.kappa) <= 1e-4 * max(1, scale) }
        }.sorted { $0.speed < $1.speed }.map { try FixedPoint(at: $0.kappa, of: field) }
        return FixedPointAnalysis(
            fixedPoints: fixedPoints, slowPoints: slowPoints, method: .newton, bounds: bounds,
            unresolvedRegions: 0, regionsSolved: 0)
    }

    /// Damped Newton on f(κ) = 0 (minimising ½‖f‖²). Ends at a root, at a stationary point of the
    /// speed (a slow-point candidate), or after `maximumIterations`.
    static func levenbergMarquardt(
        _ field: LatentField, from start: [Double], tolerance: Double, maximumIterations: Int
    ) -> (kappa: [Double], speed: Double, stationary: Bool) {
        let rank = field.rank
        var kappa = start
        var x = field.state(kappa)
        var f = field.velocity(kappa, state: x)
        var cost = 0.5 * f.reduce(0) { $0 + $1 * $1 }
        var damping = 1e-3
        for _ in 0..<maximumIterations {
            if (2 * cost).squareRoot() <= tolerance { break }
            let j = field.jacobian(fromStability: field.stabilityMatrix(state: x))
            // g = Jᵀ f, H = Jᵀ J.
            var gradient = [Double](repeating: 0, count: rank)
            var normal = Matrix<Double>(rows: rank, columns: rank)
            for k in 0..<rank {
                for l in 0..<rank {
                    gradient[l] += j[k, l] * f[k]
                    for p in 0..<rank { normal[l, p] += j[k, l] * j[k, p] }
                }
            }
            let gradientNorm = SmallLinearAlgebra.norm(gradient)
            let curvature = max((0..<rank).map { normal[$0, $0] }.max() ?? 0, 1e-300)
            if gradientNorm <= 1e-15 * max(1, curvature.squareRoot()) * max(1, (2 * cost).squareRoot()) {
                return (kappa, (2 * cost).squareRoot(), true)
            }
            var improved = false
            while damping < 1e16 {
                var system = normal
                for d in 0..<rank { system[d, d] += damping * curvature }
                guard let step = SmallLinearAlgebra.solve(system, gradient.map { -$0 }) else {
                    damping *= 10
                    continue
                }
                let trial = zip(kappa, step).map { $0 + $1 }
                let trialState = field.state(trial)
                let trialF = field.velocity(trial, state: trialState)
                let trialCost = 0.5 * trialF.reduce(0) { $0 + $1 * $1 }
                if trialCost < cost {
                    let stepSize = SmallLinearAlgebra.norm(step)
                    kappa = trial
                    x = trialState
                    f = trialF
                    let decrease = cost - trialCost
                    cost = trialCost
                    damping = max(damping / 5, 1e-15)
                    improved = true
                    if stepSize <= 1e-14 * max(1, SmallLinearAlgebra.norm(kappa)) || decrease <= 1e-30 {
                        return (kappa, (2 * cost).squareRoot(), (2 * cost).squareRoot() > tolerance)
                    }
                    break
                }
                damping *= 4
            }
            if !improved { return (kappa, (2 * cost).squareRoot(), true) }
        }
        let speed = (2 * cost).squareRoot()
        return (kappa, speed, false)
    }

    /// Whether κ is a local minimum of q = ½‖f‖² (finite-difference Hessian of the exact gradient
    /// Jᵀ f, no negative eigenvalue beyond rounding).
    static func isLocalMinimumOfSpeed(_ field: LatentField, at kappa: [Double], scale: Double) -> Bool {
        let rank = field.rank
        func gradient(_ point: [Double]) -> [Double] {
            let x = field.state(point)
            let f = field.velocity(point, state: x)
            let j = field.jacobian(fromStability: field.stabilityMatrix(state: x))
            return (0..<rank).map { l in (0..<rank).reduce(0.0) { $0 + j[$1, l] * f[$1] } }
        }
        let h = 1e-5 * max(1, scale)
        var hessian = Matrix<Double>(rows: rank, columns: rank)
        for l in 0..<rank {
            var plus = kappa, minus = kappa
            plus[l] += h
            minus[l] -= h
            let (gp, gm) = (gradient(plus), gradient(minus))
            for k in 0..<rank { hessian[k, l] = (gp[k] - gm[k]) / (2 * h) }
        }
        let symmetric = Matrix<Double>(rows: rank, columns: rank, storage: (0..<(rank * rank)).map { index in
            let (k, l) = (index / rank, index % rank)
            return 0.5 * (hessian[k, l] + hessian[l, k])
        })
        guard let spectrum = try? LinearAlgebra.symmetricEigen(symmetric) else { return false }
        let largest = spectrum.eigenvalues.map(abs).max() ?? 0
        return spectrum.eigenvalues.allSatisfy { $0 >= -1e-6 * max(largest, 1e-12) }
    }

    static func starts(_ bounds: [ClosedRange<Double>], options: FixedPointOptions) -> [[Double]] {
        let rank = bounds.count
        let gridPerAxis = options.startsPerAxis ?? ([1: 61, 2: 21, 3: 9][rank] ?? 0)
        var points: [[Double]] = []
        if gridPerAxis >= 1 {
            let axes = bounds.map { range -> [Double] in
                gridPerAxis == 1
                    ? [(range.lowerBound + range.upperBound) / 2] : FlowField.grid(range, count: gridPerAxis)
            }
            var index = [Int](repeating: 0, count: rank)
            while true {
                points.append((0..<rank).map { axes[$0][index[$0]] })
                var axis = 0
                while axis < rank {
                    index[axis] += 1
                    if index[axis] < gridPerAxis { break }
                    index[axis] = 0
                    axis += 1
                }
                if axis == rank { break }
            }
        }
        var random = SeededRandom.stream(seed: options.seed, index: 0xF1CED)
        let randomCount = options.randomStarts ?? (rank <= 3 ? 0 : 600)
        for _ in 0..<randomCount {
            points.append(bounds.map { $0.lowerBound + random.uniform() * ($0.upperBound - $0.lowerBound) })
        }
        points.append(contentsOf: options.extraStarts.filter { $0.count == rank })
        return points
    }

    static func insert(
        _ point: (kappa: [Double], speed: Double), into points: inout [(kappa: [Double], speed: Double)],
        duplicate: Double
    ) {
        if let index = points.firstIndex(where: { distance($0.kappa, point.kappa) <= duplicate }) {
            if point.speed < points[index].speed { points[index] = point }
        } else {
            points.append(point)
        }
    }

    static func distance(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
    }

    static func boxScale(_ bounds: [ClosedRange<Double>]) -> Double {
        bounds.map { max(abs($0.lowerBound), abs($0.upperBound)) }.max() ?? 1
    }

    static func isInside(_ kappa: [Double], _ bounds: [ClosedRange<Double>], margin: Double) -> Bool {
        zip(kappa, bounds).allSatisfy { value, range in
            let pad = margin * (range.upperBound - range.lowerBound)
            return value >= range.lowerBound - pad && value <= range.upperBound + pad
        }
    }
}
