import Foundation
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelDynamics

@Suite("Populations")
struct PopulationTests {
    /// Loadings of `sizes` units around well-separated centres in 5 dimensions, with (optionally
    /// correlated) within-cluster noise.
    static func syntheticLoadings(sizes: [Int], seed: UInt64, correlated: Bool = true) -> (Loadings, [Int]) {
        var random = SeededRandom(seed: seed)
        let dimension = 5
        let centres = sizes.indices.map { _ in (0..<dimension).map { _ in 4 * random.gaussian() } }
        var rows: [[Double]] = []
        var truth: [Int] = []
        for (cluster, size) in sizes.enumerated() {
            for _ in 0..<size {
                let shared = correlated ? random.gaussian() : 0
                rows.append((0..<dimension).map { centres[cluster][$0] + 0.5 * random.gaussian() + 0.4 * shared })
                truth.append(cluster)
            }
        }
        // Shuffle the units so that labels are not in blocks.
        let order = random.permutation(rows.count)
        let vectors = (0..<dimension).map { LoadingVector.input($0) }
        return (Loadings(vectors: vectors, values: Matrix(order.map { rows[$0] })), order.map { truth[$0] })
    }

    @Test("adjusted Rand index: 1 for the same partition under other names, ≈ 0 for independent ones, a worked example")
    func adjustedRand() {
        #expect(AdjustedRandIndex.between([0, 0, 1, 1, 2], [5, 5, 3, 3, 9]) == 1)
        #expect(AdjustedRandIndex.between([0, 0, 0], [1, 1, 1]) == 1)
        // sklearn.metrics.adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715
        #expect(abs(AdjustedRandIndex.between([0, 0, 1, 1], [0, 0, 1, 2]) - 0.5714285714285715) < 1e-12)
        var random = SeededRandom(seed: 2)
        let a = (0..<2000).map { _ in random.integer(below: 3) }
        let b = (0..<2000).map { _ in random.integer(below: 3) }
        #expect(abs(AdjustedRandIndex.between(a, b)) < 0.02)
    }

    @Test("three known clusters: BIC picks 3, labels match (ARI ≈ 1), bootstrap stable, largest cluster is label 0",
          arguments: [CovarianceType.full, .diagonal])
    func knownClusters(covariance: CovarianceType) throws {
        // Diagonal covariances cannot describe correlated noise (it would take more components).
        let (loadings, truth) = Self.syntheticLoadings(sizes: [120, 70, 40], seed: 7, correlated: covariance == .full)
        var options = PopulationOptions()
        options.covariance = covariance
        options.bootstrapSamples = 6
        let analysis = try Populations.cluster(loadings, options: options)
        #expect(analysis.clusterCount == 3)
        #expect(AdjustedRandIndex.between(analysis.labels, truth) > 0.98)
        #expect(analysis.sizes == analysis.sizes.sorted(by: >))
        #expect(analysis.sizes.reduce(0, +) == 230)
        let bic = analysis.bic.compactMap { $0 }
        #expect(bic.count == 6)
        #expect(bic.indices.min { bic[$0] < bic[$1] } == 2)
        #expect(analysis.stability.count == 6)
        #expect((analysis.meanStability ?? 0) > 0.95)
        // Seeded: the same answer twice.
        #expect(try Populations.cluster(loadings, options: options).labels == analysis.labels)
    }

    @Test("a fixed number of clusters; one Gaussian blob is one cluster by BIC; constant loadings are dropped")
    func fixedAndSingle() throws {
        let (loadings, _) = Self.syntheticLoadings(sizes: [150], seed: 8)
        var options = PopulationOptions()
        options.bootstrapSamples = 0
        let single = try Populations.cluster(loadings, options: options)
        #expect(single.clusterCount == 1 && single.labels.allSatisfy { $0 == 0 })
        options.clusters = 2
        let two = try Populations.cluster(loadings, options: options)
        #expect(two.clusterCount == 2 && two.bic.compactMap { $0 }.count == 1)
        var values = loadings.values
        for i in 0..<values.rows { values[i, 4] = 3 }
        let constant = try Populations.cluster(Loadings(vectors: loadings.vectors, values: values), options: options)
        #expect(constant.features.count == 4)
    }

    @Test("loadings of a network: I, m, n columns (SVD form); a network whose populations differ in their input")
    func networkLoadings() throws {
        // Two populations: one receives input 1 strongly, the other not; m, n random.
        var random = SeededRandom(seed: 9)
        let units = 160
        var model = RNNModel<Double>.randomLowRank(units: units, rank: 1, inputs: 2, random: &random)
        for i in 0..<units { model.inputVectors[i, 0] = (i < 40 ? 6 : 0) + 0.3 * random.gaussian() }
        let dynamics = try LowRankDynamics(model)
        let loadings = try Loadings(dynamics)
        #expect(loadings.vectors == [.input(0), .input(1), .m(0), .n(0)])
        #expect(loadings.values.column(2) == dynamics.m.column(0))
        var options = PopulationOptions()
        options.bootstrapSamples = 3
        let analysis = try Populations.cluster(loadings, options: options)
        let truth = (0..<units).map { $0 < 40 ? 1 : 0 }
        #expect(AdjustedRandIndex.between(analysis.labels, truth) > 0.95)
        #expect(throws: DynamicsError.self) { try Loadings(dynamics, vectors: [.m(1)]) }
    }
}
