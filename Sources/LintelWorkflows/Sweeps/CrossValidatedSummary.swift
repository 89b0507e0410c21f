import LintelData
import LintelEngine

/// A sweep's summary as both front ends write and show it (`lintel sweep` after each fit and at
/// the end, the workbench's sweeps): the engine's summary of the fits (``RankSweep/summarise``),
/// with each rank's held-out R² pooled over folds (``CrossValidatedScores``), the baselines on
/// the same held-out data (``HeldOutBaselines/pooled(_:folds:ranks:)``), and the rank rule
/// (``RankRecommendation``) applied to the pooled scores.
package enum CrossValidatedSummary {
    package static func summarise(_ plan: RankSweep, results: [FitResult], dataset: Dataset) throws -> SweepSummary {
        var summary = try plan.summarise(results, dataset: dataset)
        try CrossValidatedScores.apply(results, dataset: dataset, to: &summary.meanByRank)
        summary.baselines = try baselines(plan, results: results, dataset: dataset)
        summary.recommendation = RankRecommendation.choose(summary.meanByRank, tolerance: plan.tolerance)
        summary.recommendedRank = summary.recommendation?.rank
        return summary
    }

    /// The baselines over every fold the sweep plans or holds (known before any fit finishes);
    /// nil for fits of a readout, whose held-out data are targets rather than activity.
    static func baselines(_ plan: RankSweep, results: [FitResult], dataset: Dataset) throws -> SweepBaselines? {
        guard plan.template.objective == .activity else { return nil }
        var settings = plan.jobs(dataset: dataset, directory: nil).map(\.settings) + results.map(\.metrics.settings)
        // Fits that each drew their own random trials (an older folder) are scored on the first
        // seed's, as the teacher references are: pooling overlapping draws would count trials twice.
        if plan.splitsFollowSeeds { settings = settings.filter { $0.seed == plan.firstSeed } }
        var seen = Set<CrossValidatedScores.Fold>()
        let folds = try settings.filter { seen.insert(CrossValidatedScores.Fold($0)).inserted }.map {
            try HeldOutData(of: $0, dataset: dataset)
        }
        let ranks = plan.ranks.filter { $0 <= dataset.neuronCount }
        return try HeldOutBaselines.pooled(dataset, folds: folds, ranks: ranks)
    }
}
