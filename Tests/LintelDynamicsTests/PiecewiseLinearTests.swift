import Foundation
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelDynamics

/// ReLU networks: the exact enumeration of linear regions against brute force.
@Suite("Piecewise-linear fixed points (ReLU)")
struct PiecewiseLinearTests {
    /// m ~ N(0, 1), n = a m + b ξ (self-coupling plus noise), input vectors ~ N(0, s²): with
    /// a = b = s = 2 a good share of seeds have several fixed points.
    static func reluModel(
        units: Int, rank: Int, inputs: Int = 2, selfCoupling a: Double = 2, noise b: Double = 2,
        inputScale s: Double = 2, seed: UInt64
    ) -> RNNModel<Double> {
        var random = SeededRandom(seed: seed)
        let m = Matrix<Double>(rows: units, columns: rank, storage: random.gaussians(units * rank))
        var n = m
        for i in n.storage.indices { n.storage[i] = a * m.storage[i] + b * random.gaussian() }
        let vectors = Matrix<Double>(rows: units, columns: inputs, storage: random.gaussians(units * inputs, standardDeviation: s))
        return RNNModel(connectivity: .lowRank(m: m, n: n), inputVectors: vectors, nonlinearity: .relu)
    }

    /// Every fixed point by brute force over all 2^N activity patterns, straight from the network
    /// equations in their own coordinates: x* = m k + I u with k = nᵀ relu(x*)/N, so for a pattern S
    /// (1 − (1/N) Σ_S n_i m_iᵀ) k = (1/N) Σ_S n_i h_i, kept when x* has exactly the signs of S.
    /// Returned as states x*.
    static func bruteForce(_ model: RNNModel<Double>, input: [Double]) -> [[Double]] {
        guard case .lowRank(let m, let n) = model.connectivity else { return [] }
        let (units, rank) = (m.rows, m.columns)
        let h = model.inputVectors.applied(to: input)
        var found: [[Double]] = []
        for pattern in 0..<(1 << units) {
            var system = Matrix<Double>.identity(rank)
            var right = [Double](repeating: 0, count: rank)
            for i in 0..<units where pattern & (1 << i) != 0 {
                for k in 0..<rank {
                    for l in 0..<rank { system[k, l] -= n[i, k] * m[i, l] / Double(units) }
                    right[k] += n[i, k] * h[i] / Double(units)
                }
            }
            guard let k = try? LinearAlgebra.solve(system, Matrix(rows: rank, columns: 1, storage: right)).storage else { continue }
            let x = (0..<units).map { i in h[i] + (0..<rank).reduce(0.0) { $0 + m[i, $1] * k[$1] } }
            let consistent = (0..<units).allSatisfy { i in
                let active = pattern & (1 << i) != 0
                return active ? x[i] >= -1e-9 : x[i] <= 1e-9
            }
            if consistent, !found.contains(where: { zip($0, x).allSatisfy { abs($0 - $1) < 1e-7 } }) { found.append(x) }
        }
        return found
    }

    static func states(_ analysis: FixedPointAnalysis, _ field: LatentField) -> [[Double]] {
        analysis.fixedPoints.map { field.state($0.latents) }
    }

    static func sameSets(_ a: [[Double]], _ b: [[Double]], tolerance: Double = 1e-6) -> Bool {
        a.count == b.count && a.allSatisfy { x in b.contains { zip($0, x).allSatisfy { abs($0 - $1) < tolerance } } }
    }

    @Test("ranks 1, 2, 3 on small networks: exactly the brute-force fixed points", arguments: [1, 2, 3])
    func smallNetworks(rank: Int) throws {
        var multiple = false
        for seed in UInt64(1)...8 {
            let model = Self.reluModel(units: 12, rank: rank, seed: seed + 10 * UInt64(rank))
            let input = [0.7, -0.4]
            let expected = Self.bruteForce(model, input: input)
            let dynamics = try LowRankDynamics(model)
            let field = try dynamics.field(input: input)
            // A box around every state's latents, so that the enumeration's box holds them all.
            let latents = expected.map { dynamics.latents(of: Tensor3(1, 1, 12, storage: $0)).storage }
            let reach = (latents.flatMap { $0 }.map(abs).max() ?? 0) * 1.5 + 1
            var options = FixedPointOptions()
            options.bounds = (0..<rank).map { _ in -reach...reach }
            let analysis = try FixedPoints.find(field, options: options)
            #expect(analysis.method == .piecewiseLinear)
            #expect(analysis.unresolvedRegions == 0)
            let found = Self.states(analysis, field)
            #expect(Self.sameSets(found, expected), "rank \(rank) seed \(seed): found \(found.count), brute force \(expected.count)")
            if expected.count > 1 { multiple = true }
            for point in analysis.fixedPoints { #expect(point.speed < 1e-9) }
        }
        #expect(multiple, "no seed gave more than one fixed point: the check is too easy")
    }

    @Test("rank 1 searches the whole line: fixed points far outside any box are found")
    func rankOneUnbounded() throws {
        // z' = −z + relu(z + 1)·3 − 2 … built with two units: m = (1, 1), n = (g, −g′), inputs.
        let m = Matrix<Double>(rows: 2, columns: 1, storage: [1, 1])
        let n = Matrix<Double>(rows: 2, columns: 1, storage: [1.5, -1.0])
        let inputs = Matrix<Double>(rows: 2, columns: 1, storage: [100, -50])
        let model = RNNModel<Double>(connectivity: .lowRank(m: m, n: n), inputVectors: inputs, nonlinearity: .relu)
        let field = try LowRankDynamics(model).field(input: [1])
        var options = FixedPointOptions()
        options.bounds = [-1...1]
        let analysis = try FixedPoints.find(field, options: options)
        let expected = Self.bruteForce(model, input: [1])
        #expect(!expected.isEmpty)
        #expect(Self.sameSets(Self.states(analysis, field), expected))
    }

    @Test("N = 300, ranks 2 and 3: every root Newton finds from a dense grid is in the enumeration, fast")
    func largerNetworks() throws {
        for rank in [2, 3] {
            // Seeds with 1 (rank 2) and 4 (rank 3) fixed points.
            let model = Self.reluModel(units: 300, rank: rank, seed: rank == 2 ? 44 : 41)
            let field = try LowRankDynamics(model).field(input: [0.5, 0.5])
            var options = FixedPointOptions()
            options.bounds = (0..<rank).map { _ in -20...20 }
            let clock = ContinuousClock()
            let start = clock.now
            let exact = try FixedPoints.find(field, options: options)
            let seconds = (clock.now - start) / .seconds(1)
            #expect(exact.unresolvedRegions == 0)
            #expect(seconds < 20, "rank \(rank): \(seconds) s")
            options.method = .newton
            options.startsPerAxis = rank == 2 ? 25 : 11
            options.maximumIterations = 60
            let newton = try FixedPoints.find(field, options: options)
            for point in newton.fixedPoints where point.latents.allSatisfy({ abs($0) <= 20 }) {
                #expect(exact.fixedPoints.contains { FixedPoints.distance($0.latents, point.latents) < 1e-6 },
                        "rank \(rank): Newton's \(point.latents) missing from the enumeration")
            }
            #expect(exact.fixedPoints.count == (rank == 2 ? 1 : 4))
            print("relu rank \(rank), N 300: \(exact.fixedPoints.count) fixed points, \(exact.regionsSolved) regions solved in \(seconds) s; Newton found \(newton.fixedPoints.count)")
        }
    }

    @Test("without input every boundary passes through the origin: reported as unresolved, the origin still found")
    func degenerate() throws {
        let model = Self.reluModel(units: 40, rank: 2, inputs: 0, selfCoupling: 0.3, noise: 0.3, seed: 3)
        let field = try LowRankDynamics(model).field(input: [])
        var options = FixedPointOptions()
        options.bounds = [-2...2, -2...2]
        let analysis = try FixedPoints.find(field, options: options)
        #expect(analysis.fixedPoints.contains { SmallLinearAlgebra.norm($0.latents) < 1e-9 })
        #expect(analysis.unresolvedRegions > 0)
    }
}
