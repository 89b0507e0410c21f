import Foundation
@testable import LintelEngine
import LintelTerminal
import Testing

@testable import LintelWorkbench

/// The Ranks screen of a cross-validated sweep: the summary's pooled scores, fold count and
/// spread, and its rule's working, once the summary counts every finished fit.
@Suite("Ranks screen of a cross-validated sweep")
struct RankOverviewFoldsTests {
    @Test("the fold count, each rank's pooled R² and range over folds, and the rule's verdict come from the summary")
    func foldsFromSummary() throws {
        var state = try WorkbenchFixtures.finishedSweep()
        var summary = try #require(state.sweeps[0].summary)
        summary.results = state.entries.map { entry in
            SweepEntry(
                rank: entry.rank ?? .full, seed: entry.seed ?? 1, r2Global: entry.finalR2 ?? 0, r2Median: 0, validationLoss: 0,
                bestEpoch: 500, wallSeconds: 1, run: entry.label, connectivityCorrelation: nil, effectiveConnectivityCorrelation: nil)
        }
        summary.meanByRank = [(1, 0.40, 0.31, 0.47), (2, 0.86, 0.80, 0.90), (3, 0.85, 0.79, 0.91)].map { rank, pooled, low, high in
            var row = SweepRankMean(rank: .low(rank), meanR2: pooled, standardDeviation: 0.05, minimum: low, maximum: high)
            row.fits = 8
            row.r2Pooled = pooled
            row.folds = 4
            row.foldMinimum = low
            row.foldMaximum = high
            return row
        }
        summary.recommendation = RankRecommendation.choose(summary.meanByRank, tolerance: 0.01)
        summary.recommendedRank = summary.recommendation?.rank
        state.sweeps[0].summary = summary
        let overview = try #require(state.rankOverview)
        #expect(overview.foldCount == 4)
        #expect(overview.stats.first { $0.rank == .low(2) }?.pooled == 0.86)
        #expect(overview.stats.first { $0.rank == .low(3) }?.foldRange == 0.79...0.91)
        #expect(overview.recommendation == summary.recommendation && overview.recommendedRank == 2)
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("held-out R² by rank (4 folds)"), "\(text)")
        #expect(text.contains("pooled R² (4 folds)  R1 0.400 (0.31–0.47)"), "\(text)")
        #expect(text.contains("recommended rank 2 — ranks 2–3 within 0.018 (one SE) of the best, rank 2: data do not decide"), "\(text)")
    }

    @Test("the rank × seed table gains a fold column when the sweep's fits are folds, so that a rank and seed's rows read apart")
    func foldColumn() throws {
        var state = try WorkbenchFixtures.finishedSweep()
        let plain = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(!plain.contains("fold val R²"), "\(plain)")
        for index in state.entries.indices where state.entries[index].rank != .full {
            let entry = state.entries[index]
            state.entries[index].label = "rank\(entry.rank!)-seed1-fold\(entry.seed!)"
        }
        #expect(state.entries.compactMap(\.fold).count == state.entries.count - 1)
        let text = TextBackend.render(WorkbenchView.render(state, width: 120, height: 40))
        #expect(text.contains("rank seed fold  val R"), "\(text)")
        #expect(text.contains("   3    2    2   0.869 500/500 done"), "\(text)")
    }
}
