import LintelNumerics

/// How well predicted activity matches data (METHOD.md §3), over the unmasked entries.
public struct FitScores: Sendable, Equatable, Codable {
    /// 1 − SSE / Σ (y − ȳ)² over all unmasked (trial, time, neuron) entries, ȳ the grand mean.
    public var globalR2: Double
    /// Per neuron over its unmasked (trial, time) entries; nil for a neuron with no variance.
    public var perNeuronR2: [Double?]
    /// Mean over unmasked entries of (ŷ − y)².
    public var meanSquaredError: Double

    /// The median of the defined per-neuron R² (the mean is dominated by a few badly fit neurons).
    public var medianR2: Double {
        let values = perNeuronR2.compactMap { $0 }.sorted()
        guard !values.isEmpty else { return .nan }
        let middle = values.count / 2
        return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }

    /// Scores of `predicted` against `observed`, both (trials, T, neurons); `mask` is
    /// (trials, T, neurons) or (trials, T, 1) weights, nil for all ones.
    public static func compute<Scalar: BLASScalar>(
        predicted: Tensor3<Scalar>, observed: Tensor3<Scalar>, mask: Tensor3<Scalar>? = nil
    ) -> FitScores {
        precondition(predicted.shape == observed.shape, "predicted and observed differ in shape")
        let neurons = observed.dim2
        let rows = observed.dim0 * observed.dim1
        let maskWidth = mask?.dim2 ?? 1
        precondition(mask.map { $0.dim0 == observed.dim0 && $0.dim1 == observed.dim1 } ?? true)
        precondition(maskWidth == 1 || maskWidth == neurons, "mask must be per step or per neuron")

        // Two passes (means, then squared deviations) so that a large mean cannot cancel away
        // the variance.
        func weightAt(_ row: Int, _ i: Int) -> Double {
            mask.map { Double($0.storage[row * maskWidth + (maskWidth == 1 ? 0 : i)]) } ?? 1
        }
        var weight = [Double](repeating: 0, count: neurons)
        var sum = [Double](repeating: 0, count: neurons)
        var errors = [Double](repeating: 0, count: neurons)
        for row in 0..<rows {
            for i in 0..<neurons {
                let w = weightAt(row, i)
                if w == 0 { continue }
                let y = Double(observed.storage[row * neurons + i])
                let e = Double(predicted.storage[row * neurons + i]) - y
                weight[i] += w
                sum[i] += w * y
                errors[i] += w * e * e
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
        let perNeuron: [Double?] = (0..<neurons).map { i in
            weight[i] > 0 && deviations[i] > 0 ? 1 - errors[i] / deviations[i] : nil
        }
        let sse = errors.reduce(0, +)
        return FitScores(
            globalR2: grandTotal > 0 ? 1 - sse / grandTotal : .nan,
            perNeuronR2: perNeuron,
            meanSquaredError: totalWeight > 0 ? sse / totalWeight : .nan)
    }
}
