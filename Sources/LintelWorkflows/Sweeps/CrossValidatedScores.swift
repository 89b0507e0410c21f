import LintelData
import LintelEngine

/// A sweep's held-out scores over folds. A fold is a fit's `settings.validation` (with its split
/// seed when the trials are drawn at random): fits of one rank and seed with different
/// validation choices are the folds of one cross-validation, and a sweep without
/// cross-validation is one fold. Per rank:
/// - `r2Pooled`: for each seed, the global R² of all its folds' held-out predictions together
///   against all their held-out data (``PooledHeldOutR2``), then the mean over seeds; with one
///   fold it is the plain validation R²;
/// - the fold count and the range over folds of each fold's mean R² over seeds.
/// The mean and sd over every fit (seeds × folds) are ``SweepRankMean``'s own.
package enum CrossValidatedScores {
    /// What identifies a fold across seeds.
    package struct Fold: Hashable, Sendable {
        package var validation: ValidationChoice
        /// Only for random trials, whose draw depends on it.
        package var splitSeed: UInt64?

        package init(_ settings: FitSettings) {
            validation = settings.validation
            splitSeed = settings.validation.isRandom ? settings.splitSeed : nil
        }
    }

    /// One rank's scores over folds.
    package struct RankScores: Sendable, Equatable {
        package var r2Pooled: Double
        package var folds: Int
        package var foldMinimum: Double
        package var foldMaximum: Double
    }

    /// The scores of every rank of `results`, re-simulating each fit on its held-out data (or,
    /// with `memo`, only the fits of a rank and seed it has not pooled yet).
    ///
    /// Each seed's folds are pooled in the order of `results`, and the seeds taken in order:
    /// sums of the same numbers in another order can differ in their last bits, so a caller that
    /// gives the fits in a fixed order (``CrossValidatedSummary``: the sweep's) gets the same
    /// scores to the bit whatever order the fits finished in.
    package static func score(
        _ results: [FitResult], dataset: Dataset, memo: PooledScoreMemo? = nil
    ) throws -> [RankChoice: RankScores] {
        var scores: [RankChoice: RankScores] = [:]
        for (rank, fits) in Dictionary(grouping: results, by: \.metrics.rank) {
            var pooledBySeed: [Double] = []
            for (seed, folds) in Dictionary(grouping: fits, by: \.metrics.seed).sorted(by: { $0.key < $1.key }) {
                let pool = { try pooledR2(folds, dataset: dataset) }
                let r2 = try memo.map { try $0.r2(rank: rank, seed: seed, folds: folds, compute: pool) } ?? pool()
                if let r2 { pooledBySeed.append(r2) }
            }
            let byFold = Dictionary(grouping: fits) { Fold($0.metrics.settings) }.values.map { fold in
                fold.map(\.metrics.r2Global).reduce(0, +) / Double(fold.count)
            }
            guard !pooledBySeed.isEmpty, let low = byFold.min(), let high = byFold.max() else { continue }
            scores[rank] = RankScores(
                r2Pooled: pooledBySeed.reduce(0, +) / Double(pooledBySeed.count), folds: byFold.count,
                foldMinimum: low, foldMaximum: high)
        }
        return scores
    }

    /// The R² of the held-out predictions of `folds` (one rank and seed) together.
    static func pooledR2(_ folds: [FitResult], dataset: Dataset) throws -> Double? {
        var pooled = PooledHeldOutR2()
        for fit in folds {
            let heldOut = try HeldOutData(of: fit.metrics.settings, dataset: dataset)
            pooled.add(predicted: heldOut.predictions(of: fit.model), observed: heldOut.observed, mask: heldOut.mask)
        }
        return pooled.r2
    }

    /// `means` with each rank's scores of `results` filled in.
    package static func apply(
        _ results: [FitResult], dataset: Dataset, memo: PooledScoreMemo? = nil, to means: inout [SweepRankMean]
    ) throws {
        let scores = try score(results, dataset: dataset, memo: memo)
        for index in means.indices {
            guard let rank = scores[means[index].rank] else { continue }
            means[index].r2Pooled = rank.r2Pooled
            means[index].folds = rank.folds
            means[index].foldMinimum = rank.foldMinimum
            means[index].foldMaximum = rank.foldMaximum
        }
    }
}
