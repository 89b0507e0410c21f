import Foundation
import LintelData
import LintelEngine
import LintelWorkflows

/// A sweep's finished fits to summarise (as `lintel sweep` does) and where to write the result.
struct SweepSummaryJob: Sendable {
    var sweep: SweepID
    var group: SweepGroup
    var plan: RankSweep
    var results: [FitResult]
    var dataset: Dataset

    /// Computes the summary (held-out scores pooled over folds, baselines: ``CrossValidatedSummary``) and writes it as the sweep's sweep.json (when it has a folder).
    func run() throws -> SweepSummary {
        // The baselines depend on the plan alone: those of the sweep's last summary, once it has them.
        // Its pooled scores too: only the rank and seed of the fits that finished since are pooled again.
        let remembered = group.bookkeeping.pooledScores
        let summariser = try group.summary?.baselines.map {
            CrossValidatedSummary(plan, dataset: dataset, baselines: $0, pooledScores: remembered)
        } ?? CrossValidatedSummary(plan, dataset: dataset, pooledScores: remembered)
        let summary = group.toWrite(try summariser.summarise(results))
        if let directory = group.directory { try SweepFolder(URL(fileURLWithPath: directory)).write(summary) }
        return summary
    }
}
