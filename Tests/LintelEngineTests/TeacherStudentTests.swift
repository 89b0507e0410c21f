import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

/// Small versions of the teacher–student check: a sweep over ranks recommends the
/// teacher's rank, fits it well and recovers its effective connectivity.
@Suite("Teacher–student rank recovery")
struct TeacherStudentTests {
    @Test("a sweep over ranks 1–3 recovers a rank-2 teacher")
    func recoversRankTwo() async throws {
        var configuration = SyntheticTeacher.Configuration()
        configuration.units = 30
        configuration.rank = 2
        configuration.trials = 80
        configuration.steps = 40
        let teacher = SyntheticTeacher.model(configuration)
        let dataset = SyntheticTeacher.dataset(configuration, teacher: teacher)
        var template = FitSettings(rank: .low(1))
        template.epochs = 150
        template.batchSize = 16
        let sweep = RankSweep(ranks: [1, 2, 3], template: template, teacher: teacher)
        let engine = FitEngine(maximumConcurrentFits: 2)
        var results: [FitResult] = []
        for job in sweep.jobs(dataset: dataset, directory: nil) {
            if case .finished(_, let result) = await engine.run(job) { results.append(result) }
        }
        #expect(results.count == 3)
        let summary = try sweep.summarise(results, dataset: dataset)
        let rankTwo = try #require(summary.results.first { $0.rank == .low(2) })
        let rankOne = try #require(summary.results.first { $0.rank == .low(1) })
        print("teacher–student:", summary.meanByRank.map { "\($0.rank): \($0.meanR2)" }, "ECC", rankTwo.effectiveConnectivityCorrelation ?? .nan, "teacher", summary.teacherR2 ?? .nan)
        #expect(summary.recommendedRank == 2)
        #expect(rankTwo.r2Global >= 0.85)
        #expect(rankOne.r2Global < rankTwo.r2Global - 0.03)
        #expect((rankTwo.effectiveConnectivityCorrelation ?? 0) >= 0.85)
        // The truncated-SVD baseline of the teacher itself is exact from rank 2 on.
        let truncated = try #require(summary.truncated)
        #expect(truncated.first { $0.rank == 2 }!.r2Global > truncated.first { $0.rank == 1 }!.r2Global)
        #expect(abs(truncated.first { $0.rank == 2 }!.r2Global - summary.teacherR2!) < 1e-3)
    }

    @Test("the recommendation rule: smallest rank within the tolerance of the best mean")
    func recommendationRule() throws {
        let dataset = Dataset(activity: Tensor3(4, 2, 3, repeating: 0.1))
        func result(_ rank: Int, _ seed: UInt64, _ r2: Double) -> FitResult {
            var settings = FitSettings(rank: .low(rank))
            settings.seed = seed
            var random = SeededRandom(seed: seed)
            let metrics = FitMetrics(
                rank: .low(rank), seed: seed, epochs: 1, bestEpoch: 1, r2Global: r2, r2Median: r2,
                r2PerNeuron: [], trainLoss: 0, validationLoss: 0, wallSeconds: 0, settings: settings,
                dataSha256: "", version: "", data: "", status: "completed", epochsCompleted: 1,
                trainingTrials: 3, validationTrials: [0], singularValues: nil)
            return FitResult(
                model: .randomLowRank(units: 3, rank: rank, inputs: 0, random: &random), metrics: metrics,
                history: [], runDirectory: nil)
        }
        let results = [
            result(1, 1, 0.70), result(1, 2, 0.72),
            result(2, 1, 0.930), result(2, 2, 0.934),
            result(3, 1, 0.941), result(3, 2, 0.939),
            result(4, 1, 0.945), result(4, 2, 0.943),
        ]
        let sweep = RankSweep(ranks: [1, 2, 3, 4], seedCount: 2, template: FitSettings(rank: .low(1)))
        let summary = try sweep.summarise(results, dataset: dataset)
        // Best mean 0.944 (rank 4); rank 2 (0.932) misses by 0.012 > 0.01, rank 3 (0.940) is within.
        #expect(summary.recommendedRank == 3)
        let tolerant = RankSweep(ranks: [1, 2, 3, 4], seedCount: 2, tolerance: 0.02, template: FitSettings(rank: .low(1)))
        #expect(try tolerant.summarise(results, dataset: dataset).recommendedRank == 2)
        let rankTwo = summary.meanByRank.first { $0.rank == .low(2) }!
        #expect(abs(rankTwo.meanR2 - 0.932) < 1e-12)
        #expect(abs(rankTwo.standardDeviation - (0.004 / 2.0.squareRoot())) < 1e-12)
    }

    @Test("the rule ignores full rank and non-finite means; no finite low rank, no recommendation")
    func recommendationRuleEdges() throws {
        func mean(_ rank: RankChoice, _ values: [Double]) throws -> SweepRankMean {
            try #require(SweepRankMean(rank: rank, values: values))
        }
        let means = [
            try mean(.low(1), [0.80]), try mean(.low(2), [0.905, 0.915]), try mean(.low(3), [.nan]),
            try mean(.full, [0.99]),
        ]
        // Full rank (0.99) is not the best to compare with; rank 2's mean 0.91 is.
        #expect(RankSweep.recommendedRank(means, tolerance: 0.01) == 2)
        #expect(RankSweep.recommendedRank(means, tolerance: 0.2) == 1)
        #expect(RankSweep.recommendedRank([try mean(.full, [0.9]), try mean(.low(1), [.nan])], tolerance: 0.01) == nil)
        #expect(SweepRankMean(rank: .low(1), values: []) == nil)
        let one = try mean(.low(1), [0.5])
        #expect(one.standardDeviation == 0 && one.minimum == 0.5 && one.maximum == 0.5)
    }
}
