import LintelNumerics
import Testing

@Suite("Row-product kernels")
struct RowProductKernelTests {
    /// accumulator[j · length + i] + Σ_b rows[b · length + i] · weights[b · stride + j], in Double.
    private static func reference(
        rowCount: Int, length: Int, rows: [Float], weights: [Float], stride: Int, columns: Int,
        start: [Float]
    ) -> [Double] {
        var result = start.map(Double.init)
        for j in 0..<columns {
            for i in 0..<length {
                for b in 0..<rowCount {
                    result[j * length + i] += Double(rows[b * length + i]) * Double(weights[b * stride + j])
                }
            }
        }
        return result
    }

    @Test(
        "Float and Double add Σ_b rows ⊗ weights to what is there, for any length, row count and width",
        arguments: [(1, 1, 1), (15, 3, 2), (16, 4, 5), (17, 7, 3), (37, 32, 1), (512, 9, 6), (33, 7, 5), (40, 32, 9)])
    func againstReference(length: Int, rowCount: Int, columns: Int) {
        var random = SeededRandom(seed: UInt64(length * 100 + rowCount * 10 + columns))
        let stride = columns + 2  // the weights of one row are followed by numbers to skip
        let rows: [Float] = random.gaussians(rowCount * length)
        let weights: [Float] = random.gaussians(rowCount * stride)
        let start: [Float] = random.gaussians(columns * length)
        let expected = Self.reference(
            rowCount: rowCount, length: length, rows: rows, weights: weights, stride: stride,
            columns: columns, start: start)

        var single = start
        single.withUnsafeMutableBufferPointer { out in
            Float.accumulateRowProducts(
                rowCount: rowCount, length: length, rows: rows, weights: weights, weightStride: stride,
                columns: columns, into: out.baseAddress!)
        }
        var double = start.map(Double.init)
        double.withUnsafeMutableBufferPointer { out in
            Double.accumulateRowProducts(
                rowCount: rowCount, length: length, rows: rows.map(Double.init),
                weights: weights.map(Double.init), weightStride: stride, columns: columns,
                into: out.baseAddress!)
        }
        let scale = Double(rowCount).squareRoot() + 1
        for index in expected.indices {
            #expect(abs(Double(single[index]) - expected[index]) <= 2e-6 * scale, "Float, entry \(index)")
            #expect(abs(double[index] - expected[index]) <= 1e-12 * scale, "Double, entry \(index)")
        }
    }

    @Test("five columns in one pass sum exactly as four columns and then the fifth", arguments: [4, 7, 32])
    func fiveColumnsAsFourAndOne(rowCount: Int) {
        var random = SeededRandom(seed: UInt64(rowCount))
        let length = 37
        let stride = 6
        let rows: [Float] = random.gaussians(rowCount * length)
        let weights: [Float] = random.gaussians(rowCount * stride)
        let start: [Float] = random.gaussians(5 * length)
        var together = start
        Float.accumulateRowProducts(
            rowCount: rowCount, length: length, rows: rows, weights: weights, weightStride: stride,
            columns: 5, into: &together)
        var apart = start
        apart.withUnsafeMutableBufferPointer { out in
            Float.accumulateRowProducts(
                rowCount: rowCount, length: length, rows: rows, weights: weights, weightStride: stride,
                columns: 4, into: out.baseAddress!)
            weights.withUnsafeBufferPointer { w in
                Float.accumulateRowProducts(
                    rowCount: rowCount, length: length, rows: rows, weights: w.baseAddress! + 4,
                    weightStride: stride, columns: 1, into: out.baseAddress! + 4 * length)
            }
        }
        #expect(together == apart)
    }
}
