import LintelNumerics

/// The recorded-data preprocessing of docs/METHOD.md §2 for activity that is already binned and
/// averaged per condition, in this order: soft-normalise each neuron (divide by its range + c,
/// Churchland et al. 2012), subtract each neuron's mean, denoise by projecting on the top
/// principal components, remove the condition-independent (time-varying mean) component, and
/// bring the numbers to order one. Every statistic (ranges, means, components, condition mean,
/// scale) is learned from the counted entries of ``learningTrials`` and applied to every trial.
/// Entries of mask weight 0 take no part in any statistic. Sums run in Double.
///
/// ```swift
/// let prepared = try ActivityPreparation(softNormalization: 5, components: 12).apply(to: dataset)
/// // recorded ≈ prepared.activity * prepared.scales + prepared.neuronMeans (exactly, without PCA)
/// ```
public struct ActivityPreparation: Sendable, Equatable {
    public enum Scaling: String, Sendable, CaseIterable {
        /// Leave the values as they are.
        case none
        /// Divide everything by one number, the root mean square of the result (neurons keep
        /// their relative sizes).
        case global
        /// Divide each neuron by its own root mean square (z-scores when centred).
        case neuron
    }

    /// Soft normalisation's c, in the activity's units (Hz for rates): each neuron is divided
    /// by its range (max − min) + c first, so strong neurons count about equally while weak,
    /// noisy ones (range ≪ c) are shrunk (nil: not applied).
    public var softNormalization: Double?
    public var center = true
    /// Keep the top K principal components of the neurons (nil: all).
    public var components: Int?
    public var removeConditionMean = false
    public var scaling = Scaling.global
    /// The trials every statistic is learned from (nil: all); the steps apply to every trial.
    public var learningTrials: [Int]?

    public init(
        softNormalization: Double? = nil, center: Bool = true, components: Int? = nil,
        removeConditionMean: Bool = false, scaling: Scaling = .global, learningTrials: [Int]? = nil
    ) {
        self.softNormalization = softNormalization
        self.center = center
        self.components = components
        self.removeConditionMean = removeConditionMean
        self.scaling = scaling
        self.learningTrials = learningTrials
    }

    /// What ``apply(to:)`` made.
    public struct Result: Sendable {
        /// The prepared activity, (trials, T, neurons).
        public var activity: Tensor3<Float>
        /// With principal components: the activity through every step but the projection (the
        /// same normalisation, mean, condition mean and scale), what the denoised activity is
        /// scored against as well; nil without `components`.
        public var undenoised: Tensor3<Float>?
        /// Each neuron's mean in the recorded units (zeros without centring): the way back is
        /// `activity · scales + neuronMeans`.
        public var neuronMeans: [Double]
        /// What each neuron was divided by in all: its soft-normalisation divisor (range + c)
        /// times the final scale (ones with neither).
        public var scales: [Double]
        /// The fraction of the centred activity's variance the kept components carry (nil
        /// without `components`).
        public var explainedVariance: Double?
        /// One line naming every step, e.g. "centred; top 12 PCs (93.1 % of the variance); ÷ 23.4".
        public var summary: String
    }

    public func apply(to dataset: Dataset) throws -> Result {
        let (trials, steps, neurons) = (dataset.trialCount, dataset.stepCount, dataset.neuronCount)
        let rows = trials * steps
        var x = dataset.activity.storage.map(Double.init)
        func fail(_ problem: String) throws -> Never { throw DataFileError(file: dataset.file, problem: problem) }
        var learning = [Bool](repeating: learningTrials == nil, count: trials)
        for trial in learningTrials ?? [] {
            guard (0..<trials).contains(trial) else { try fail("has \(trials) trials; trial \(trial) cannot be learned from") }
            learning[trial] = true
        }
        guard learning.contains(true) else { try fail("no trial is left to learn the preprocessing from") }
        let weight = Weights(mask: dataset.mask, neurons: neurons, steps: steps, learning: learning)
        var done: [String] = []

        var divisors = [Double](repeating: 1, count: neurons)
        if let c = softNormalization {
            var low = [Double](repeating: .infinity, count: neurons), high = [Double](repeating: -.infinity, count: neurons)
            for row in 0..<rows {
                for i in 0..<neurons where weight.learns(row, i) {
                    low[i] = min(low[i], x[row * neurons + i])
                    high[i] = max(high[i], x[row * neurons + i])
                }
            }
            var flat = 0
            for i in 0..<neurons {
                let range = high[i] >= low[i] ? high[i] - low[i] : 0
                if range + c > 0 { divisors[i] = range + c } else { flat += 1 }
            }
            for row in 0..<rows { for i in 0..<neurons { x[row * neurons + i] /= divisors[i] } }
            done.append(
                "each neuron divided by its range + \(c == c.rounded() && c < 1e15 ? String(Int(c)) : String(c)) (soft normalisation)"
                    + (flat > 0 ? " (\(flat) flat neuron\(flat == 1 ? "" : "s") left as \(flat == 1 ? "it was" : "they were"))" : ""))
        }

        var means = [Double](repeating: 0, count: neurons)
        if center {
            var totals = [Double](repeating: 0, count: neurons), counts = totals
            for row in 0..<rows {
                for i in 0..<neurons where weight.learns(row, i) {
                    totals[i] += x[row * neurons + i]
                    counts[i] += 1
                }
            }
            for i in 0..<neurons where counts[i] > 0 { means[i] = totals[i] / counts[i] }
            for row in 0..<rows { for i in 0..<neurons { x[row * neurons + i] -= means[i] } }
            done.append("each neuron's mean subtracted")
        }

        var explained: Double?
        var undenoised: [Double]?
        if let components {
            guard components >= 1 && components <= neurons else {
                throw ActivityPreparationError.componentCount(file: dataset.file, requested: components, neurons: neurons)
            }
            guard weight.isPerStep else {
                throw ActivityPreparationError.componentsOfPartialSteps(file: dataset.file)
            }
            undenoised = x
            let (projected, fraction) = try Self.project(x, rows: rows, neurons: neurons, components: components, weight: weight, fail: fail)
            x = projected
            explained = fraction
            done.append("projected on the top \(components) principal component\(components == 1 ? "" : "s") (\(Self.percent(fraction)) of the variance)")
        }

        if removeConditionMean {
            guard learning.filter({ $0 }).count >= 2 else {
                try fail("has one trial to learn from; removing the condition-independent component needs several conditions")
            }
            Self.removeConditionMean(&x, trials: trials, steps: steps, neurons: neurons, weight: weight)
            if undenoised != nil { Self.removeConditionMean(&undenoised!, trials: trials, steps: steps, neurons: neurons, weight: weight) }
            done.append("condition-independent component removed")
        }

        var scales = [Double](repeating: 1, count: neurons)
        if scaling != .none {
            var squares = [Double](repeating: 0, count: neurons), counts = squares
            for row in 0..<rows {
                for i in 0..<neurons where weight.learns(row, i) {
                    squares[i] += x[row * neurons + i] * x[row * neurons + i]
                    counts[i] += 1
                }
            }
            switch scaling {
            case .global:
                let count = counts.reduce(0, +)
                let rms = count > 0 ? (squares.reduce(0, +) / count).squareRoot() : 0
                guard rms > 0 else { try fail("activity is the same number in every counted entry after the steps above; there is no scale to divide by") }
                scales = [Double](repeating: rms, count: neurons)
                done.append("divided by its root mean square \(Self.number(rms))")
            case .neuron:
                var silent = 0
                for i in 0..<neurons {
                    let rms = counts[i] > 0 ? (squares[i] / counts[i]).squareRoot() : 0
                    if rms > 0 { scales[i] = rms } else { silent += 1 }
                }
                guard silent < neurons else {
                    try fail("every neuron is flat (the same number in every counted entry) after the steps above; there is no scale to divide by")
                }
                done.append("each neuron divided by its root mean square" + (silent > 0 ? " (\(silent) flat neuron\(silent == 1 ? "" : "s") left at 0)" : ""))
            case .none:
                break
            }
            for row in 0..<rows { for i in 0..<neurons { x[row * neurons + i] /= scales[i] } }
            if undenoised != nil { for row in 0..<rows { for i in 0..<neurons { undenoised![row * neurons + i] /= scales[i] } } }
        }
        if let learningTrials, learning.contains(false) {
            let learned = learningTrials.sorted().map(String.init).joined(separator: ", ")
            done.append("every statistic learned from trial\(learningTrials.count == 1 ? "" : "s") \(learned) only")
        }

        // Missing entries stay 0, as the loader stores them.
        for row in 0..<rows { for i in 0..<neurons where weight[row, i] == 0 { x[row * neurons + i] = 0 } }
        if undenoised != nil { for row in 0..<rows { for i in 0..<neurons where weight[row, i] == 0 { undenoised![row * neurons + i] = 0 } } }
        return Result(
            activity: Tensor3(trials, steps, neurons, storage: x.map { Float($0) }),
            undenoised: undenoised.map { Tensor3(trials, steps, neurons, storage: $0.map { Float($0) }) },
            neuronMeans: zip(means, divisors).map { $0 * $1 }, scales: zip(scales, divisors).map { $0 * $1 },
            explainedVariance: explained,
            summary: done.isEmpty ? "unchanged" : done.joined(separator: "; "))
    }

    /// x projected on the top `components` eigenvectors of the covariance of the learned,
    /// counted time steps, and the fraction of that covariance's variance they carry.
    private static func project(
        _ x: [Double], rows: Int, neurons: Int, components: Int, weight: Weights, fail: (String) throws -> Never
    ) throws -> ([Double], Double) {
        let counted = (0..<rows).filter { weight.learns($0, 0) }
        guard !counted.isEmpty else { try fail("mask counts no time step, so there is nothing to take principal components of") }
        var countedRows = [Double](repeating: 0, count: counted.count * neurons)
        for (k, row) in counted.enumerated() {
            for i in 0..<neurons { countedRows[k * neurons + i] = x[row * neurons + i] }
        }
        var covariance = Matrix<Double>(rows: neurons, columns: neurons)
        countedRows.withUnsafeBufferPointer { a in
            covariance.storage.withUnsafeMutableBufferPointer { c in
                Double.gemm(
                    .transposed, .none, m: neurons, n: neurons, k: counted.count, alpha: 1,
                    a: a.baseAddress!, lda: neurons, b: a.baseAddress!, ldb: neurons, beta: 0,
                    c: c.baseAddress!, ldc: neurons)
            }
        }
        let eigen = try LinearAlgebra.symmetricEigen(covariance)
        let total = eigen.eigenvalues.reduce(0) { $0 + max($1, 0) }
        let kept = (neurons - components)..<neurons  // eigenvalues come in increasing order
        let explained = total > 0 ? kept.reduce(0) { $0 + max(eigen.eigenvalues[$1], 0) } / total : 1
        // x ← (x V) Vᵀ with V the kept eigenvectors as columns (neurons × K).
        var basis = [Double](repeating: 0, count: neurons * components)
        for (k, column) in kept.enumerated() {
            for i in 0..<neurons { basis[i * components + k] = eigen.eigenvectors[i, column] }
        }
        var projected = x
        var coordinates = [Double](repeating: 0, count: rows * components)
        projected.withUnsafeMutableBufferPointer { xs in
            basis.withUnsafeBufferPointer { v in
                coordinates.withUnsafeMutableBufferPointer { c in
                    Double.gemm(
                        .none, .none, m: rows, n: components, k: neurons, alpha: 1,
                        a: xs.baseAddress!, lda: neurons, b: v.baseAddress!, ldb: components,
                        beta: 0, c: c.baseAddress!, ldc: components)
                    Double.gemm(
                        .none, .transposed, m: rows, n: neurons, k: components, alpha: 1,
                        a: c.baseAddress!, lda: components, b: v.baseAddress!, ldb: components,
                        beta: 0, c: xs.baseAddress!, ldc: neurons)
                }
            }
        }
        return (projected, explained)
    }

    /// Subtracts, at every (time, neuron), the mean over the learned trials that count there.
    private static func removeConditionMean(_ x: inout [Double], trials: Int, steps: Int, neurons: Int, weight: Weights) {
        for t in 0..<steps {
            for i in 0..<neurons {
                var total = 0.0, count = 0.0
                for trial in 0..<trials where weight.learns(trial * steps + t, i) {
                    total += x[(trial * steps + t) * neurons + i]
                    count += 1
                }
                guard count > 0 else { continue }
                let mean = total / count
                for trial in 0..<trials { x[(trial * steps + t) * neurons + i] -= mean }
            }
        }
    }

    static func percent(_ fraction: Double) -> String {
        let tenths = (fraction * 1000).rounded() / 10
        return "\(tenths) %"
    }

    static func number(_ value: Double) -> String {
        value >= 0.01 && value < 1e5 ? String((value * 1000).rounded() / 1000) : "\(Float(value))"
    }
}

/// The mask's weight of entry (row, neuron), where row = trial · T + t; 1 without a mask; and
/// which trials the statistics are learned from.
private struct Weights {
    let mask: Tensor3<Float>?
    let neurons: Int
    let steps: Int
    /// Whether each trial's entries are learned from.
    let learning: [Bool]

    init(mask: Tensor3<Float>?, neurons: Int, steps: Int, learning: [Bool]) {
        self.mask = mask
        self.neurons = neurons
        self.steps = steps
        self.learning = learning
    }

    /// Whether entry (row, neuron) counts and its trial is learned from.
    func learns(_ row: Int, _ neuron: Int) -> Bool {
        learning[row / steps] && self[row, neuron] > 0
    }

    /// Whether every time step counts all its neurons or none (no mask, a (trials, T) mask, or a
    /// per-neuron mask that never leaves out part of a step).
    var isPerStep: Bool {
        guard let mask, mask.dim2 > 1 else { return true }
        for row in 0..<(mask.dim0 * mask.dim1) {
            let counted = mask.storage[row * neurons] > 0
            for i in 1..<neurons where (mask.storage[row * neurons + i] > 0) != counted { return false }
        }
        return true
    }

    subscript(row: Int, neuron: Int) -> Float {
        guard let mask else { return 1 }
        return mask.storage[row * mask.dim2 + (mask.dim2 == 1 ? 0 : neuron)]
    }
}

/// A preparation that cannot be applied to the dataset as asked. The front ends word these in
/// terms of their own options; ``description`` is a plain fallback that names none.
public enum ActivityPreparationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `requested` principal components of data with `neurons` neurons (1…neurons can be kept).
    case componentCount(file: String, requested: Int, neurons: Int)
    /// Principal components with a mask that leaves out single neurons of a time step: they need
    /// every neuron of each counted step (a (trials, T) mask).
    case componentsOfPartialSteps(file: String)

    /// The dataset, as the user named it.
    public var file: String {
        switch self {
        case .componentCount(let file, _, _), .componentsOfPartialSteps(let file): file
        }
    }

    public var description: String {
        switch self {
        case .componentCount(let file, let requested, let neurons):
            "\(file): has \(neurons) neurons; \(requested) principal components need between 1 and \(neurons)"
        case .componentsOfPartialSteps(let file):
            "\(file): mask marks single neurons missing; principal components need every neuron of a time step (a (trials, T) mask)"
        }
    }
}
