import LintelNumerics

/// How well predicted activity matches data (docs/METHOD.md §3), over the unmasked entries.
public struct FitScores: Sendable, Equatable, Codable {
    /// 1 − SSE / Σ (y − ȳ)² over all unmasked (trial, time, neuron) entries, ȳ the grand mean.
    public var globalR2: Double
    /// Per neuron over its unmasked (trial, time) entries; nil for a neuron with no variance.
    public var perNeuronR2: [Double?]
    /// Mean over unmasked entries of (ŷ − y)².
    public var meanSquaredError: Double
    /// Each neuron's variance over its unmasked entries (its weighted mean squared deviation
    /// from its own mean); nil in scores made without it, and then no neuron is below the floor.
    public var neuronVariances: [Double]? = nil

    /// The fraction of the median neuron's variance below which a neuron's R² says nothing: a
    /// near-silent neuron's R² divides its errors by almost nothing (−5000 on M1's held-out
    /// reaches), so it is left out of ``medianR2`` and counted in ``neuronsBelowFloor``.
    public static let varianceFloorFraction = 0.01

    /// Whether each neuron's variance is below the floor: under 1 % of the median variance of
    /// the neurons that have entries (all false without ``neuronVariances``).
    public var belowFloor: [Bool] {
        guard let neuronVariances else { return [Bool](repeating: false, count: perNeuronR2.count) }
        let floor = Self.varianceFloorFraction * Self.median(neuronVariances.filter { $0 > 0 })
        return neuronVariances.map { !($0 > 0) || $0 < floor }
    }

    /// The neurons whose variance is below the floor (each with R² nil or left out of the median).
    public var neuronsBelowFloor: Int { belowFloor.filter { $0 }.count }

    /// The median of the defined per-neuron R² of the neurons above the variance floor (the mean
    /// is dominated by a few badly fit neurons, and near-silent ones have meaningless R²).
    public var medianR2: Double {
        let below = belowFloor
        let values = perNeuronR2.indices.compactMap { below[$0] ? nil : perNeuronR2[$0] }
        return Self.median(values)
    }

    static func median(_ unsorted: [Double]) -> Double {
        let values = unsorted.sorted()
        guard !values.isEmpty else { return .nan }
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }

    /// Scores of `predicted` against `observed`, both (trials, T, neurons); `mask` is
    /// (trials, T, neurons) or (trials, T, 1) weights, nil for all ones.
    public static func compute<Scalar: BLASScalar>(
        predicted: Tensor3<Scalar>, observed: Tensor3<Scalar>, mask: Tensor3<Scalar>? = nil
    ) -> FitScores {
        compute(predicted: predicted, observed: observed, statistics: ObservedStatistics(observed, mask: mask))
    }

    /// The same scores with the observed activity's statistics computed once, for trials that
    /// are scored again and again (a fit's validation trials, every epoch): only the errors
    /// are summed here.
    public static func compute<Scalar: BLASScalar>(
        predicted: Tensor3<Scalar>, observed: Tensor3<Scalar>, statistics: ObservedStatistics<Scalar>
    ) -> FitScores {
        precondition(predicted.shape == observed.shape, "predicted and observed differ in shape")
        let neurons = statistics.neurons
        precondition(observed.dim2 == neurons, "statistics of other activity")
        var errors = [Double](repeating: 0, count: neurons)
        guard observed.count > 0 else { return scores(errors: errors, statistics: statistics) }
        predicted.storage.withUnsafeBufferPointer { p in
            observed.storage.withUnsafeBufferPointer { y in
                errors.withUnsafeMutableBufferPointer { sums in
                    statistics.sumSquaredErrors(
                        rows: 0..<(observed.dim0 * observed.dim1), predictedRow: { p.baseAddress! + $0 * neurons },
                        observed: y.baseAddress!, into: sums.baseAddress!)
                }
            }
        }
        return scores(errors: errors, statistics: statistics)
    }

    /// The scores from each neuron's sum of (weighted) squared errors.
    static func scores<Scalar: BLASScalar>(errors: [Double], statistics: ObservedStatistics<Scalar>) -> FitScores {
        let neurons = statistics.neurons
        let perNeuron: [Double?] = (0..<neurons).map { i in
            statistics.weight[i] > 0 && statistics.deviations[i] > 0 ? 1 - errors[i] / statistics.deviations[i] : nil
        }
        let sse = errors.reduce(0, +)
        let totalWeight = statistics.totalWeight
        return FitScores(
            globalR2: statistics.grandTotal > 0 ? 1 - sse / statistics.grandTotal : .nan,
            perNeuronR2: perNeuron,
            meanSquaredError: totalWeight > 0 ? sse / totalWeight : .nan,
            neuronVariances: (0..<neurons).map { i in
                statistics.weight[i] > 0 ? statistics.deviations[i] / statistics.weight[i] : 0
            })
    }
}

/// What ``FitScores`` needs of the observed activity alone: per neuron its weight and sum of
/// squared deviations from its mean, and the sum of squared deviations from the grand mean.
public struct ObservedStatistics<Scalar: BLASScalar>: Sendable {
    let neurons: Int
    let mask: Tensor3<Scalar>?
    let weight: [Double]
    let deviations: [Double]
    let totalWeight: Double
    let grandTotal: Double

    public init(_ observed: Tensor3<Scalar>, mask: Tensor3<Scalar>?) {
        let neurons = observed.dim2
        let rows = observed.dim0 * observed.dim1
        let maskWidth = mask?.dim2 ?? 1
        precondition(mask.map { $0.dim0 == observed.dim0 && $0.dim1 == observed.dim1 } ?? true)
        precondition(maskWidth == 1 || maskWidth == neurons, "mask must be per step or per neuron")
        self.neurons = neurons
        self.mask = mask

        // Two passes (means, then squared deviations) so that a large mean cannot cancel away
        // the variance.
        func weightAt(_ row: Int, _ i: Int) -> Double {
            mask.map { Double($0.storage[row * maskWidth + (maskWidth == 1 ? 0 : i)]) } ?? 1
        }
        var weight = [Double](repeating: 0, count: neurons)
        var sum = [Double](repeating: 0, count: neurons)
        for row in 0..<rows {
            for i in 0..<neurons {
                let w = weightAt(row, i)
                if w == 0 { continue }
                let y = Double(observed.storage[row * neurons + i])
                weight[i] += w
                sum[i] += w * y
            }
        }
        let totalWeight = weight.reduce(0, +)
        let grandMean = sum.reduce(0, +) / max(totalWeight, .leastNonzeroMagnitude)
        let neuronMean = (0..<neurons).map { weight[$0] > 0 ? sum[$0] / weight[$0] : 0 }
        var deviations = [Double](repeating: 0, count: neurons)
        var grandTotal = 0.0
        for row in 0..<rows {
            for i in 0..<neurons {
                let w = weightAt(row, i)
                if w == 0 { continue }
                let y = Double(observed.storage[row * neurons + i])
                deviations[i] += w * (y - neuronMean[i]) * (y - neuronMean[i])
                grandTotal += w * (y - grandMean) * (y - grandMean)
            }
        }
        self.weight = weight
        self.deviations = deviations
        self.totalWeight = totalWeight
        self.grandTotal = grandTotal
    }

    /// errors[i] += Σ w (ŷ − y)² over neuron i's entries of the observed rows `rows` (row r is
    /// trial r / T, step r % T), row by row; the prediction of row r is at `predictedRow(r)`, so
    /// it can be read where a forward pass left it.
    @inline(__always)
    func sumSquaredErrors(
        rows: Range<Int>, predictedRow: (Int) -> UnsafePointer<Scalar>, observed y: UnsafePointer<Scalar>,
        into sums: UnsafeMutablePointer<Double>
    ) {
        let neurons = self.neurons
        if Scalar.self == Float.self, (mask?.dim2 ?? 1) == 1 {
            func run(_ weights: UnsafePointer<Float>?) {
                Self.sumSquaredErrorsOfFloats(
                    rows: rows, neurons: neurons,
                    predictedRow: { UnsafeRawPointer(predictedRow($0)).assumingMemoryBound(to: Float.self) },
                    observed: UnsafeRawPointer(y).assumingMemoryBound(to: Float.self), weights: weights, into: sums)
            }
            guard let mask else { return run(nil) }
            mask.storage.withUnsafeBufferPointer { run(UnsafeRawPointer($0.baseAddress)?.assumingMemoryBound(to: Float.self)) }
            return
        }
        guard let mask else {
            // w = 1, and (1 · e) · e is e · e exactly: the same sums as the masked form.
            for row in rows {
                let p = predictedRow(row)
                let base = row * neurons
                for i in 0..<neurons {
                    let e = Double(p[i]) - Double(y[base + i])
                    sums[i] += e * e
                }
            }
            return
        }
        let maskWidth = mask.dim2
        mask.storage.withUnsafeBufferPointer { weights in
            for row in rows {
                let p = predictedRow(row)
                let base = row * neurons
                for i in 0..<neurons {
                    let w = Double(weights[row * maskWidth + (maskWidth == 1 ? 0 : i)])
                    if w == 0 { continue }
                    let e = Double(p[i]) - Double(y[base + i])
                    sums[i] += w * e * e
                }
            }
        }
    }

    /// ``sumSquaredErrors(rows:predictedRow:observed:into:)`` for Float activity without a mask
    /// or with one weight per step, eight neurons at a time: each lane sums its own neuron in the
    /// same order with the same operations (e = ŷ − y in Float64, then w · e · e), so the sums
    /// are the scalar loop's to the bit.
    @inline(__always)
    static func sumSquaredErrorsOfFloats(
        rows: Range<Int>, neurons: Int, predictedRow: (Int) -> UnsafePointer<Float>, observed y: UnsafePointer<Float>,
        weights: UnsafePointer<Float>?, into sums: UnsafeMutablePointer<Double>
    ) {
        typealias Lanes = SIMD8<Double>
        for row in rows {
            let w = weights.map { Double($0[row]) }
            if w == 0 { continue }
            let p = predictedRow(row)
            let q = y + row * neurons
            var i = 0
            while i + Lanes.scalarCount <= neurons {
                let e = Lanes(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self))
                    - Lanes(UnsafeRawPointer(q + i).loadUnaligned(as: SIMD8<Float>.self))
                let term = w.map { ($0 * e) * e } ?? e * e
                let total = UnsafeRawPointer(sums + i).loadUnaligned(as: Lanes.self) + term
                UnsafeMutableRawPointer(sums + i).storeBytes(of: total, as: Lanes.self)
                i += Lanes.scalarCount
            }
            while i < neurons {
                let e = Double(p[i]) - Double(q[i])
                sums[i] += w.map { $0 * e * e } ?? e * e
                i += 1
            }
        }
    }
}

extension FitScores {
    /// ``compute(predicted:observed:mask:)`` in double precision, for callers outside the engine:
    /// a concrete entry point, so that the generic scoring is specialised here instead of running
    /// through generic metadata for every entry (which made pooled scores of large sweeps take
    /// tens of seconds).
    package static func computeDouble(predicted: Tensor3<Double>, observed: Tensor3<Double>, mask: Tensor3<Double>?) -> FitScores {
        compute(predicted: predicted, observed: observed, mask: mask)
    }
}
