import LintelNumerics
import Testing

@Suite("BLAS products and LAPACK decompositions")
struct LinearAlgebraTests {
    static func randomMatrix(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<Double> {
        var random = SeededRandom(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: random.gaussians(rows * columns))
    }

    static func naiveProduct(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Matrix<Double> {
        var c = Matrix<Double>(rows: a.rows, columns: b.columns)
        for i in 0..<a.rows {
            for j in 0..<b.columns {
                var sum = 0.0
                for k in 0..<a.columns { sum += a[i, k] * b[k, j] }
                c[i, j] = sum
            }
        }
        return c
    }

    static func maxDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
    }

    @Test("GEMM with every transpose combination matches a triple loop")
    func gemm() {
        let a = Self.randomMatrix(5, 3, seed: 1), b = Self.randomMatrix(3, 4, seed: 2)
        let expected = Self.naiveProduct(a, b)
        #expect(Self.maxDifference(a * b, expected) < 1e-12)
        #expect(
            Self.maxDifference(
                Matrix.product(a.transposed, b, transposeA: .transposed), expected) < 1e-12)
        #expect(
            Self.maxDifference(
                Matrix.product(a, b.transposed, transposeB: .transposed), expected) < 1e-12)
        let single = Matrix.product(a.converted(to: Float.self), b.converted(to: Float.self))
        #expect(Self.maxDifference(single.converted(), expected) < 1e-5)
        let applied = a.applied(to: [1, 2, 3])
        for i in 0..<5 { #expect(abs(applied[i] - (a[i, 0] + 2 * a[i, 1] + 3 * a[i, 2])) < 1e-12) }
    }

    @Test("SVD reconstructs tall, wide and square matrices with orthonormal factors",
          arguments: [(7, 4), (4, 7), (6, 6)])
    func svd(_ shape: (Int, Int)) throws {
        let a = Self.randomMatrix(shape.0, shape.1, seed: 3)
        let svd = try LinearAlgebra.svd(a)
        let k = min(shape.0, shape.1)
        #expect(svd.singularValues.count == k)
        #expect(zip(svd.singularValues, svd.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
        var scaledU = svd.u
        for i in 0..<scaledU.rows {
            for j in 0..<k { scaledU[i, j] *= svd.singularValues[j] }
        }
        #expect(Self.maxDifference(scaledU * svd.vt, a) < 1e-12)
        let uTu = Matrix.product(svd.u, svd.u, transposeA: .transposed)
        #expect(Self.maxDifference(uTu, .identity(k)) < 1e-12)
        let vvT = Matrix.product(svd.vt, svd.vt, transposeB: .transposed)
        #expect(Self.maxDifference(vvT, .identity(k)) < 1e-12)
    }

    @Test("SVD of a known rank-2 matrix has two non-zero singular values")
    func svdOfKnownMatrix() throws {
        // diag(3, 2, 0) rotated: singular values are known exactly.
        let a = Matrix<Double>([[0, 3, 0], [2, 0, 0], [0, 0, 0], [0, 0, 0]])
        let svd = try LinearAlgebra.svd(a)
        #expect(abs(svd.singularValues[0] - 3) < 1e-14)
        #expect(abs(svd.singularValues[1] - 2) < 1e-14)
        #expect(abs(svd.singularValues[2]) < 1e-14)
        let single = try LinearAlgebra.svd(a.converted(to: Float.self))
        #expect(abs(single.singularValues[0] - 3) < 1e-6)
    }

    @Test("symmetric eigendecomposition: A v = λ v, ascending, known spectrum")
    func symmetricEigen() throws {
        let b = Self.randomMatrix(6, 6, seed: 4)
        let a = Matrix.product(b, b, transposeB: .transposed)
        let eigen = try LinearAlgebra.symmetricEigen(a)
        #expect(zip(eigen.eigenvalues, eigen.eigenvalues.dropFirst()).allSatisfy { $0 <= $1 })
        for k in 0..<6 {
            let v = eigen.eigenvectors.column(k)
            let av = a.applied(to: v)
            for i in 0..<6 { #expect(abs(av[i] - eigen.eigenvalues[k] * v[i]) < 1e-10) }
        }
        let known = try LinearAlgebra.symmetricEigen(Matrix<Double>([[2, 1], [1, 2]]))
        #expect(abs(known.eigenvalues[0] - 1) < 1e-14 && abs(known.eigenvalues[1] - 3) < 1e-14)
    }

    @Test("solve, orthonormal basis and general eigenvalues")
    func solveQRAndEigenvalues() throws {
        let a = Self.randomMatrix(5, 5, seed: 5), b = Self.randomMatrix(5, 2, seed: 6)
        let x = try LinearAlgebra.solve(a, b)
        #expect(Self.maxDifference(a * x, b) < 1e-10)
        #expect(throws: LinearAlgebraError.self) {
            try LinearAlgebra.solve(Matrix<Double>([[1, 2], [2, 4]]), Matrix<Double>([[1], [1]]))
        }

        let tall = Self.randomMatrix(8, 3, seed: 7)
        let q = try LinearAlgebra.orthonormalBasis(tall)
        #expect(Self.maxDifference(Matrix.product(q, q, transposeA: .transposed), .identity(3)) < 1e-12)
        // Projecting the original columns on span(Q) leaves them unchanged.
        let projected = q * Matrix.product(q, tall, transposeA: .transposed)
        #expect(Self.maxDifference(projected, tall) < 1e-12)

        // A rotation by θ scaled by r has eigenvalues r e^{±iθ}.
        let rotation = Matrix<Double>([[0.6, -0.8], [0.8, 0.6]])
        let values = try LinearAlgebra.eigenvalues(rotation)
        #expect(values.allSatisfy { abs($0.real - 0.6) < 1e-14 && abs(abs($0.imaginary) - 0.8) < 1e-14 })
    }

    @Test("OpenBLAS runs single-threaded")
    func singleThread() {
        BLASThreads.useSingleThread()
        #expect(BLASThreads.current == 1)
    }
}
