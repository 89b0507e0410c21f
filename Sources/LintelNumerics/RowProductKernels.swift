// The per-step gradient accumulation of a low-rank network's backward pass
// (``BLASScalar/accumulateRowProducts(rowCount:length:rows:weights:weightStride:columns:into:)``).
//
// A GEMM over all steps at the end of the backward pass has to pack the whole T·B × N trajectory
// of gradients (or rates), several megabytes, to multiply it by a handful of columns: with
// N = 512, R = 1 and K = 4 that packing was a fifth of a training step. Done step by step, the
// step's B rows are read from cache right after the time loop wrote them.

extension Double {
    public static func accumulateRowProducts(
        rowCount: Int, length: Int, rows: UnsafePointer<Double>, weights: UnsafePointer<Double>,
        weightStride: Int, columns: Int, into accumulator: UnsafeMutablePointer<Double>
    ) {
        for j in 0..<columns {
            let target = accumulator + j * length
            for b in 0..<rowCount {
                let weight = weights[b * weightStride + j]
                let row = rows + b * length
                for i in 0..<length { target[i] += row[i] * weight }
            }
        }
    }
}

extension Float {
    public static func accumulateRowProducts(
        rowCount: Int, length: Int, rows: UnsafePointer<Float>, weights: UnsafePointer<Float>,
        weightStride: Int, columns: Int, into accumulator: UnsafeMutablePointer<Float>
    ) {
        for j in 0..<columns {
            let target = accumulator + j * length
            chunks(length) { i, n in
                // Four partial sums over the rows, so that consecutive multiply–adds do not
                // wait for each other.
                var sums = (Vector(), Vector(), Vector(), Vector())
                var b = 0
                while b + 4 <= rowCount {
                    sums.0 += get(rows + b * length + i, n) * weights[b * weightStride + j]
                    sums.1 += get(rows + (b + 1) * length + i, n) * weights[(b + 1) * weightStride + j]
                    sums.2 += get(rows + (b + 2) * length + i, n) * weights[(b + 2) * weightStride + j]
                    sums.3 += get(rows + (b + 3) * length + i, n) * weights[(b + 3) * weightStride + j]
                    b += 4
                }
                while b < rowCount {
                    sums.0 += get(rows + b * length + i, n) * weights[b * weightStride + j]
                    b += 1
                }
                put(get(target + i, n) + ((sums.0 + sums.1) + (sums.2 + sums.3)), target + i, n)
            }
        }
    }
}
