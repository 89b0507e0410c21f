import Foundation
import LintelEngine
import Testing

@testable import LintelCommands

/// The table `lintel sweep` prints, on a constructed cross-validated summary.
@Suite("Sweep table")
struct SweepTableTests {
    static func row(_ rank: RankChoice, pooled: Double, mean: Double, sd: Double, train: Double, folds: (Double, Double)) -> SweepRankMean {
        var row = SweepRankMean(rank: rank, meanR2: mean, standardDeviation: sd, minimum: folds.0 - 0.05, maximum: folds.1 + 0.05)
        row.fits = 24
        row.r2Pooled = pooled
        row.meanTrainR2 = train
        row.folds = 8
        row.foldMinimum = folds.0
        row.foldMaximum = folds.1
        return row
    }

    static func summary() -> SweepSummary {
        var summary = SweepSummary(
            results: [], recommendedRank: nil, tolerance: 0.01, rule: RankRecommendation.rule,
            meanByRank: [
                row(.low(1), pooled: 0.412, mean: 0.405, sd: 0.112, train: 0.530, folds: (0.201, 0.603)),
                row(.low(2), pooled: 0.583, mean: 0.571, sd: 0.098, train: 0.612, folds: (0.377, 0.731)),
                row(.low(3), pooled: 0.601, mean: 0.590, sd: 0.090, train: 0.660, folds: (0.402, 0.752)),
                row(.full, pooled: 0.301, mean: 0.290, sd: 0.050, train: 0.320, folds: (0.210, 0.380)),
            ],
            dataSha256: "00", data: "m1.npz", version: "test")
        summary.recommendation = RankRecommendation.choose(summary.meanByRank, tolerance: 0.01)
        summary.recommendedRank = summary.recommendation?.rank
        summary.baselines = SweepBaselines(
            folds: 8, trainingMean: 0.38, inputRegression: 0.76,
            pcaReconstruction: [1, 2, 3].map { SweepBaselines.RankBaseline(rank: $0, r2Pooled: 0.3 + 0.1 * Double($0)) })
        summary.fullRank = FullRankReference(summary.meanByRank)
        return summary
    }

    @Test("per rank the pooled R², fold range, sd, training R² and PCA baseline; the baselines, the rule's interval and the full-rank verdict; at most 100 columns")
    func crossValidatedTable() throws {
        let text = SweepTable.render(Self.summary())
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(text)")
        #expect(lines[0] == "rank  fits  pooled R²  fold range     mean R²  sd     train R²  PCA R²")
        #expect(lines[1] == "1     24    0.412      0.201–0.603    0.405    0.112  0.530     0.400")
        #expect(lines[2] == "2     24    0.583      0.377–0.731    0.571    0.098  0.612     0.500   ← recommended")
        #expect(lines[4].hasPrefix("full  24    0.301      0.210–0.380    0.290    0.050  0.320     –"))
        // The lines under the table are wrapped, their continuations indented: read them as one text.
        let joined = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(joined.contains("baselines on the same held-out data (pooled over 8 folds): training trials' mean 0.380, ridge on the inputs per time bin 0.760"))
        #expect(joined.contains("ranks 2–3 are within one standard error (0.018) of the best (rank 3): the data do not decide between them; the smallest is recommended."))
        #expect(joined.contains("full rank: training R² 0.32 < rank 3's 0.66 — it did not converge; not a ceiling."))
        #expect(lines.last == "recommended rank: 2")
        // Without settings (a constructed summary) no hint about --lr: it would not know the rate.
        #expect(!joined.contains("--lr"))
        var withSettings = Self.summary()
        withSettings.settings = FitSettings(rank: .low(1))
        #expect(SweepTable.render(withSettings).contains("full rank trains at lr 1e-4 unless --lr is given"))
    }

    @Test("long lines break at spaces into lines of at most 100 columns")
    func wrapping() {
        let words = Array(repeating: "word", count: 60).joined(separator: " ")
        let lines = SweepTable.wrap(words)
        // 20 words fill the first line (99 columns), 19 each indented continuation.
        #expect(lines.count == 4 && lines.allSatisfy { $0.count <= 100 } && lines[1].hasPrefix("  word"))
        #expect(lines.joined(separator: " ").split(separator: " ").count == 60)
    }
}
