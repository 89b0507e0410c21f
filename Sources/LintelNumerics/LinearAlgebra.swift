/// A LAPACK routine that did not converge or was given a singular system.
public struct LinearAlgebraError: Error, CustomStringConvertible, Sendable {
    public let routine: String
    public let info: Int32

    public var description: String {
        info > 0
            ? "\(routine) did not converge or met a singular matrix (info \(info))"
            : "\(routine) rejected argument \(-info)"
    }
}

/// The thin singular value decomposition A = U diag(S) Vᵀ with singular values in decreasing order.
public struct SingularValueDecomposition<Scalar: BLASScalar>: Sendable {
    /// m × k with orthonormal columns, k = min(m, n).
    public var u: Matrix<Scalar>
    public var singularValues: [Scalar]
    /// k × n with orthonormal rows.
    public var vt: Matrix<Scalar>
}

/// Eigenvalues in increasing order and the matching unit eigenvectors as columns.
public struct SymmetricEigendecomposition<Scalar: BLASScalar>: Sendable {
    public var eigenvalues: [Scalar]
    public var eigenvectors: Matrix<Scalar>
}

/// Dense linear algebra on row-major matrices through LAPACK (which works column-major: a
/// row-major matrix is its own transpose in column-major order, which the routines below use).
public enum LinearAlgebra {
    public static func svd<Scalar: BLASScalar>(_ a: Matrix<Scalar>) throws
        -> SingularValueDecomposition<Scalar>
    {
        let m = a.rows, n = a.columns, k = min(m, n)
        guard k > 0 else {
            return .init(
                u: Matrix(rows: m, columns: 0), singularValues: [], vt: Matrix(rows: 0, columns: n))
        }
        // LAPACK sees Aᵀ (n × m, column-major) = V S Uᵀ: its "U" is our V and its "Vᵀ" is our Uᵀ.
        var work = a.storage
        var singular = [Scalar](repeating: 0, count: k)
        var lapackU = [Scalar](repeating: 0, count: n * k)  // n × k column-major = Vᵀ row-major
        var lapackVT = [Scalar](repeating: 0, count: k * m)  // k × m column-major = U row-major
        var iwork = [Int32](repeating: 0, count: 8 * k)
        let info: Int32 = try work.withUnsafeMutableBufferPointer { pa in
            try singular.withUnsafeMutableBufferPointer { ps in
                try lapackU.withUnsafeMutableBufferPointer { pu in
                    try lapackVT.withUnsafeMutableBufferPointer { pvt in
                        try iwork.withUnsafeMutableBufferPointer { pi in
                            var query: Scalar = 0
                            let queryInfo = Scalar.gesdd(
                                jobz: UInt8(ascii: "S"), m: Int32(n), n: Int32(m),
                                a: pa.baseAddress!, lda: Int32(n), s: ps.baseAddress!,
                                u: pu.baseAddress!, ldu: Int32(n), vt: pvt.baseAddress!,
                                ldvt: Int32(k), work: &query, lwork: -1, iwork: pi.baseAddress!)
                            guard queryInfo == 0 else {
                                throw LinearAlgebraError(routine: "gesdd", info: queryInfo)
                            }
                            var buffer = [Scalar](repeating: 0, count: Int(query) + 1)
                            return buffer.withUnsafeMutableBufferPointer { pw in
                                Scalar.gesdd(
                                    jobz: UInt8(ascii: "S"), m: Int32(n), n: Int32(m),
                                    a: pa.baseAddress!, lda: Int32(n), s: ps.baseAddress!,
                                    u: pu.baseAddress!, ldu: Int32(n), vt: pvt.baseAddress!,
                                    ldvt: Int32(k), work: pw.baseAddress!, lwork: Int32(pw.count),
                                    iwork: pi.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError(routine: "gesdd", info: info) }
        return .init(
            u: Matrix(rows: m, columns: k, storage: lapackVT),
            singularValues: singular,
            vt: Matrix(rows: k, columns: n, storage: lapackU))
    }

    public static func symmetricEigen<Scalar: BLASScalar>(_ a: Matrix<Scalar>) throws
        -> SymmetricEigendecomposition<Scalar>
    {
        precondition(a.rows == a.columns, "symmetricEigen needs a square matrix")
        let n = a.rows
        guard n > 0 else { return .init(eigenvalues: [], eigenvectors: a) }
        var work = a.storage
        var values = [Scalar](repeating: 0, count: n)
        let info: Int32 = work.withUnsafeMutableBufferPointer { pa in
            values.withUnsafeMutableBufferPointer { pw in
                var query: Scalar = 0
                _ = Scalar.syev(
                    n: Int32(n), a: pa.baseAddress!, lda: Int32(n), w: pw.baseAddress!,
                    work: &query, lwork: -1)
                var buffer = [Scalar](repeating: 0, count: max(Int(query), 3 * n))
                return buffer.withUnsafeMutableBufferPointer { pb in
                    Scalar.syev(
                        n: Int32(n), a: pa.baseAddress!, lda: Int32(n), w: pw.baseAddress!,
                        work: pb.baseAddress!, lwork: Int32(pb.count))
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError(routine: "syev", info: info) }
        // Column-major eigenvectors read row-major are the transpose of what we return.
        return .init(
            eigenvalues: values, eigenvectors: Matrix(rows: n, columns: n, storage: work).transposed)
    }

    /// Solves A X = B for square A.
    public static func solve<Scalar: BLASScalar>(_ a: Matrix<Scalar>, _ b: Matrix<Scalar>) throws
        -> Matrix<Scalar>
    {
        precondition(a.rows == a.columns && b.rows == a.rows, "solve needs A n×n and B n×k")
        let n = a.rows, nrhs = b.columns
        guard n > 0, nrhs > 0 else { return b }
        var columnMajorA = a.transposed.storage
        var columnMajorB = b.transposed.storage
        var pivots = [Int32](repeating: 0, count: n)
        let info = columnMajorA.withUnsafeMutableBufferPointer { pa in
            columnMajorB.withUnsafeMutableBufferPointer { pb in
                pivots.withUnsafeMutableBufferPointer { pp in
                    Scalar.gesv(
                        n: Int32(n), nrhs: Int32(nrhs), a: pa.baseAddress!, lda: Int32(n),
                        ipiv: pp.baseAddress!, b: pb.baseAddress!, ldb: Int32(n))
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError(routine: "gesv", info: info) }
        return Matrix(rows: nrhs, columns: n, storage: columnMajorB).transposed
    }

    /// An orthonormal basis (as columns) of the span of A's columns, for A with rows ≥ columns
    /// and full column rank (Householder QR).
    public static func orthonormalBasis<Scalar: BLASScalar>(_ a: Matrix<Scalar>) throws
        -> Matrix<Scalar>
    {
        let m = a.rows, n = a.columns
        precondition(m >= n, "orthonormalBasis needs at least as many rows as columns")
        guard n > 0 else { return a }
        var columnMajor = a.transposed.storage
        var tau = [Scalar](repeating: 0, count: n)
        let info: Int32 = columnMajor.withUnsafeMutableBufferPointer { pa in
            tau.withUnsafeMutableBufferPointer { pt in
                var buffer = [Scalar](repeating: 0, count: max(64 * n, 1))
                return buffer.withUnsafeMutableBufferPointer { pw in
                    let factorInfo = Scalar.geqrf(
                        m: Int32(m), n: Int32(n), a: pa.baseAddress!, lda: Int32(m),
                        tau: pt.baseAddress!, work: pw.baseAddress!, lwork: Int32(pw.count))
                    guard factorInfo == 0 else { return factorInfo }
                    return Scalar.orgqr(
                        m: Int32(m), n: Int32(n), k: Int32(n), a: pa.baseAddress!, lda: Int32(m),
                        tau: pt.baseAddress!, work: pw.baseAddress!, lwork: Int32(pw.count))
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError(routine: "geqrf/orgqr", info: info) }
        return Matrix(rows: n, columns: m, storage: columnMajor).transposed
    }

    /// Eigenvalues (real, imaginary) of a general square matrix.
    public static func eigenvalues<Scalar: BLASScalar>(_ a: Matrix<Scalar>) throws
        -> [(real: Scalar, imaginary: Scalar)]
    {
        precondition(a.rows == a.columns, "eigenvalues need a square matrix")
        let n = a.rows
        guard n > 0 else { return [] }
        // Aᵀ has the same eigenvalues, so the row-major storage can go to LAPACK as it is.
        var work = a.storage
        var real = [Scalar](repeating: 0, count: n)
        var imaginary = [Scalar](repeating: 0, count: n)
        let info = work.withUnsafeMutableBufferPointer { pa in
            real.withUnsafeMutableBufferPointer { pr in
                imaginary.withUnsafeMutableBufferPointer { pi in
                    var buffer = [Scalar](repeating: 0, count: max(8 * n, 16))
                    return buffer.withUnsafeMutableBufferPointer { pw in
                        Scalar.geev(
                            n: Int32(n), a: pa.baseAddress!, lda: Int32(n), wr: pr.baseAddress!,
                            wi: pi.baseAddress!, work: pw.baseAddress!, lwork: Int32(pw.count))
                    }
                }
            }
        }
        guard info == 0 else { throw LinearAlgebraError(routine: "geev", info: info) }
        return zip(real, imaginary).map { (real: $0, imaginary: $1) }
    }
}
