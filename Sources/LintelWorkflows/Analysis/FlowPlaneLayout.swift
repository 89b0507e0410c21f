import LintelDynamics
import LintelNumerics

/// The axes of a flow-field plane: two latents, or (rank 1) κ1 against an input direction
/// orthogonal to m1; a rank-1 network without such an input has a one-dimensional field.
package struct FlowPlaneAxes: Sendable, Hashable {
    package var horizontal: FlowAxis
    package var vertical: FlowAxis?

    package init(_ horizontal: FlowAxis, _ vertical: FlowAxis?) {
        self.horizontal = horizontal
        self.vertical = vertical
    }

    /// The paper's plane for `dynamics` (``FlowPlane/standardAxes(for:)``).
    package static func standard(for dynamics: LowRankDynamics) -> FlowPlaneAxes {
        let (horizontal, vertical) = FlowPlane.standardAxes(for: dynamics)
        return FlowPlaneAxes(horizontal, vertical)
    }

    /// Every plane worth showing: each pair of latents; for rank 1, κ1 against each input that
    /// has a direction orthogonal to m1 (or κ1 alone when none has).
    package static func all(for dynamics: LowRankDynamics) -> [FlowPlaneAxes] {
        let rank = dynamics.rank
        if rank >= 2 {
            var planes: [FlowPlaneAxes] = []
            for a in 0..<rank { for b in (a + 1)..<rank { planes.append(FlowPlaneAxes(.latent(a), .latent(b))) } }
            return planes
        }
        let usable = (0..<dynamics.inputCount).filter { dynamics.inputHasOrthogonalDirection($0) }
        return usable.isEmpty ? [FlowPlaneAxes(.latent(0), nil)] : usable.map { FlowPlaneAxes(.latent(0), .input($0)) }
    }
}

/// Why a flow plane cannot be laid out as asked.
package enum FlowPlaneProblem: Error, Sendable, Equatable {
    /// Latent `index` (0-based) of a network of rank `rank`.
    case noSuchLatent(index: Int, rank: Int)
    /// Input `index` (0-based) of a network with `inputs` inputs.
    case noSuchInput(index: Int, inputs: Int)
    /// Slice values, one per latent.
    case sliceCount(found: Int, rank: Int)
}

/// Where a flow field is evaluated: the plane's axes and their extent. Without explicit bounds
/// each axis covers the fixed points and the trajectories (the model's and the data's) with
/// 10 % to spare — not the whole fixed-point search box, which is often far larger and would
/// shrink what matters to the middle of the plot.
package enum FlowPlaneLayout {
    /// The coordinate of latent point `kappa` on `axis` under `field`.
    package static func coordinate(_ axis: FlowAxis, of kappa: [Double], field: LatentField) -> Double {
        switch axis {
        case .latent(let r): return kappa[r]
        case .latentDirection(_, let w): return zip(kappa, w).reduce(0) { $0 + $1.0 * $1.1 }
        case .input(let k): return field.dynamics.inputCoordinate(k, of: field.state(kappa))
        }
    }

    /// The plane for `axes` on `field`'s network.
    /// - Parameters:
    ///   - bounds: one range for both axes or one per axis; nil lays them out automatically.
    ///   - slice: the values of the latents off the plane (nil: 0).
    package static func plane(
        _ axes: FlowPlaneAxes, field: LatentField, fixedPoints: [FixedPoint], trajectories: AnalysedTrajectories,
        resolution: Int, bounds: [ClosedRange<Double>]? = nil, slice: [Double]? = nil
    ) throws(FlowPlaneProblem) -> FlowPlane {
        let dynamics = field.dynamics
        for axis in [axes.horizontal] + (axes.vertical.map { [$0] } ?? []) {
            switch axis {
            case .latent(let r) where !(0..<dynamics.rank).contains(r):
                throw .noSuchLatent(index: r, rank: dynamics.rank)
            case .input(let k) where !(0..<dynamics.inputCount).contains(k):
                throw .noSuchInput(index: k, inputs: dynamics.inputCount)
            default: break
            }
        }
        if let slice, slice.count != dynamics.rank { throw .sliceCount(found: slice.count, rank: dynamics.rank) }
        func automatic(_ axis: FlowAxis) -> ClosedRange<Double> {
            var values = fixedPoints.map { coordinate(axis, of: $0.latents, field: field) }
            switch axis {
            case .latent(let r):
                for tensor in trajectories.allLatents { values += tensor.column(r) }
            case .latentDirection(_, let w):
                for tensor in trajectories.allLatents {
                    values += stride(from: 0, to: tensor.storage.count, by: w.count).map { start in
                        (0..<w.count).reduce(0) { $0 + tensor.storage[start + $1] * w[$1] }
                    }
                }
            case .input(let k):
                // The input's own current sits here; 0 is where the state starts.
                values += trajectories.inputCoordinates.column(k)
                values += [0, dynamics.inputCoordinate(k, of: field.offset)]
            }
            return LatentRanges.padded(values)
        }
        let horizontalRange = bounds?.first ?? automatic(axes.horizontal)
        let verticalRange = bounds.map { $0.count == 2 ? $0[1] : $0[0] } ?? (axes.vertical.map(automatic) ?? 0...1)
        return FlowPlane(
            horizontal: axes.horizontal, vertical: axes.vertical, horizontalRange: horizontalRange,
            verticalRange: verticalRange, resolution: resolution, slice: slice)
    }
}
