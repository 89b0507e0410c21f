import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

/// Fits with different seeds are scored on the same validation trials, so that a sweep's seeds
/// and its teacher ceiling compare like with like.
@Suite("Validation split seed")
struct SplitSeedTests {
    static var configuration: SyntheticTeacher.Configuration {
        var configuration = SyntheticTeacher.Configuration()
        configuration.units = 12
        configuration.rank = 1
        configuration.trials = 40
        configuration.steps = 10
        return configuration
    }

    @Test("a sweep's seeds validate on the trials its summary scores the teacher on")
    func sweepSeedsShareTheSplit() async throws {
        let teacher = SyntheticTeacher.model(Self.configuration)
        let dataset = SyntheticTeacher.dataset(Self.configuration, teacher: teacher)
        var template = FitSettings(rank: .low(1))
        template.epochs = 2
        var sweep = RankSweep(ranks: [1], seedCount: 3, template: template, teacher: teacher)
        sweep.firstSeed = 4
        let engine = FitEngine(maximumConcurrentFits: 2)
        var validationTrials: [[Int]] = []
        for job in sweep.jobs(dataset: dataset, directory: nil) {
            guard case .finished(_, let result) = await engine.run(job) else {
                Issue.record("fit \(job.label) did not finish")
                continue
            }
            validationTrials.append(result.metrics.validationTrials)
        }
        #expect(validationTrials.count == 3)
        let expected = try TrialSplit.make(.fraction(0.2), dataset: dataset, seed: 1).validation
        #expect(validationTrials.allSatisfy { $0 == expected })
        // Seed 4 on its own would have drawn other trials (what the sweep did before).
        #expect(try TrialSplit.make(.fraction(0.2), dataset: dataset, seed: 4).validation != expected)
    }

    @Test("--split-seed moves the split; the fit seed does not")
    func splitFollowsSplitSeed() throws {
        let dataset = SyntheticTeacher.dataset(Self.configuration, teacher: SyntheticTeacher.model(Self.configuration))
        var settings = FitSettings(rank: .low(1))
        settings.seed = 7
        let one = try FitSettingsCheck.validate(settings, for: dataset)
        settings.seed = 8
        #expect(try FitSettingsCheck.validate(settings, for: dataset) == one)
        settings.splitSeed = 2
        #expect(try FitSettingsCheck.validate(settings, for: dataset) != one)
    }

    @Test("settings are written with split_seed; settings written before it keep their seed's split")
    func coding() throws {
        var settings = FitSettings(rank: .low(2))
        settings.seed = 3
        let data = try JSONEncoder().encode(settings)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["split_seed"] as? Int == 1)
        #expect(try JSONDecoder().decode(FitSettings.self, from: data) == settings)

        var older = object
        older.removeValue(forKey: "split_seed")
        let decoded = try JSONDecoder().decode(
            FitSettings.self, from: try JSONSerialization.data(withJSONObject: older))
        #expect(decoded.splitSeed == 3)
        #expect(decoded.seed == 3)
    }

    @Test("sweep.json reads back as written: the shared split seed, each seed its own (null), or none")
    func sweepSummaryRoundTrips() throws {
        let dataset = SyntheticTeacher.dataset(Self.configuration, teacher: SyntheticTeacher.model(Self.configuration))
        var template = FitSettings(rank: .low(1))
        template.splitSeed = 7
        var sweep = RankSweep(ranks: [1, 2], seedCount: 2, includeFullRank: true, template: template)
        func readBack(_ summary: SweepSummary) throws -> (SweepSummary, [String: Any]) {
            let data = try JSONEncoder.lintel.encode(summary)
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return (try JSONDecoder.lintel.decode(SweepSummary.self, from: data), object)
        }
        let shared = try sweep.summarise([], dataset: dataset)
        var (decoded, object) = try readBack(shared)
        #expect(decoded == shared && decoded.splitSeed == 7 && !decoded.splitsFollowSeeds)
        #expect(object["planned_runs"] as? [String] == ["rank1-seed1", "rank1-seed2", "rank2-seed1", "rank2-seed2", "full-seed1"])
        #expect(decoded.settings == template)

        sweep.splitsFollowSeeds = true
        let own = try sweep.summarise([], dataset: dataset)
        (decoded, object) = try readBack(own)
        #expect(object["split_seed"] is NSNull)
        #expect(decoded == own && decoded.splitsFollowSeeds && decoded.splitSeed == nil)

        sweep.splitsFollowSeeds = false
        sweep.template.validation = .trials([0, 1])
        let named = try sweep.summarise([], dataset: dataset)
        (decoded, object) = try readBack(named)
        #expect(object["split_seed"] == nil)
        #expect(decoded == named && !decoded.splitsFollowSeeds && decoded.splitSeed == nil)
    }
}
