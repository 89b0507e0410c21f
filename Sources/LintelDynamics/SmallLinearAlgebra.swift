import LintelNumerics

/// Dense routines for the tiny systems of latent analyses (R × R, or d × d covariances), where a
/// LAPACK call costs more than the arithmetic. Row-major, Double.
enum SmallLinearAlgebra {
    /// Solves A x = b by Gaussian elimination with partial pivoting; nil when A is singular to
    /// working precision (a pivot below `relativePivot` × the largest entry).
    static func solve(_ a: Matrix<Double>, _ b: [Double], relativePivot: Double = 1e-13) -> [Double]? {
        let size = a.rows
        precondition(a.columns == size && b.count == size)
        var m = a.storage
        var x = b
        let largest = m.reduce(0) { max($0, abs($1)) }
        guard largest > 0, largest.isFinite else { return size == 0 ? [] : nil }
        for column in 0..<size {
            var pivotRow = column
            for row in (column + 1)..<max(column + 1, size) where abs(m[row * size + column]) > abs(m[pivotRow * size + column]) {
                pivotRow = row
            }
            let pivot = m[pivotRow * size + column]
            guard abs(pivot) > relativePivot * largest else { return nil }
            if pivotRow != column {
                for j in 0..<size { m.swapAt(pivotRow * size + j, column * size + j) }
                x.swapAt(pivotRow, column)
            }
            for row in (column + 1)..<max(column + 1, size) {
                let factor = m[row * size + column] / pivot
                if factor == 0 { continue }
                for j in column..<size { m[row * size + j] -= factor * m[column * size + j] }
                x[row] -= factor * x[column]
            }
        }
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = x[row]
            for j in (row + 1)..<max(row + 1, size) { sum -= m[row * size + j] * x[j] }
            x[row] = sum / m[row * size + row]
        }
        return x.allSatisfy(\.isFinite) ? x : nil
    }

    /// The lower Cholesky factor L (A = L Lᵀ) of a symmetric positive-definite matrix; nil when A
    /// is not positive definite.
    static func cholesky(_ a: Matrix<Double>) -> Matrix<Double>? {
        let size = a.rows
        var l = Matrix<Double>(rows: size, columns: size)
        for i in 0..<size {
            for j in 0...i {
                var sum = a[i, j]
                for k in 0..<j { sum -= l[i, k] * l[j, k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i, i] = sum.squareRoot()
                } else {
                    l[i, j] = sum / l[j, j]
                }
            }
        }
        return l
    }

    static func norm(_ v: [Double]) -> Double {
        v.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }
}
