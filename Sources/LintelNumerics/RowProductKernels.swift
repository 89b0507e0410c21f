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
        // Up to eight columns share one read of the rows: each row vector is loaded once and
        // multiplied by all of them. Past that, groups of eight. Every column of a group has
        // its own sum over the rows in order, so how the columns are grouped does not change a
        // bit of the result; a single column has four partial sums (``accumulateOne``), and five
        // keep that for their fifth.
        var first = 0
        while first < columns {
            let group = min(8, columns - first)
            let w = weights + first, target = accumulator + first * length
            switch group {
            case 1: accumulateOne(rowCount, length, rows, w, weightStride, target)
            case 2: accumulateGroup(TwoColumns.self, rowCount, length, rows, w, weightStride, target)
            case 3: accumulateGroup(ThreeColumns.self, rowCount, length, rows, w, weightStride, target)
            case 4: accumulateGroup(FourColumns.self, rowCount, length, rows, w, weightStride, target)
            // R = 1 with K = 4 inputs (the CDM setting).
            case 5: accumulateFourAndOne(rowCount, length, rows, w, weightStride, target)
            case 6: accumulateGroup(SixColumns.self, rowCount, length, rows, w, weightStride, target)
            case 7: accumulateGroup(SevenColumns.self, rowCount, length, rows, w, weightStride, target)
            default: accumulateGroup(EightColumns.self, rowCount, length, rows, w, weightStride, target)
            }
            first += group
        }
    }

    /// One column: four partial sums over the rows, so that consecutive multiply–adds do not
    /// wait for each other.
    @inline(__always) private static func accumulateOne(
        _ rowCount: Int, _ length: Int, _ rows: UnsafePointer<Float>, _ weights: UnsafePointer<Float>,
        _ stride: Int, _ target: UnsafeMutablePointer<Float>
    ) {
        chunks(length) { i, n in
            var sums = (Vector(), Vector(), Vector(), Vector())
            var b = 0
            while b + 4 <= rowCount {
                sums.0 += get(rows + b * length + i, n) * weights[b * stride]
                sums.1 += get(rows + (b + 1) * length + i, n) * weights[(b + 1) * stride]
                sums.2 += get(rows + (b + 2) * length + i, n) * weights[(b + 2) * stride]
                sums.3 += get(rows + (b + 3) * length + i, n) * weights[(b + 3) * stride]
                b += 4
            }
            while b < rowCount {
                sums.0 += get(rows + b * length + i, n) * weights[b * stride]
                b += 1
            }
            put(get(target + i, n) + ((sums.0 + sums.1) + (sums.2 + sums.3)), target + i, n)
        }
    }

    /// Five columns in one read of the rows: the first four as ``accumulateGroup`` sums them and
    /// the fifth as ``accumulateOne`` does (four partial sums by row), so the sums are the same
    /// to the bit as a group of four followed by one column.
    @inline(__always) private static func accumulateFourAndOne(
        _ rowCount: Int, _ length: Int, _ rows: UnsafePointer<Float>, _ weights: UnsafePointer<Float>,
        _ stride: Int, _ target: UnsafeMutablePointer<Float>
    ) {
        chunks(length) { i, n in
            var sums = (Vector(), Vector(), Vector(), Vector())
            var fifth = (Vector(), Vector(), Vector(), Vector())
            @inline(__always) func add(_ b: Int, _ partial: inout Vector) {
                let row = get(rows + b * length + i, n)
                let w = weights + b * stride
                sums.0 += row * w[0]
                sums.1 += row * w[1]
                sums.2 += row * w[2]
                sums.3 += row * w[3]
                partial += row * w[4]
            }
            var b = 0
            while b + 4 <= rowCount {
                add(b, &fifth.0)
                add(b + 1, &fifth.1)
                add(b + 2, &fifth.2)
                add(b + 3, &fifth.3)
                b += 4
            }
            while b < rowCount {
                add(b, &fifth.0)
                b += 1
            }
            addColumn(sums.0, 0, target, length, i, n)
            addColumn(sums.1, 1, target, length, i, n)
            addColumn(sums.2, 2, target, length, i, n)
            addColumn(sums.3, 3, target, length, i, n)
            addColumn((fifth.0 + fifth.1) + (fifth.2 + fifth.3), 4, target, length, i, n)
        }
    }

    /// 2–8 columns (not 5), each with its own sum (independent chains already), the count known
    /// at compile time so that the sums stay in registers.
    @inline(__always) private static func accumulateGroup<Count: ColumnCount>(
        _: Count.Type, _ rowCount: Int, _ length: Int, _ rows: UnsafePointer<Float>,
        _ weights: UnsafePointer<Float>, _ stride: Int, _ target: UnsafeMutablePointer<Float>
    ) {
        let columns = Count.value
        chunks(length) { i, n in
            var sums = (Vector(), Vector(), Vector(), Vector(), Vector(), Vector(), Vector(), Vector())
            for b in 0..<rowCount {
                let row = get(rows + b * length + i, n)
                let w = weights + b * stride
                sums.0 += row * w[0]
                sums.1 += row * w[1]
                if columns > 2 { sums.2 += row * w[2] }
                if columns > 3 { sums.3 += row * w[3] }
                if columns > 4 { sums.4 += row * w[4] }
                if columns > 5 { sums.5 += row * w[5] }
                if columns > 6 { sums.6 += row * w[6] }
                if columns > 7 { sums.7 += row * w[7] }
            }
            addColumn(sums.0, 0, target, length, i, n)
            addColumn(sums.1, 1, target, length, i, n)
            if columns > 2 { addColumn(sums.2, 2, target, length, i, n) }
            if columns > 3 { addColumn(sums.3, 3, target, length, i, n) }
            if columns > 4 { addColumn(sums.4, 4, target, length, i, n) }
            if columns > 5 { addColumn(sums.5, 5, target, length, i, n) }
            if columns > 6 { addColumn(sums.6, 6, target, length, i, n) }
            if columns > 7 { addColumn(sums.7, 7, target, length, i, n) }
        }
    }

    /// Adds a chunk's sum of column j (lanes i ..< i + n) to that column's row of the target.
    @inline(__always) private static func addColumn(
        _ sum: Vector, _ j: Int, _ target: UnsafeMutablePointer<Float>, _ length: Int, _ i: Int, _ n: ChunkLanes
    ) {
        put(get(target + j * length + i, n) + sum, target + j * length + i, n)
    }
}
