import Foundation
import LintelEngine
import Testing

/// The one-standard-error rank rule (``RankRecommendation``) on constructed scores, the full-rank
/// reference, and sweep.json's new keys read and written (and older files still read).
@Suite("Rank recommendation and the full-rank reference")
struct RankRecommendationTests {
    /// A rank's row with a pooled score, an sd over `fits` fits and a mean of its own.
    static func row(_ rank: RankChoice, pooled: Double?, mean: Double, sd: Double = 0, fits: Int = 1, train: Double? = nil) -> SweepRankMean {
        var row = SweepRankMean(rank: rank, meanR2: mean, standardDeviation: sd, minimum: mean - sd, maximum: mean + sd)
        row.fits = fits
        row.r2Pooled = pooled
        row.meanTrainR2 = train
        return row
    }

    @Test("ranks within one standard error of the best (sd/√fits of the best rank) are undecided, and the smallest is recommended")
    func oneStandardError() throws {
        // Rank 4 best at 0.64; its 25 fits have sd 0.1: SE 0.02, so ranks scoring ≥ 0.62 are within.
        let means = [
            Self.row(.low(1), pooled: 0.40, mean: 0.40, sd: 0.1, fits: 25),
            Self.row(.low(2), pooled: 0.61, mean: 0.61, sd: 0.1, fits: 25),
            Self.row(.low(3), pooled: 0.625, mean: 0.625, sd: 0.1, fits: 25),
            Self.row(.low(4), pooled: 0.64, mean: 0.64, sd: 0.1, fits: 25),
        ]
        let choice = try #require(RankRecommendation.choose(means, tolerance: 0.01))
        #expect(choice.bestRank == 4 && choice.bestR2 == 0.64)
        #expect(abs(choice.standardError - 0.02) < 1e-12 && choice.margin == choice.standardError)
        #expect(choice.withinOneStandardError == [3, 4] && choice.rank == 3 && choice.isUndecided)
        #expect(choice.verdict == "ranks 3–4 are within one standard error (0.020) of the best (rank 4): the data do not decide between them; the smallest is recommended")
        #expect(RankSweep.recommendedRank(means, tolerance: 0.01) == 3)
    }

    @Test("with one fit per rank there is no standard error and the tolerance is the whole margin, as the older rule had it")
    func toleranceFloor() throws {
        let means = [Self.row(.low(1), pooled: 0.80, mean: 0.80), Self.row(.low(2), pooled: 0.805, mean: 0.805), Self.row(.low(3), pooled: 0.83, mean: 0.83)]
        let tight = try #require(RankRecommendation.choose(means, tolerance: 0.01))
        #expect(tight.standardError == 0 && tight.margin == 0.01 && tight.rank == 3 && !tight.isUndecided)
        #expect(tight.verdict == "rank 3 is best; no other rank is within the tolerance 0.010 (one standard error is 0.000) of it")
        let loose = try #require(RankRecommendation.choose(means, tolerance: 0.05))
        #expect(loose.withinOneStandardError == [1, 2, 3] && loose.rank == 1)
    }

    @Test("the pooled score decides where there is one; full rank is a reference and never recommended")
    func pooledAndFullRank() throws {
        // Rank 2's fits average higher, but its held-out predictions pooled over folds score lower.
        let means = [
            Self.row(.low(1), pooled: 0.70, mean: 0.60, sd: 0.001, fits: 4),
            Self.row(.low(2), pooled: 0.50, mean: 0.65, sd: 0.001, fits: 4),
            Self.row(.full, pooled: 0.95, mean: 0.95, sd: 0, fits: 1),
        ]
        let choice = try #require(RankRecommendation.choose(means, tolerance: 0.01))
        #expect(choice.bestRank == 1 && choice.rank == 1 && choice.withinOneStandardError == [1])
        // Without pooled scores (a summary of an older version) the means decide.
        let older = means.map { row -> SweepRankMean in var row = row; row.r2Pooled = nil; return row }
        #expect(RankRecommendation.choose(older, tolerance: 0.01)?.rank == 2)
        #expect(RankRecommendation.choose([Self.row(.full, pooled: 0.9, mean: 0.9)], tolerance: 0.01) == nil)
    }

    @Test("a rank's statistics over its fits count them")
    func fitsCounted() throws {
        let row = try #require(SweepRankMean(rank: .low(2), values: [0.5, 0.7, 0.6]))
        #expect(row.fits == 3 && abs(row.meanR2 - 0.6) < 1e-12 && abs(row.standardDeviation - 0.1) < 1e-12)
    }

    @Test("a full-rank fit below the best low rank's training R² is flagged as not converged")
    func fullRankReference() throws {
        let means = [
            Self.row(.low(2), pooled: 0.5, mean: 0.5, train: 0.61),
            Self.row(.low(3), pooled: 0.5, mean: 0.5, train: 0.66),
            Self.row(.full, pooled: 0.3, mean: 0.3, train: 0.32),
        ]
        let reference = try #require(FullRankReference(means))
        #expect(!reference.converged && reference.bestLowRank == 3)
        #expect(reference.verdict == "full rank: training R² 0.32 < rank 3's 0.66 — it did not converge; not a ceiling")
        var converged = means
        converged[2].meanTrainR2 = 0.9
        #expect(FullRankReference(converged)?.converged == true)
        #expect(FullRankReference(Array(means.prefix(2))) == nil)
    }

    @Test("sweep.json writes the pooled scores, the rule's working, the baselines and the full-rank verdict, and reads them back")
    func roundTrip() throws {
        var summary = SweepSummary(
            results: [], recommendedRank: 3, tolerance: 0.01, rule: RankRecommendation.rule,
            meanByRank: [
                Self.row(.low(3), pooled: 0.61, mean: 0.6, sd: 0.05, fits: 16, train: 0.66),
                Self.row(.full, pooled: 0.3, mean: 0.31, sd: 0.02, fits: 8, train: 0.32),
            ],
            dataSha256: "00", data: "m1.npz", version: "test")
        summary.meanByRank[0].folds = 8
        summary.meanByRank[0].foldMinimum = 0.2
        summary.meanByRank[0].foldMaximum = 0.8
        summary.recommendation = RankRecommendation.choose(summary.meanByRank, tolerance: 0.01)
        summary.baselines = SweepBaselines(
            folds: 8, trainingMean: 0.38, inputRegression: 0.76,
            pcaReconstruction: [SweepBaselines.RankBaseline(rank: 3, r2Pooled: 0.74)])
        summary.fullRank = FullRankReference(summary.meanByRank)
        let data = try JSONEncoder.lintel.encode(summary)
        #expect(try JSONDecoder.lintel.decode(SweepSummary.self, from: data) == summary)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let row = try #require((object["mean_by_rank"] as? [[String: Any]])?.first)
        for key in ["r2_pooled", "r2_mean", "r2_sd", "mean_r2", "std_r2", "folds", "fits", "r2_fold_min", "r2_fold_max"] {
            #expect(row[key] != nil, "mean_by_rank lacks \(key)")
        }
        #expect((object["full_rank"] as? [String: Any])?["converged"] as? Bool == false)
        #expect((object["recommendation"] as? [String: Any])?["ranks_within"] as? [Int] == [3])
        #expect((object["baselines"] as? [String: Any])?["input_regression"] != nil)
    }

    @Test("a sweep.json of an earlier version, without any of the new keys, still reads")
    func olderFile() throws {
        let json = """
            {"results": [{"rank": 1, "seed": 1, "r2_global": 0.5, "r2_median": 0.4, "validation_loss": 0.1,
              "best_epoch": 3, "wall_seconds": 1, "run": "rank1-seed1"}],
             "recommended_rank": 1, "tolerance": 0.01, "rule": "smallest rank within tolerance of the best mean validation R²",
             "mean_by_rank": [{"rank": 1, "mean_r2": 0.5, "std_r2": 0, "min_r2": 0.5, "max_r2": 0.5}],
             "data_sha256": "00", "data": "d.npz", "version": "0.1"}
            """
        let summary = try JSONDecoder.lintel.decode(SweepSummary.self, from: Data(json.utf8))
        #expect(summary.recommendedRank == 1 && summary.recommendation == nil && summary.baselines == nil && summary.fullRank == nil)
        #expect(summary.meanByRank[0].r2Pooled == nil && summary.meanByRank[0].fits == nil && summary.meanByRank[0].meanR2 == 0.5)
    }
}
