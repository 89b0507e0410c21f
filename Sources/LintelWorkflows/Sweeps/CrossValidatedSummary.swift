import LintelData
import LintelEngine

/// A sweep's summary as both front ends write and show it (`lintel sweep` after each fit and at
/// the end, the workbench's sweeps): the engine's summary of the fits (``RankSweep/summarise``),
/// with each rank's held-out R² pooled over folds (``CrossValidatedScores``), the baselines on
/// the same held-out data (``HeldOutBaselines/pooled(_:folds:ranks:)``), and the rank rule
/// (``RankRecommendation``) applied to the pooled scores.
///
/// The baselines depend on the plan alone, so they are computed once, when the summariser is
/// made, and every summary of the sweep's fits reuses them; each rank and seed's pooled score is
/// remembered until its fits change (``PooledScoreMemo``), so summarising after every finished
/// fit costs that fit's folds rather than the whole sweep again:
///
/// ```swift
/// let summariser = try CrossValidatedSummary(plan, dataset: dataset)
/// let partial = try summariser.summarise(finishedSoFar)
/// ```
package struct CrossValidatedSummary: Sendable {
    package let plan: RankSweep
    package let dataset: Dataset
    /// The baselines over every fold the sweep plans; nil for fits of a readout, whose held-out
    /// data are targets rather than activity.
    package let baselines: SweepBaselines?
    /// Each rank and seed's pooled score, so that a summary after one more fit pools only that
    /// fit's rank and seed again.
    private let pooledScores: PooledScoreMemo

    package init(_ plan: RankSweep, dataset: Dataset, pooledScores: PooledScoreMemo = PooledScoreMemo()) throws {
        self.plan = plan
        self.dataset = dataset
        self.pooledScores = pooledScores
        baselines = try Self.baselines(plan, dataset: dataset)
    }

    /// A summariser with the baselines an earlier summary of the same plan computed (and the
    /// pooled scores it remembered).
    package init(
        _ plan: RankSweep, dataset: Dataset, baselines: SweepBaselines?, pooledScores: PooledScoreMemo = PooledScoreMemo()
    ) {
        self.plan = plan
        self.dataset = dataset
        self.baselines = baselines
        self.pooledScores = pooledScores
    }

    package func summarise(_ results: [FitResult]) throws -> SweepSummary {
        var summary = try plan.summarise(results, dataset: dataset)
        // In the sweep's order, not the order the fits finished in: the same fits, the same scores.
        let ordered = results.indices.sorted { a, b in
            let (x, y) = (sweepOrder(results[a]), sweepOrder(results[b]))
            return (x.0, x.1, x.2, a) < (y.0, y.1, y.2, b)
        }.map { results[$0] }
        try CrossValidatedScores.apply(ordered, dataset: dataset, memo: pooledScores, to: &summary.meanByRank)
        summary.baselines = baselines
        summary.recommendation = RankRecommendation.choose(summary.meanByRank, tolerance: plan.tolerance)
        summary.recommendedRank = summary.recommendation?.rank
        return summary
    }

    /// A fit's place in the sweep's queue: rank, seed, fold (0 without cross-validation).
    private func sweepOrder(_ fit: FitResult) -> (RankChoice, UInt64, Int) {
        (fit.metrics.rank, fit.metrics.seed, plan.fold(of: fit.metrics.settings.validation) ?? 0)
    }

    /// A single summary of `results`.
    package static func summarise(_ plan: RankSweep, results: [FitResult], dataset: Dataset) throws -> SweepSummary {
        try CrossValidatedSummary(plan, dataset: dataset).summarise(results)
    }

    /// The baselines over every fold the sweep plans (one per distinct held-out set).
    static func baselines(_ plan: RankSweep, dataset: Dataset) throws -> SweepBaselines? {
        guard plan.template.objective == .activity else { return nil }
        var settings = plan.jobs(dataset: dataset, directory: nil).map(\.settings)
        // Fits that each drew their own random trials (an older folder) are scored on the first
        // seed's, as the teacher references are: pooling overlapping draws would count trials twice.
        if plan.splitsFollowSeeds { settings = settings.filter { $0.seed == plan.firstSeed } }
        var seen = Set<CrossValidatedScores.Fold>()
        let folds = try settings.filter { seen.insert(CrossValidatedScores.Fold($0)).inserted }.map {
            try HeldOutData(of: $0, dataset: dataset)
        }
        // A held-out time block's training side is the same trials at other steps: a per-bin
        // mean or regression has nothing to learn at the held-out bins, and the training trials
        // are the held-out ones. No baseline is scored rather than one that saw the held-out data.
        guard !folds.contains(where: { $0.steps != nil }) else { return nil }
        let ranks = plan.ranks.filter { $0 <= dataset.neuronCount }
        return try HeldOutBaselines.pooled(dataset, folds: folds, ranks: ranks)
    }
}
