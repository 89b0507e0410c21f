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
        let summariser = try group.summary?.baselines.map { CrossValidatedSummary(plan, dataset: dataset, baselines: $0) }
            ?? CrossValidatedSummary(plan, dataset: dataset)
        let summary = group.toWrite(try summariser.summarise(results))
        if let directory = group.directory { try SweepFolder(URL(fileURLWithPath: directory)).write(summary) }
        return summary
    }
}
