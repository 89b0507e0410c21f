import LintelNumerics
import Testing

/// The per-step projections of a low-rank network (κ = nᵀ φ / N, ∂κ = α mᵀ g) against the same
/// dot products summed one by one in Double.
@Suite("Row dot products")
struct RowDotKernelTests {
    @Test("each row's dot products with each column, scaled, land at their place", arguments: [5, 16, 17, 141, 300])
    func againstDouble(length: Int) {
        let rowCount = 7
        let rows = RowTailTests.values(rowCount * length, seed: 40)
        for columnCount in 1...9 {
            let columns = RowTailTests.values(columnCount * length, seed: 41 + columnCount)
            let outStride = columnCount + 2
            var out = [Float](repeating: .nan, count: rowCount * outStride)
            Float.rowDots(
                rowCount: rowCount, length: length, rows: rows, columns: columns, columnCount: columnCount,
                scale: 0.25, into: &out, outStride: outStride)
            var out64 = [Double](repeating: .nan, count: rowCount * outStride)
            Double.rowDots(
                rowCount: rowCount, length: length, rows: rows.map(Double.init), columns: columns.map(Double.init),
                columnCount: columnCount, scale: 0.25, into: &out64, outStride: outStride)
            for b in 0..<rowCount {
                for j in 0..<columnCount {
                    var exact = 0.0, magnitude = 0.0
                    for i in 0..<length {
                        let term = Double(rows[b * length + i]) * Double(columns[j * length + i])
                        exact += term
                        magnitude += abs(term)
                    }
                    exact *= 0.25
                    #expect(abs(out64[b * outStride + j] - exact) <= 1e-12 * magnitude)
                    #expect(abs(Double(out[b * outStride + j]) - exact) <= 1e-6 * magnitude, "row \(b), column \(j) of \(columnCount)")
                }
                for j in columnCount..<outStride { #expect(out[b * outStride + j].isNaN, "nothing written past the columns") }
            }
        }
    }
}
