import LintelNumerics

/// One axis of a flow-field plane.
package enum FlowAxis: Sendable, Hashable, CustomStringConvertible {
    /// Latent κ_r (0-based: latent 0 is κ_1).
    case latent(Int)
    /// The direction of input vector I_k (0-based) orthogonal to every m_r: v = (1 − P_m) I_k,
    /// with coordinate x · v / N (the rank-1 plane of docs/METHOD.md §5).
    case input(Int)
    /// A unit direction w in latent space (R weights; e.g. an axis of the jPCA plane,
    /// ``RotationalPlane``), with coordinate κ · w; `name` says what it is ("jpc1").
    case latentDirection(name: String, weights: [Double])

    /// `kappa1`, `input3`: 1-based, as in docs/METHOD.md's κ_1 and I_3; a direction's name.
    package var description: String {
        switch self {
        case .latent(let r): return "kappa\(r + 1)"
        case .input(let k): return "input\(k + 1)"
        case .latentDirection(let name, _): return name
        }
    }
}

/// Where and how finely to evaluate a flow field.
package struct FlowPlane: Sendable, Hashable {
    package var horizontal: FlowAxis
    /// nil for a one-dimensional field (a rank-1 network without inputs).
    package var vertical: FlowAxis?
    package var horizontalRange: ClosedRange<Double>
    package var verticalRange: ClosedRange<Double>
    /// Grid points along each axis (≥ 2).
    package var resolution: Int
    /// Values of the latents that are not on the plane (length R; entries of plane latents are
    /// ignored); nil means 0.
    package var slice: [Double]?

    package init(
        horizontal: FlowAxis, vertical: FlowAxis?, horizontalRange: ClosedRange<Double>,
        verticalRange: ClosedRange<Double>, resolution: Int = 41, slice: [Double]? = nil
    ) {
        self.horizontal = horizontal
        self.vertical = vertical
        self.horizontalRange = horizontalRange
        self.verticalRange = verticalRange
        self.resolution = resolution
        self.slice = slice
    }

    /// The paper's plane: κ_1 against κ_2 for rank ≥ 2; for rank 1, κ_1 against the input
    /// direction orthogonal to m_1 of the input with the largest such component (nil vertical
    /// axis without inputs).
    /// Inputs without such a component (zero vectors, or vectors in span{m}) are skipped.
    package static func standardAxes(for dynamics: LowRankDynamics) -> (FlowAxis, FlowAxis?) {
        if dynamics.rank >= 2 { return (.latent(0), .latent(1)) }
        let usable = (0..<dynamics.inputCount).filter { dynamics.inputHasOrthogonalDirection($0) }
        let norms = usable.map { k in dynamics.inputDirectionOrthogonalToM(k).reduce(0) { $0 + $1 * $1 } }
        guard let best = norms.indices.max(by: { norms[$0] < norms[$1] }) else { return (.latent(0), nil) }
        return (.latent(0), .input(usable[best]))
    }
}

/// The network's flow on a plane of state space (docs/METHOD.md §5).
///
/// Grid point (a, b) is the state x = a e_h + b e_v + Σ_{r off the plane} s_r (N/‖m_r‖²) m_r + c,
/// where e = (N/‖m_r‖²) m_r for a latent axis and (N/‖v‖²) v for an input axis v = (1 − P_m) I_k,
/// s the slice values and c the part of the input current I u orthogonal to every m_r and to the
/// plane's input direction. The field is F(x) = −x + m nᵀ φ(x)/N + I u; the plotted components are
/// F · m_r / N and F · v / N (the velocities of the plane's coordinates), and the speed is the norm
/// of these two components.
package struct FlowField: Sendable {
    package var plane: FlowPlane
    /// Coordinates of the grid columns (horizontal axis) and rows (vertical axis; empty for a
    /// one-dimensional field, which has one row).
    package var horizontalValues: [Double]
    package var verticalValues: [Double]
    /// (rows, columns, 2): the velocity of (horizontal, vertical) coordinates at each grid point.
    package var velocity: Tensor3<Double>
    /// (rows, columns): the norm of the two velocity components.
    package var speed: Matrix<Double>

    /// Evaluates the field of `field` (a network under one constant input) on `plane`.
    package static func evaluate(_ field: LatentField, on plane: FlowPlane) throws -> FlowField {
        let dynamics = field.dynamics
        let units = dynamics.unitCount, rank = dynamics.rank
        guard plane.resolution >= 2 else { throw DynamicsError("the flow-field grid needs at least 2 points per axis") }
        guard plane.horizontalRange.upperBound > plane.horizontalRange.lowerBound,
            plane.vertical == nil || plane.verticalRange.upperBound > plane.verticalRange.lowerBound
        else { throw DynamicsError("flow-field bounds must have lower < upper") }
        if let slice = plane.slice, slice.count != rank {
            throw DynamicsError("the slice has \(slice.count) values; the network has rank \(rank)")
        }
        let axes = [plane.horizontal] + (plane.vertical.map { [$0] } ?? [])
        if axes.count == 2, axes[0] == axes[1] { throw DynamicsError("the two flow-field axes are the same (\(axes[0]))") }
        var inputDirection: [Double]? = nil
        var inputNormSquared = 0.0
        for axis in axes {
            switch axis {
            case .latent(let r):
                guard (0..<rank).contains(r) else {
                    throw DynamicsError("\(axis) is not a latent of this rank-\(rank) network")
                }
            case .latentDirection(let name, let weights):
                let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
                guard weights.count == rank, abs(norm - 1) < 1e-6 else {
                    throw DynamicsError("\(name) needs \(rank) latent weights of norm 1; found \(weights.count) of norm \(norm)")
                }
            case .input(let k):
                guard (0..<dynamics.inputCount).contains(k) else {
                    throw DynamicsError("\(axis) is not an input of this network (K = \(dynamics.inputCount))")
                }
                guard inputDirection == nil else { throw DynamicsError("a flow-field plane can hold one input axis") }
                guard dynamics.inputHasOrthogonalDirection(k) else {
                    throw DynamicsError("input \(k + 1) lies in span{m}: it has no direction orthogonal to the latents")
                }
                let v = dynamics.inputDirectionOrthogonalToM(k)
                inputDirection = v
                inputNormSquared = v.reduce(0) { $0 + $1 * $1 }
            }
        }
        // Base state: the off-plane latents at their slice values and the input current's part
        // orthogonal to m and to the plane's input direction.
        var base = field.offset
        if let v = inputDirection {
            var dot = 0.0
            for i in 0..<units { dot += v[i] * base[i] }
            for i in 0..<units { base[i] -= dot / inputNormSquared * v[i] }
        }
        var kappaBase = plane.slice ?? [Double](repeating: 0, count: rank)
        for case .latent(let r) in axes { kappaBase[r] = 0 }
        // A direction's own coordinate comes from the grid: the slice keeps only what is off it
        // (directions are taken as orthogonal, as a plane's two axes are).
        for case .latentDirection(_, let w) in axes {
            let along = zip(kappaBase, w).reduce(0) { $0 + $1.0 * $1.1 }
            for r in 0..<rank { kappaBase[r] -= along * w[r] }
        }
        for i in 0..<units {
            for r in 0..<rank { base[i] += kappaBase[r] * dynamics.embedding[i, r] }
        }
        func direction(_ axis: FlowAxis) -> [Double] {
            switch axis {
            case .latent(let r): return dynamics.embedding.column(r)
            case .latentDirection(_, let w):
                return (0..<units).map { i in (0..<rank).reduce(0) { $0 + w[$1] * dynamics.embedding[i, $1] } }
            case .input: return inputDirection!.map { $0 * Double(units) / inputNormSquared }
            }
        }
        let columns = plane.resolution
        let rows = plane.vertical == nil ? 1 : plane.resolution
        let horizontalValues = grid(plane.horizontalRange, count: columns)
        let verticalValues = plane.vertical == nil ? [] : grid(plane.verticalRange, count: rows)
        let horizontalDirection = direction(plane.horizontal)
        let verticalDirection = plane.vertical.map(direction)
        // The drive of the input coordinate: v · I u / N (the full current, not just its offset).
        let current = dynamics.inputCurrent(field.input)
        let inputDrive = inputDirection.map { v in (0..<units).reduce(0.0) { $0 + v[$1] * current[$1] } / Double(units) } ?? 0

        var velocity = Tensor3<Double>(rows, columns, 2)
        var speed = Matrix<Double>(rows: rows, columns: columns)
        var x = [Double](repeating: 0, count: units)
        for row in 0..<rows {
            for column in 0..<columns {
                let a = horizontalValues[column], b = verticalValues.isEmpty ? 0 : verticalValues[row]
                for i in 0..<units {
                    x[i] = base[i] + a * horizontalDirection[i] + (verticalDirection.map { b * $0[i] } ?? 0)
                }
                var kappa = kappaBase
                var inputCoordinate = 0.0
                for (axis, value) in zip(axes, [a, b]) {
                    switch axis {
                    case .latent(let r): kappa[r] = value
                    case .latentDirection(_, let w): for r in 0..<rank { kappa[r] += value * w[r] }
                    case .input: inputCoordinate = value
                    }
                }
                let latentVelocity = field.velocity(kappa, state: x)
                let components = axes.map { axis -> Double in
                    switch axis {
                    case .latent(let r): return latentVelocity[r]
                    case .latentDirection(_, let w): return zip(latentVelocity, w).reduce(0) { $0 + $1.0 * $1.1 }
                    case .input: return -inputCoordinate + inputDrive
                    }
                }
                velocity[row, column, 0] = components[0]
                velocity[row, column, 1] = components.count > 1 ? components[1] : 0
                speed[row, column] = components.reduce(0) { $0 + $1 * $1 }.squareRoot()
            }
        }
        return FlowField(
            plane: plane, horizontalValues: horizontalValues, verticalValues: verticalValues,
            velocity: velocity, speed: speed)
    }

    static func grid(_ range: ClosedRange<Double>, count: Int) -> [Double] {
        let step = (range.upperBound - range.lowerBound) / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? range.upperBound : range.lowerBound + Double($0) * step }
    }
}
