import COpenBLAS
import Foundation

/// A floating-point type that OpenBLAS and LAPACK can work on: `Float` on the hot path, `Double`
/// where accuracy is checked. Engine code is generic over it so that one implementation serves both.
public protocol BLASScalar: BinaryFloatingPoint, Sendable, Codable
where Self.RawSignificand: FixedWidthInteger {
    /// The numpy dtype code for this type in little-endian order (`<f4`, `<f8`).
    static var numpyDescriptor: String { get }

    static func tanh(_ x: Self) -> Self
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self

    /// C ← α op(A) op(B) + β C on row-major buffers.
    static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Self, a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
        beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

    /// y ← α op(A) x + β y on a row-major A of `m` rows and `n` columns.
    static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Self, a: UnsafePointer<Self>, lda: Int,
        x: UnsafePointer<Self>, beta: Self, y: UnsafeMutablePointer<Self>)

    // Bulk elementwise kernels of the RNN hot path (ElementwiseKernels.swift): plain loops and
    // libm for Double, SIMD and a fast tanh (a few ulp) for Float.

    /// y[i] = tanh(x[i]).
    static func tanh(_ x: UnsafePointer<Self>, into y: UnsafeMutablePointer<Self>, count: Int)

    /// out[i] = decay · previous[i] + Σ_j (scale · c[j]) · vectors[j · stride + i], j < vectorCount
    /// (no previous term when `previous` is nil).
    static func linearCombination(
        count: Int, decay: Self, previous: UnsafePointer<Self>?, coefficients: UnsafePointer<Self>,
        scale: Self, vectors: UnsafePointer<Self>, vectorCount: Int, stride: Int,
        into out: UnsafeMutablePointer<Self>)

    /// ``linearCombination(count:decay:previous:coefficients:scale:vectors:vectorCount:stride:into:)``
    /// followed by rates[i] = tanh(out[i]), in one pass.
    static func linearCombinationTanh(
        count: Int, decay: Self, previous: UnsafePointer<Self>, coefficients: UnsafePointer<Self>,
        scale: Self, vectors: UnsafePointer<Self>, vectorCount: Int, stride: Int,
        into out: UnsafeMutablePointer<Self>, rates: UnsafeMutablePointer<Self>)

    /// previous[i] += decay · g[i] + (1 − rates[i]²) · Σ_j (scale · c[j]) · vectors[j · stride + i]:
    /// one step of backpropagation through x ↦ tanh(x).
    static func tanhBackward(
        count: Int, decay: Self, gradient g: UnsafePointer<Self>, rates: UnsafePointer<Self>,
        coefficients: UnsafePointer<Self>, scale: Self, vectors: UnsafePointer<Self>,
        vectorCount: Int, stride: Int, into previous: UnsafeMutablePointer<Self>)

    /// One step of backpropagation through x ↦ tanh(x) with the squared-error term of the same
    /// state folded in (one pass instead of two):
    ///
    ///     previous[i] = (previous[i] if accumulate, else 0) + decay · g[i]
    ///                   + (1 − r[i]²) · Σ_j (scale · c[j]) · vectors[j · stride + i]
    ///                   + s · w[i] · (p[i] − y[i]) · (1 − r[i]² when the term is squashed)
    ///
    /// Returns Σ w[i] (p[i] − y[i])² (0 without a term). Entries of weight 0 give 0.
    static func tanhBackward(
        count: Int, decay: Self, gradient g: UnsafePointer<Self>, rates: UnsafePointer<Self>,
        coefficients: UnsafePointer<Self>, scale: Self, vectors: UnsafePointer<Self>,
        vectorCount: Int, stride: Int, loss: SquaredErrorTerm<Self>?, accumulate: Bool,
        into previous: UnsafeMutablePointer<Self>) -> Double

    /// gradient[i] = scale · w[i] · (predicted[i] − target[i]) · (1 − rates[i]² when `rates` is
    /// given); returns Σ w[i] (predicted[i] − target[i])². Entries of weight 0 give 0 whatever
    /// their values; nil weights are all 1.
    static func squaredError(
        count: Int, predicted: UnsafePointer<Self>, target: UnsafePointer<Self>,
        weights: UnsafePointer<Self>?, scale: Self, tanhOf rates: UnsafePointer<Self>?,
        gradient: UnsafeMutablePointer<Self>) -> Double

    /// Σ x[i], accumulated in Double.
    static func sum(_ x: UnsafePointer<Self>, count: Int) -> Double

    /// accumulator[j · length + i] += Σ_b rows[b · length + i] · weights[b · weightStride + j]
    /// for i < length, j < columns, b < rowCount (RowProductKernels.swift): one time step's share
    /// of a parameter gradient Σ_t Aᵀ_t W_t, held transposed (columns × length), added while the
    /// step's rows are still in cache instead of by one GEMM over every step afterwards.
    static func accumulateRowProducts(
        rowCount: Int, length: Int, rows: UnsafePointer<Self>, weights: UnsafePointer<Self>,
        weightStride: Int, columns: Int, into accumulator: UnsafeMutablePointer<Self>)

    /// out[b · outStride + j] = scale · Σ_i rows[b · length + i] · columns[j · length + i] for
    /// b < rowCount, j < columnCount (RowDotKernels.swift): the few dot products of one time step
    /// of a low-rank network (κ = nᵀ φ / N, ∂κ = α mᵀ g), in a fixed order on every CPU.
    static func rowDots(
        rowCount: Int, length: Int, rows: UnsafePointer<Self>, columns: UnsafePointer<Self>,
        columnCount: Int, scale: Self, into out: UnsafeMutablePointer<Self>, outStride: Int)

    static func axpy(count: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
    static func dot(count: Int, _ x: UnsafePointer<Self>, _ y: UnsafePointer<Self>) -> Self
    static func scal(count: Int, alpha: Self, x: UnsafeMutablePointer<Self>)

    static func gesdd(
        jobz: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        s: UnsafeMutablePointer<Self>, u: UnsafeMutablePointer<Self>?, ldu: Int32,
        vt: UnsafeMutablePointer<Self>?, ldvt: Int32, work: UnsafeMutablePointer<Self>,
        lwork: Int32, iwork: UnsafeMutablePointer<Int32>) -> Int32
    static func syev(
        n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32, w: UnsafeMutablePointer<Self>,
        work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32
    static func gesv(
        n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Self>, ldb: Int32) -> Int32
    static func geqrf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        tau: UnsafeMutablePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32
    static func orgqr(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Self>, lda: Int32,
        tau: UnsafePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32
    static func geev(
        n: Int32, a: UnsafeMutablePointer<Self>, lda: Int32, wr: UnsafeMutablePointer<Self>,
        wi: UnsafeMutablePointer<Self>, work: UnsafeMutablePointer<Self>, lwork: Int32) -> Int32
}

/// Whether a BLAS operand is used as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed

    var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

extension Float: BLASScalar {
    public static var numpyDescriptor: String { "<f4" }
    @inline(__always) public static func tanh(_ x: Float) -> Float { Foundation.tanhf(x) }
    @inline(__always) public static func exp(_ x: Float) -> Float { Foundation.expf(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { Foundation.logf(x) }

    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA.cblas, transB.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
    public static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
        x: UnsafePointer<Float>, beta: Float, y: UnsafeMutablePointer<Float>
    ) {
        cblas_sgemv(
            CblasRowMajor, trans.cblas, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1,
            beta, y, 1)
    }
    public static func axpy(
        count: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>
    ) {
        cblas_saxpy(blasint(count), alpha, x, 1, y, 1)
    }
    public static func dot(count: Int, _ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>)
        -> Float
    {
        cblas_sdot(blasint(count), x, 1, y, 1)
    }
    public static func scal(count: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
        cblas_sscal(blasint(count), alpha, x, 1)
    }
    public static func gesdd(
        jobz: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        s: UnsafeMutablePointer<Float>, u: UnsafeMutablePointer<Float>?, ldu: Int32,
        vt: UnsafeMutablePointer<Float>?, ldvt: Int32, work: UnsafeMutablePointer<Float>,
        lwork: Int32, iwork: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        var job = CChar(bitPattern: jobz), m = m, n = n, lda = lda, ldu = ldu, ldvt = ldvt
        var lwork = lwork, info: Int32 = 0
        sgesdd_(&job, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1)
        return info
    }
    public static func syev(
        n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32, w: UnsafeMutablePointer<Float>,
        work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var job = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "U"))
        var n = n, lda = lda, lwork = lwork, info: Int32 = 0
        ssyev_(&job, &uplo, &n, a, &lda, w, work, &lwork, &info, 1, 1)
        return info
    }
    public static func gesv(
        n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Float>, ldb: Int32
    ) -> Int32 {
        var n = n, nrhs = nrhs, lda = lda, ldb = ldb, info: Int32 = 0
        sgesv_(&n, &nrhs, a, &lda, ipiv, b, &ldb, &info)
        return info
    }
    public static func geqrf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        tau: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, lda = lda, lwork = lwork, info: Int32 = 0
        sgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info)
        return info
    }
    public static func orgqr(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Float>, lda: Int32,
        tau: UnsafePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, k = k, lda = lda, lwork = lwork, info: Int32 = 0
        sorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info)
        return info
    }
    public static func geev(
        n: Int32, a: UnsafeMutablePointer<Float>, lda: Int32, wr: UnsafeMutablePointer<Float>,
        wi: UnsafeMutablePointer<Float>, work: UnsafeMutablePointer<Float>, lwork: Int32
    ) -> Int32 {
        var jobvl = CChar(UInt8(ascii: "N")), jobvr = CChar(UInt8(ascii: "N"))
        var n = n, lda = lda, lwork = lwork, one: Int32 = 1, info: Int32 = 0
        var dummy: Float = 0, dummy2: Float = 0
        sgeev_(
            &jobvl, &jobvr, &n, a, &lda, wr, wi, &dummy, &one, &dummy2, &one, work, &lwork, &info,
            1, 1)
        return info
    }
}

extension Double: BLASScalar {
    public static var numpyDescriptor: String { "<f8" }
    @inline(__always) public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inline(__always) public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Foundation.log(x) }

    public static func gemm(
        _ transA: Transpose, _ transB: Transpose, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, transA.cblas, transB.cblas, blasint(m), blasint(n), blasint(k), alpha,
            a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
    public static func gemv(
        _ trans: Transpose, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
        x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
    ) {
        cblas_dgemv(
            CblasRowMajor, trans.cblas, blasint(m), blasint(n), alpha, a, blasint(lda), x, 1,
            beta, y, 1)
    }
    public static func axpy(
        count: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>
    ) {
        cblas_daxpy(blasint(count), alpha, x, 1, y, 1)
    }
    public static func dot(count: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>)
        -> Double
    {
        cblas_ddot(blasint(count), x, 1, y, 1)
    }
    public static func scal(count: Int, alpha: Double, x: UnsafeMutablePointer<Double>) {
        cblas_dscal(blasint(count), alpha, x, 1)
    }
    public static func gesdd(
        jobz: UInt8, m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        s: UnsafeMutablePointer<Double>, u: UnsafeMutablePointer<Double>?, ldu: Int32,
        vt: UnsafeMutablePointer<Double>?, ldvt: Int32, work: UnsafeMutablePointer<Double>,
        lwork: Int32, iwork: UnsafeMutablePointer<Int32>
    ) -> Int32 {
        var job = CChar(bitPattern: jobz), m = m, n = n, lda = lda, ldu = ldu, ldvt = ldvt
        var lwork = lwork, info: Int32 = 0
        dgesdd_(&job, &m, &n, a, &lda, s, u, &ldu, vt, &ldvt, work, &lwork, iwork, &info, 1)
        return info
    }
    public static func syev(
        n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, w: UnsafeMutablePointer<Double>,
        work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var job = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "U"))
        var n = n, lda = lda, lwork = lwork, info: Int32 = 0
        dsyev_(&job, &uplo, &n, a, &lda, w, work, &lwork, &info, 1, 1)
        return info
    }
    public static func gesv(
        n: Int32, nrhs: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        ipiv: UnsafeMutablePointer<Int32>, b: UnsafeMutablePointer<Double>, ldb: Int32
    ) -> Int32 {
        var n = n, nrhs = nrhs, lda = lda, ldb = ldb, info: Int32 = 0
        dgesv_(&n, &nrhs, a, &lda, ipiv, b, &ldb, &info)
        return info
    }
    public static func geqrf(
        m: Int32, n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        tau: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, lda = lda, lwork = lwork, info: Int32 = 0
        dgeqrf_(&m, &n, a, &lda, tau, work, &lwork, &info)
        return info
    }
    public static func orgqr(
        m: Int32, n: Int32, k: Int32, a: UnsafeMutablePointer<Double>, lda: Int32,
        tau: UnsafePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var m = m, n = n, k = k, lda = lda, lwork = lwork, info: Int32 = 0
        dorgqr_(&m, &n, &k, a, &lda, tau, work, &lwork, &info)
        return info
    }
    public static func geev(
        n: Int32, a: UnsafeMutablePointer<Double>, lda: Int32, wr: UnsafeMutablePointer<Double>,
        wi: UnsafeMutablePointer<Double>, work: UnsafeMutablePointer<Double>, lwork: Int32
    ) -> Int32 {
        var jobvl = CChar(UInt8(ascii: "N")), jobvr = CChar(UInt8(ascii: "N"))
        var n = n, lda = lda, lwork = lwork, one: Int32 = 1, info: Int32 = 0
        var dummy: Double = 0, dummy2: Double = 0
        dgeev_(
            &jobvl, &jobvr, &n, a, &lda, wr, wi, &dummy, &one, &dummy2, &one, work, &lwork, &info,
            1, 1)
        return info
    }
}
