import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("SVD forms and connectivity similarity")
struct GeometryTests {
    static func random(_ rows: Int, _ columns: Int, seed: UInt64) -> Matrix<Double> {
        var random = SeededRandom(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: random.gaussians(rows * columns))
    }

    static func maxDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
        zip(a.storage, b.storage).map { abs($0 - $1) }.max()!
    }

    @Test("SVD reparametrisation keeps m nᵀ and makes the m's and the n's orthogonal")
    func reparametrisation() throws {
        let m = Self.random(30, 3, seed: 1), n = Self.random(30, 3, seed: 2)
        let result = try LowRankGeometry.svdReparametrised(m: m, n: n)
        let before = Matrix.product(m, n, transposeB: .transposed)
        let after = Matrix.product(result.m, result.n, transposeB: .transposed)
        #expect(Self.maxDifference(before, after) < 1e-10)
        let mm = Matrix.product(result.m, result.m, transposeA: .transposed)
        let nn = Matrix.product(result.n, result.n, transposeA: .transposed)
        for r in 0..<3 {
            for s in 0..<3 where r != s {
                #expect(abs(mm[r, s]) < 1e-9 && abs(nn[r, s]) < 1e-9)
            }
            // ‖m_r‖² = ‖n_r‖² = S_r, the r-th singular value of m nᵀ.
            #expect(abs(mm[r, r] - result.singularValues[r]) < 1e-9)
            #expect(abs(nn[r, r] - result.singularValues[r]) < 1e-9)
        }
        let direct = try LinearAlgebra.svd(before)
        for r in 0..<3 { #expect(abs(direct.singularValues[r] - result.singularValues[r]) < 1e-9) }
    }

    @Test("truncating J keeps its top singular components: m nᵀ / N = U_R S_R V_Rᵀ")
    func truncation() throws {
        let j = Self.random(12, 12, seed: 3)
        let factors = try LowRankGeometry.truncated(j, rank: 4)
        var approximation = Matrix.product(factors.m, factors.n, transposeB: .transposed)
        for index in approximation.storage.indices { approximation.storage[index] /= 12 }
        let svd = try LinearAlgebra.svd(j)
        var expected = Matrix<Double>(rows: 12, columns: 12)
        for i in 0..<12 {
            for k in 0..<12 {
                for r in 0..<4 { expected[i, k] += svd.u[i, r] * svd.singularValues[r] * svd.vt[r, k] }
            }
        }
        #expect(Self.maxDifference(approximation, expected) < 1e-10)
        let full = try LowRankGeometry.truncated(j, rank: 12)
        var exact = Matrix.product(full.m, full.n, transposeB: .transposed)
        for index in exact.storage.indices { exact.storage[index] /= 12 }
        #expect(Self.maxDifference(exact, j) < 1e-10)
    }

    @Test("ECC ignores the part of n outside span{m, I}; CC does not")
    func effectiveCorrelation() throws {
        let units = 40
        let m = Self.random(units, 2, seed: 4), n = Self.random(units, 2, seed: 5)
        let inputs = Self.random(units, 2, seed: 6)
        let teacher = RNNModel(connectivity: .lowRank(m: m, n: n), inputVectors: inputs)
        // Add to n a component orthogonal to span{m, I}.
        var span = Matrix<Double>(rows: units, columns: 4)
        for i in 0..<units {
            for c in 0..<2 {
                span[i, c] = m[i, c]
                span[i, 2 + c] = inputs[i, c]
            }
        }
        let q = try LinearAlgebra.orthonormalBasis(span)
        var extra = Self.random(units, 2, seed: 7)
        let inside = q * Matrix.product(q, extra, transposeA: .transposed)
        for index in extra.storage.indices { extra.storage[index] = 3 * (extra.storage[index] - inside.storage[index]) }
        var shifted = n
        for index in shifted.storage.indices { shifted.storage[index] += extra.storage[index] }
        let student = RNNModel(connectivity: .lowRank(m: m, n: shifted), inputVectors: inputs)

        let ecc = try #require(try ConnectivitySimilarity.effectiveCorrelation(teacher, student))
        #expect(abs(ecc - 1) < 1e-10)
        let cc = try ConnectivitySimilarity.correlation(teacher, student)
        #expect(cc < 0.8)
        // CC through R × R products equals the cosine of the dense matrices.
        let a = Matrix.product(m, n, transposeB: .transposed).storage
        let b = Matrix.product(m, shifted, transposeB: .transposed).storage
        let ab: Double = zip(a, b).map { $0 * $1 }.reduce(0, +)
        let aa: Double = a.map { $0 * $0 }.reduce(0, +)
        let bb: Double = b.map { $0 * $0 }.reduce(0, +)
        let dense = ab / (aa * bb).squareRoot()
        #expect(abs(cc - dense) < 1e-10)
        #expect(abs(try ConnectivitySimilarity.correlation(teacher, teacher) - 1) < 1e-12)
    }
}
