import LintelEngine
import LintelNumerics

/// The global R² (``FitScores``' definition, with the mask) of several held-out sets' predictions
/// taken together, as one concatenation along trials: the R² of a cross-validation pooled over its
/// folds. Unlike the mean of the folds' R², every held-out entry weighs the same and the variance
/// it is measured against is that of all the held-out data, not of each fold's own.
///
/// ```swift
/// var pooled = PooledHeldOutR2()
/// for fold in folds { pooled.add(predicted: fold.predicted, observed: fold.observed, mask: fold.mask) }
/// pooled.r2   // 1 − SSE / Σ w (y − ȳ)² over all folds' entries
/// ```
package struct PooledHeldOutR2: Sendable {
    private var parts: [(predicted: [Double], observed: [Double], mask: Tensor3<Float>?, trials: Int)] = []
    private var steps = 0
    private var width = 0

    package init() {}

    /// How many held-out sets were added.
    package var count: Int { parts.count }

    /// Adds one held-out set: predictions and what they are scored against, (trials, T, N), and
    /// its mask, (trials, T, 1 or N) or nil.
    package mutating func add(predicted: Tensor3<Double>, observed: Tensor3<Float>, mask: Tensor3<Float>?) {
        add(predicted.storage, shape: predicted.shape, observed: observed, mask: mask)
    }

    /// The same for single-precision predictions (a network's).
    package mutating func add(predicted: Tensor3<Float>, observed: Tensor3<Float>, mask: Tensor3<Float>?) {
        add(predicted.storage.map(Double.init), shape: predicted.shape, observed: observed, mask: mask)
    }

    private mutating func add(_ predicted: [Double], shape: [Int], observed: Tensor3<Float>, mask: Tensor3<Float>?) {
        precondition(shape == observed.shape, "predicted and observed differ in shape")
        precondition(parts.isEmpty || (observed.dim1 == steps && observed.dim2 == width), "held-out sets of other data")
        steps = observed.dim1
        width = observed.dim2
        parts.append((predicted, observed.storage.map(Double.init), mask, observed.dim0))
    }

    /// The pooled global R²; nil before anything was added (NaN when the data have no variance).
    package var r2: Double? {
        guard !parts.isEmpty else { return nil }
        let trials = parts.reduce(0) { $0 + $1.trials }
        let predicted = Tensor3(trials, steps, width, storage: parts.flatMap(\.predicted))
        let observed = Tensor3(trials, steps, width, storage: parts.flatMap(\.observed))
        return FitScores.computeDouble(predicted: predicted, observed: observed, mask: pooledMask).globalR2
    }

    /// The parts' masks side by side, each widened to N columns where they differ and ones for a
    /// part without one; nil when no part has a mask.
    private var pooledMask: Tensor3<Double>? {
        guard parts.contains(where: { $0.mask != nil }) else { return nil }
        let widths = Set(parts.compactMap { $0.mask?.dim2 })
        let columns = widths.count == 1 ? widths.first! : width
        var storage: [Double] = []
        for part in parts {
            let cells = part.trials * steps
            guard let mask = part.mask else {
                storage += [Double](repeating: 1, count: cells * columns)
                continue
            }
            for cell in 0..<cells {
                for column in 0..<columns {
                    storage.append(Double(mask.storage[cell * mask.dim2 + (mask.dim2 == 1 ? 0 : column)]))
                }
            }
        }
        let trials = parts.reduce(0) { $0 + $1.trials }
        return Tensor3(trials, steps, columns, storage: storage)
    }
}
