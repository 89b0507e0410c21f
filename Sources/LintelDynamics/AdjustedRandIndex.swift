/// The adjusted Rand index of two labellings of the same items (Hubert & Arabie 1985): 1 for
/// identical partitions (whatever the label names), about 0 for independent ones.
package enum AdjustedRandIndex {
    package static func between(_ a: [Int], _ b: [Int]) -> Double {
        precondition(a.count == b.count, "the labellings must cover the same items")
        let n = a.count
        guard n >= 2 else { return 1 }
        var table: [Int: [Int: Int]] = [:]
        var rows: [Int: Int] = [:], columns: [Int: Int] = [:]
        for (x, y) in zip(a, b) {
            table[x, default: [:]][y, default: 0] += 1
            rows[x, default: 0] += 1
            columns[y, default: 0] += 1
        }
        func pairs(_ count: Int) -> Double { Double(count) * Double(count - 1) / 2 }
        let index = table.values.flatMap(\.values).reduce(0.0) { $0 + pairs($1) }
        let rowPairs = rows.values.reduce(0.0) { $0 + pairs($1) }
        let columnPairs = columns.values.reduce(0.0) { $0 + pairs($1) }
        let expected = rowPairs * columnPairs / pairs(n)
        let maximum = (rowPairs + columnPairs) / 2
        guard maximum - expected != 0 else { return 1 }
        return (index - expected) / (maximum - expected)
    }
}
