import LintelDynamics
import LintelEngine
import LintelNumerics

/// How fixed points are searched for under one input, for `lintel analyze` and the workbench's
/// Flow screen alike: the default box (which holds every fixed point of a tanh network), widened
/// for ReLU networks to cover the trajectories, and the last state of up to
/// ``extraStartCount`` model trials as extra starts.
package enum FixedPointSearch {
    package static let extraStartCount = 60

    /// The search options for `field` along `trajectories`.
    package static func options(
        _ field: LatentField, trajectories: AnalysedTrajectories, method: FixedPointMethod = .automatic,
        slowPoints: Bool = false, seed: UInt64 = 1
    ) -> FixedPointOptions {
        var options = FixedPointOptions()
        options.method = method
        options.slowPoints = slowPoints
        options.seed = seed
        var box = FixedPoints.defaultBounds(field)
        if field.dynamics.nonlinearity == .relu {
            // The ReLU box is a heuristic; the states the network visits must be inside it.
            box = LatentRanges.union(box, LatentRanges.ranges(of: trajectories.allLatents, padding: 0.5))
        }
        options.bounds = box
        options.extraStarts = endStates(trajectories.latents, count: extraStartCount)
        return options
    }

    /// Finds the fixed points of `field` (and slow points when asked).
    package static func find(
        _ field: LatentField, trajectories: AnalysedTrajectories, method: FixedPointMethod = .automatic,
        slowPoints: Bool = false, seed: UInt64 = 1
    ) throws -> FixedPointAnalysis {
        try FixedPoints.find(
            field, options: options(field, trajectories: trajectories, method: method, slowPoints: slowPoints, seed: seed))
    }

    /// The last step of up to `count` trials, skipping non-finite ones.
    static func endStates(_ latents: Tensor3<Double>, count: Int) -> [[Double]] {
        let (trials, steps, rank) = (latents.dim0, latents.dim1, latents.dim2)
        guard trials > 0, steps > 0 else { return [] }
        return (0..<min(trials, count)).map { trial in (0..<rank).map { latents[trial, steps - 1, $0] } }
            .filter { $0.allSatisfy(\.isFinite) }
    }
}
