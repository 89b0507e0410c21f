/// A dense row-major matrix stored contiguously: element (i, j) is at `i * columns + j`.
public struct Matrix<Scalar: BLASScalar>: Equatable, Sendable {
    public private(set) var rows: Int
    public private(set) var columns: Int
    public var storage: [Scalar]

    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.storage = Array(repeating: value, count: rows * columns)
    }

    public init(rows: Int, columns: Int, storage: [Scalar]) {
        precondition(storage.count == rows * columns, "storage does not match \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds a matrix from nested rows; every row must have the same length.
    public init(_ nested: [[Scalar]]) {
        let columns = nested.first?.count ?? 0
        precondition(nested.allSatisfy { $0.count == columns }, "ragged rows")
        self.init(rows: nested.count, columns: columns, storage: nested.flatMap { $0 })
    }

    public var shape: (rows: Int, columns: Int) { (rows, columns) }
    public var count: Int { storage.count }

    public subscript(row: Int, column: Int) -> Scalar {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    public func row(_ index: Int) -> [Scalar] {
        Array(storage[(index * columns)..<((index + 1) * columns)])
    }

    public func column(_ index: Int) -> [Scalar] {
        (0..<rows).map { storage[$0 * columns + index] }
    }

    public mutating func setColumn(_ index: Int, to values: [Scalar]) {
        precondition(values.count == rows)
        for i in 0..<rows { storage[i * columns + index] = values[i] }
    }

    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for i in 0..<rows {
            for j in 0..<columns { result.storage[j * rows + i] = storage[i * columns + j] }
        }
        return result
    }

    /// The same values in another precision.
    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> Matrix<Other> {
        Matrix<Other>(rows: rows, columns: columns, storage: storage.map { Other($0) })
    }

    public static func identity(_ size: Int) -> Matrix {
        var result = Matrix(rows: size, columns: size)
        for i in 0..<size { result[i, i] = 1 }
        return result
    }

    /// The first `count` columns.
    public func leadingColumns(_ count: Int) -> Matrix {
        precondition(count <= columns)
        var result = Matrix(rows: rows, columns: count)
        for i in 0..<rows {
            for j in 0..<count { result.storage[i * count + j] = storage[i * columns + j] }
        }
        return result
    }

    public var frobeniusNorm: Scalar {
        storage.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// Inlinable so that it is specialised where it is used: the generic `allSatisfy`, called
    /// through witness tables for every element, was 7 % of a small fit (a check per
    /// optimiser step).
    @inlinable public var allFinite: Bool {
        storage.withUnsafeBufferPointer { elements in
            for element in elements where !element.isFinite { return false }
            return true
        }
    }
}

extension Matrix {
    /// A · B (or with either operand transposed) through BLAS.
    public static func product(
        _ a: Matrix, _ b: Matrix, transposeA transA: Transpose = .none,
        transposeB transB: Transpose = .none
    ) -> Matrix {
        let m = transA == .none ? a.rows : a.columns
        let k = transA == .none ? a.columns : a.rows
        let kB = transB == .none ? b.rows : b.columns
        let n = transB == .none ? b.columns : b.rows
        precondition(k == kB, "inner dimensions differ: \(k) and \(kB)")
        var c = Matrix(rows: m, columns: n)
        guard m > 0, n > 0, k > 0 else { return c }
        a.storage.withUnsafeBufferPointer { pa in
            b.storage.withUnsafeBufferPointer { pb in
                c.storage.withUnsafeMutableBufferPointer { pc in
                    Scalar.gemm(
                        transA, transB, m: m, n: n, k: k, alpha: 1,
                        a: pa.baseAddress!, lda: a.columns, b: pb.baseAddress!, ldb: b.columns,
                        beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { product(lhs, rhs) }

    /// A · x for a vector x.
    public func applied(to vector: [Scalar]) -> [Scalar] {
        precondition(vector.count == columns)
        var result = [Scalar](repeating: 0, count: rows)
        guard rows > 0, columns > 0 else { return result }
        storage.withUnsafeBufferPointer { pa in
            vector.withUnsafeBufferPointer { px in
                result.withUnsafeMutableBufferPointer { py in
                    Scalar.gemv(
                        .none, m: rows, n: columns, alpha: 1, a: pa.baseAddress!, lda: columns,
                        x: px.baseAddress!, beta: 0, y: py.baseAddress!)
                }
            }
        }
        return result
    }
}
