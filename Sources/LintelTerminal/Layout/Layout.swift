/// How `Rect.split` sizes its parts: the `Constraint` rules, solved for a total length.
enum Layout {
    static func sizes(total: Int, constraints: [Constraint], spacing: Int) -> [Int] {
        let n = constraints.count
        guard n > 0 else { return [] }
        let available = max(0, total - max(0, spacing) * (n - 1))
        var sizes = [Int](repeating: 0, count: n)
        var weights = [Int](repeating: 0, count: n)
        for (i, constraint) in constraints.enumerated() {
            switch constraint {
            case .length(let k): sizes[i] = max(0, k)
            case .percentage(let p): sizes[i] = available * Swift.min(Swift.max(p, 0), 100) / 100
            case .ratio(let a, let b): sizes[i] = b > 0 ? Swift.min(available, available * Swift.max(a, 0) / b) : 0
            case .min(let k):
                sizes[i] = max(0, k)
                weights[i] = 1
            case .fill(let w): weights[i] = Swift.max(0, w)
            }
        }
        var remaining = available - sizes.reduce(0, +)
        if remaining < 0 {
            // Cut from the end until the fixed parts fit.
            var i = n - 1
            while remaining < 0 && i >= 0 {
                let cut = Swift.min(sizes[i], -remaining)
                sizes[i] -= cut
                remaining += cut
                i -= 1
            }
            return sizes
        }
        let totalWeight = weights.reduce(0, +)
        if totalWeight > 0 && remaining > 0 {
            var shares = weights.map { remaining * $0 / totalWeight }
            var leftover = remaining - shares.reduce(0, +)
            for i in 0..<n where leftover > 0 && weights[i] > 0 {
                shares[i] += 1
                leftover -= 1
            }
            for i in 0..<n { sizes[i] += shares[i] }
        }
        return sizes
    }
}
