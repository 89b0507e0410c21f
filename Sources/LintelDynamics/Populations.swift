import Foundation
import LintelEngine
import LintelNumerics

/// One of a network's per-unit vectors: an input vector I_k, a left vector m_r or a right vector
/// n_r (0-based indices; m and n in SVD form).
package enum LoadingVector: Sendable, Hashable, CustomStringConvertible {
    case input(Int)
    case m(Int)
    case n(Int)

    /// `I1`, `m1`, `n2`: 1-based, as in docs/METHOD.md.
    package var description: String {
        switch self {
        case .input(let k): return "I\(k + 1)"
        case .m(let r): return "m\(r + 1)"
        case .n(let r): return "n\(r + 1)"
        }
    }
}

/// Each unit's loadings on the network's vectors: one row per unit, one column per vector.
package struct Loadings: Sendable {
    package var vectors: [LoadingVector]
    /// N × vectors.count.
    package var values: Matrix<Double>

    /// I_1…I_K, m_1…m_R, n_1…n_R (docs/METHOD.md §5), or the chosen vectors.
    package init(_ dynamics: LowRankDynamics, vectors: [LoadingVector]? = nil) throws {
        let chosen = vectors
            ?? (0..<dynamics.inputCount).map(LoadingVector.input) + (0..<dynamics.rank).map(LoadingVector.m)
            + (0..<dynamics.rank).map(LoadingVector.n)
        var values = Matrix<Double>(rows: dynamics.unitCount, columns: chosen.count)
        for (column, vector) in chosen.enumerated() {
            values.setColumn(column, to: try Self.column(vector, of: dynamics))
        }
        self.vectors = chosen
        self.values = values
    }

    package init(vectors: [LoadingVector], values: Matrix<Double>) {
        precondition(values.columns == vectors.count)
        self.vectors = vectors
        self.values = values
    }

    static func column(_ vector: LoadingVector, of dynamics: LowRankDynamics) throws -> [Double] {
        switch vector {
        case .input(let k):
            guard (0..<dynamics.inputCount).contains(k) else {
                throw DynamicsError("\(vector) does not exist: the network has \(dynamics.inputCount) input vectors")
            }
            return dynamics.inputVectors.column(k)
        case .m(let r), .n(let r):
            guard (0..<dynamics.rank).contains(r) else {
                throw DynamicsError("\(vector) does not exist: the network has rank \(dynamics.rank)")
            }
            if case .m = vector { return dynamics.m.column(r) }
            return dynamics.n.column(r)
        }
    }
}

package struct PopulationOptions: Sendable {
    /// A fixed number of clusters, or nil to choose 1…`maximumClusters` by BIC (at most N/(d + 1)
    /// with full covariances, N/2 with diagonal ones, d the number of loadings).
    package var clusters: Int? = nil
    package var maximumClusters: Int = 6
    package var covariance: CovarianceType = .full
    package var initialisations: Int = 5
    /// Bootstrap refits on random subsamples (0 skips the stability estimate).
    package var bootstrapSamples: Int = 20
    package var subsampleFraction: Double = 0.8
    package var seed: UInt64 = 1

    package init() {}
}

/// Populations found by clustering the units' loadings.
package struct PopulationAnalysis: Sendable {
    /// Cluster of each unit, 0 = the largest population (docs/FORMATS.md `cluster_labels`).
    package var labels: [Int]
    package var clusterCount: Int { mixture.componentCount }
    /// Units per cluster, by label.
    package var sizes: [Int]
    /// BIC of the best mixture with 1, 2, … components (nil where not fitted: a fixed count, or
    /// too few units for that many components).
    package var bic: [Double?]
    /// The adjusted Rand index of each bootstrap refit with the full-data labels, on the subsample.
    package var stability: [Double]
    package var meanStability: Double? { stability.isEmpty ? nil : stability.reduce(0, +) / Double(stability.count) }
    package var mixture: GaussianMixture
    /// The features clustered (columns of the loadings that vary across units).
    package var features: [LoadingVector]
}

/// Gaussian-mixture populations of units (docs/METHOD.md §5).
///
/// The paper fitted a variational (Dirichlet-process) mixture; this is the maximum-likelihood
/// counterpart with the number of clusters chosen by BIC. Each feature (loading vector) is
/// standardised to zero mean and unit variance first — a full- or diagonal-covariance mixture is
/// equivariant under this rescaling, so it only makes the regularisation scale-free; vectors
/// constant across units carry no information and are left out.
package enum Populations {
    package static func cluster(_ loadings: Loadings, options: PopulationOptions = PopulationOptions()) throws
        -> PopulationAnalysis
    {
        let units = loadings.values.rows
        let (data, features) = standardised(loadings)
        guard !features.isEmpty else { throw DynamicsError("every loading is constant across units: nothing to cluster") }
        // By BIC at most N/(d + 1) components (full covariances) or N/2 (diagonal), so that each
        // can hold enough units for a non-singular covariance.
        let perComponent = options.covariance == .full ? features.count + 1 : 2
        let maximum = options.clusters ?? max(1, min(options.maximumClusters, units / perComponent))
        guard maximum >= 1, maximum <= units else {
            throw DynamicsError("cannot make \(maximum) clusters of \(units) units")
        }
        var bic = [Double?](repeating: nil, count: maximum)
        var best: GaussianMixture? = nil
        var bestBIC = Double.infinity
        let counts = options.clusters.map { [$0] } ?? Array(1...maximum)
        for k in counts {
            let mixture = try GaussianMixture.fit(
                data, components: k, covariance: options.covariance, initialisations: options.initialisations,
                seed: options.seed)
            let score = mixture.bic(sampleCount: units)
            bic[k - 1] = score
            if best == nil || score < bestBIC {
                best = mixture
                bestBIC = score
            }
        }
        let mixture = best!
        let labels = mixture.labels(data)
        var sizes = [Int](repeating: 0, count: mixture.componentCount)
        for label in labels { sizes[label] += 1 }

        var stability: [Double] = []
        let subsample = Int((Double(units) * options.subsampleFraction).rounded(.down))
        if options.bootstrapSamples > 0, subsample >= mixture.componentCount, subsample >= 2 {
            for sample in 0..<options.bootstrapSamples {
                var random = SeededRandom.stream(seed: options.seed, index: 0xB007 + sample)
                let chosen = Array(random.permutation(units).prefix(subsample)).sorted()
                let rows = Matrix(chosen.map { data.row($0) })
                let refit = try GaussianMixture.fit(
                    rows, components: mixture.componentCount, covariance: options.covariance,
                    initialisations: options.initialisations, seed: options.seed &+ UInt64(sample + 1))
                stability.append(AdjustedRandIndex.between(refit.labels(rows), chosen.map { labels[$0] }))
            }
        }
        return PopulationAnalysis(
            labels: labels, sizes: sizes, bic: bic, stability: stability, mixture: mixture, features: features)
    }

    /// Columns standardised to mean 0 and variance 1; constant columns dropped.
    static func standardised(_ loadings: Loadings) -> (Matrix<Double>, [LoadingVector]) {
        let values = loadings.values
        let n = Double(values.rows)
        var kept: [(Int, Double, Double)] = []
        for j in 0..<values.columns {
            let column = values.column(j)
            let mean = column.reduce(0, +) / n
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            let scale = column.map(abs).max() ?? 0
            if variance > 1e-24 * max(scale * scale, 1e-300) { kept.append((j, mean, variance.squareRoot())) }
        }
        var data = Matrix<Double>(rows: values.rows, columns: kept.count)
        for (column, (j, mean, deviation)) in kept.enumerated() {
            for i in 0..<values.rows { data[i, column] = (values[i, j] - mean) / deviation }
        }
        return (data, kept.map { loadings.vectors[$0.0] })
    }
}
