// The per-step projections of a low-rank network: κ_t = nᵀ φ(x_t) / N in the forward pass and
// ∂κ_t = α mᵀ g_{t+1} in the backward pass, a handful of dot products of length N per trial
// (``BLASScalar/rowDots(rowCount:length:rows:columns:columnCount:scale:into:outStride:)``).
//
// They were GEMM calls of B × R × N. At a recording's size (7 trials, R = 3, N = 141) each call
// is about three thousand multiply–adds, and OpenBLAS's fixed cost per call dominated: 8 % of an
// M1 fit on AVX-512 (its small-matrix kernel), 14–17 % on AVX2, where OpenBLAS packs the
// operands first. Here a row is read once for up to four columns, in the same order on every
// CPU, so a fit no longer depends on which BLAS kernel the machine gets for these products.

extension Double {
    public static func rowDots(
        rowCount: Int, length: Int, rows: UnsafePointer<Double>, columns: UnsafePointer<Double>,
        columnCount: Int, scale: Double, into out: UnsafeMutablePointer<Double>, outStride: Int
    ) {
        for b in 0..<rowCount {
            for j in 0..<columnCount {
                var sum = 0.0
                for i in 0..<length { sum += rows[b * length + i] * columns[j * length + i] }
                out[b * outStride + j] = scale * sum
            }
        }
    }
}

extension Float {
    public static func rowDots(
        rowCount: Int, length: Int, rows: UnsafePointer<Float>, columns: UnsafePointer<Float>,
        columnCount: Int, scale: Float, into out: UnsafeMutablePointer<Float>, outStride: Int
    ) {
        for b in 0..<rowCount {
            let row = rows + b * length
            var first = 0
            while first < columnCount {
                let group = min(4, columnCount - first)
                let target = out + b * outStride + first
                let vectors = columns + first * length
                switch group {
                case 1: dotGroup(OneColumn.self, length, row, vectors, scale, target)
                case 2: dotGroup(TwoColumns.self, length, row, vectors, scale, target)
                case 3: dotGroup(ThreeColumns.self, length, row, vectors, scale, target)
                default: dotGroup(FourColumns.self, length, row, vectors, scale, target)
                }
                first += group
            }
        }
    }

    /// Up to four dot products of one row: one lane-wise sum per column over the row's chunks
    /// (the last one as ``ChunkLanes`` says), then the sum of its lanes.
    @inline(__always) private static func dotGroup<Columns: ColumnCount>(
        _: Columns.Type, _ length: Int, _ row: UnsafePointer<Float>, _ vectors: UnsafePointer<Float>,
        _ scale: Float, _ target: UnsafeMutablePointer<Float>
    ) {
        let count = Columns.value
        var sums = (Vector(), Vector(), Vector(), Vector())
        chunks(length) { i, lanes in
            let x = get(row + i, lanes)
            sums.0 += fresh(x * get(vectors + i, lanes), lanes)
            if count > 1 { sums.1 += fresh(x * get(vectors + length + i, lanes), lanes) }
            if count > 2 { sums.2 += fresh(x * get(vectors + 2 * length + i, lanes), lanes) }
            if count > 3 { sums.3 += fresh(x * get(vectors + 3 * length + i, lanes), lanes) }
        }
        target[0] = scale * lanesSum(sums.0)
        if count > 1 { target[1] = scale * lanesSum(sums.1) }
        if count > 2 { target[2] = scale * lanesSum(sums.2) }
        if count > 3 { target[3] = scale * lanesSum(sums.3) }
    }

    /// The sum of a vector's lanes, halves added to halves: inlined (the standard library's
    /// `sum()` stayed a call, 5 % of an M1 fit) and in an order written down here, the same on
    /// every CPU.
    @inline(__always) private static func lanesSum(_ v: Vector) -> Float {
        let eight = v.lowHalf + v.highHalf
        let four = eight.lowHalf + eight.highHalf
        let two = four.lowHalf + four.highHalf
        return two[0] + two[1]
    }
}
