import LintelNumerics

/// Ranges of latent values: what the fixed-point box and the flow plane are made to cover.
package enum LatentRanges {
    /// The finite values of component `c` of `tensor`, over every trial and step.
    static func range(of tensor: Tensor3<Double>, component c: Int) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for row in 0..<(tensor.dim0 * tensor.dim1) {
            let value = tensor.storage[row * tensor.dim2 + c]
            if value.isFinite {
                low = min(low, value)
                high = max(high, value)
            }
        }
        return low <= high ? low...high : nil
    }

    /// Per component, the range of every tensor's values, widened by `padding` × its width.
    static func ranges(of tensors: [Tensor3<Double>], padding: Double) -> [ClosedRange<Double>] {
        guard let rank = tensors.first?.dim2 else { return [] }
        return (0..<rank).map { r in
            let seen = tensors.compactMap { range(of: $0, component: r) }
            guard var total = seen.first else { return 0...0 }
            for other in seen.dropFirst() { total = union(total, other) }
            let pad = max((total.upperBound - total.lowerBound) * padding, 1e-3)
            return (total.lowerBound - pad)...(total.upperBound + pad)
        }
    }

    static func union(_ a: ClosedRange<Double>, _ b: ClosedRange<Double>) -> ClosedRange<Double> {
        min(a.lowerBound, b.lowerBound)...max(a.upperBound, b.upperBound)
    }

    static func union(_ a: [ClosedRange<Double>], _ b: [ClosedRange<Double>]) -> [ClosedRange<Double>] {
        b.count == a.count ? zip(a, b).map { union($0, $1) } : a
    }

    /// The finite values' range widened by 10 % each way (at least ±0.05); −1…1 without any.
    package static func padded(_ values: [Double]) -> ClosedRange<Double> {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return -1...1 }
        let pad = max((high - low) * 0.1, 0.05)
        return (low - pad)...(high + pad)
    }
}

extension Tensor3<Double> {
    /// Every value of component `c` (the last index), over the first two indices.
    package func column(_ c: Int) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(dim0 * dim1)
        for row in 0..<(dim0 * dim1) { values.append(storage[row * dim2 + c]) }
        return values
    }
}
