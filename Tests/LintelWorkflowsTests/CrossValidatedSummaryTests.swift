import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelWorkflows

/// Held-out R² pooled over folds (``PooledHeldOutR2``, ``CrossValidatedScores``), the baselines
/// pooled the same way, and the summary both front ends write (``CrossValidatedSummary``), each
/// against a computation of its own here.
@Suite("Cross-validated sweep summary")
struct CrossValidatedSummaryTests {
    /// 12 trials × 8 steps × 6 neurons of smooth activity after an input pulse, no mask.
    static func dataset() -> Dataset {
        var random = SeededRandom(seed: 4)
        let noise: [Float] = random.gaussians(12 * 8 * 6)
        var storage = [Float](repeating: 0, count: 12 * 8 * 6)
        for trial in 0..<12 {
            for t in 0..<8 {
                for n in 0..<6 {
                    let i = (trial * 8 + t) * 6 + n
                    storage[i] = Float(0.5 * sin(Double(t + n) * 0.7 + Double(trial % 4))) + 0.05 * noise[i]
                }
            }
        }
        var inputs = Tensor3<Float>(12, 8, 2)
        for trial in 0..<12 {
            inputs.storage[(trial * 8 + 1) * 2] = Float(cos(Double(trial % 4)))
            inputs.storage[(trial * 8 + 1) * 2 + 1] = Float(sin(Double(trial % 4)))
        }
        return Dataset(activity: Tensor3(12, 8, 6, storage: storage), inputs: inputs, file: "(memory)")
    }

    static let folds: [ValidationChoice] = [.trials([0, 1, 2]), .trials([3, 4, 5]), .trials([6, 7, 8]), .trials([9, 10, 11])]

    static func template() -> FitSettings {
        var template = FitSettings(rank: .low(1))
        template.epochs = 4
        template.batchSize = 4
        template.validation = folds[0]
        return template
    }

    /// Every fit of ranks × seeds × folds, as a cross-validated sweep makes them.
    static func fits(_ dataset: Dataset, ranks: [Int], seeds: [UInt64], folds: [ValidationChoice]) async throws -> [FitResult] {
        let engine = FitEngine()
        var results: [FitResult] = []
        for rank in ranks {
            for seed in seeds {
                for (index, fold) in folds.enumerated() {
                    var settings = template()
                    settings.rank = .low(rank)
                    settings.seed = seed
                    settings.validation = fold
                    let job = FitJob(dataset: dataset, settings: settings, runDirectory: nil, label: "rank\(rank)-seed\(seed)-fold\(index)")
                    guard case .finished(_, let result) = await engine.run(job) else { throw CancellationError() }
                    results.append(result)
                }
            }
        }
        return results
    }

    /// 1 − Σ(ŷ − y)² / Σ(y − ȳ)², ȳ the mean of every entry: the global R² without a mask.
    static func r2(predicted: [Double], observed: [Double]) -> Double {
        let mean = observed.reduce(0, +) / Double(observed.count)
        let sse = zip(predicted, observed).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let sst = observed.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return 1 - sse / sst
    }

    @Test("pooling two held-out sets scores every entry against the mean of all of them (closed form), with or without a mask")
    func pooledClosedForm() throws {
        // Observed 1, 3 | 5, predicted 2, 3 | 4: SSE 2, Σ(y − 3)² 8, R² 0.75 (the folds alone: 0.5 and undefined).
        var pooled = PooledHeldOutR2()
        pooled.add(predicted: Tensor3<Double>(2, 1, 1, storage: [2, 3]), observed: Tensor3(2, 1, 1, storage: [1, 3]), mask: nil)
        pooled.add(predicted: Tensor3<Double>(1, 1, 1, storage: [4]), observed: Tensor3(1, 1, 1, storage: [5]), mask: nil)
        #expect(abs((pooled.r2 ?? .nan) - 0.75) < 1e-12)
        // Masking the 3 out leaves 1 and 5 around their mean 3: SSE 2, Σ 8, R² 0.75 again; masking the 5 out
        // of the second set instead leaves 1, 3 (mean 2): SSE 1, Σ 2, R² 0.5.
        var masked = PooledHeldOutR2()
        masked.add(predicted: Tensor3<Double>(2, 1, 1, storage: [2, 3]), observed: Tensor3(2, 1, 1, storage: [1, 3]), mask: nil)
        masked.add(predicted: Tensor3<Double>(1, 1, 1, storage: [4]), observed: Tensor3(1, 1, 1, storage: [5]), mask: Tensor3(1, 1, 1, storage: [0]))
        #expect(abs((masked.r2 ?? .nan) - 0.5) < 1e-12)
        #expect(PooledHeldOutR2().r2 == nil)
    }

    @Test("each rank's pooled R² is the mean over seeds of the R² of all its folds' held-out predictions together, simulated here")
    func pooledOverFolds() async throws {
        let dataset = Self.dataset()
        let results = try await Self.fits(dataset, ranks: [1, 2], seeds: [1, 2], folds: Self.folds)
        var plan = RankSweep(ranks: [1, 2], seedCount: 2, template: Self.template())
        plan.tolerance = 0.01
        let summary = try CrossValidatedSummary.summarise(plan, results: results, dataset: dataset)
        for rank in [1, 2] {
            var perSeed: [Double] = []
            for seed: UInt64 in [1, 2] {
                var predicted: [Double] = [], observed: [Double] = []
                for fit in results where fit.metrics.rank == .low(rank) && fit.metrics.seed == seed {
                    guard case .trials(let trials) = fit.metrics.settings.validation else { throw CancellationError() }
                    let run = Simulator.run(fit.model, inputs: dataset.inputs.selecting(trials), noiseStandardDeviation: 0)
                    predicted += (fit.metrics.settings.target == .rates ? run.rates : run.states).storage.map(Double.init)
                    observed += dataset.activity.selecting(trials).storage.map(Double.init)
                }
                #expect(predicted.count == dataset.activity.count)
                perSeed.append(Self.r2(predicted: predicted, observed: observed))
            }
            let row = try #require(summary.meanByRank.first { $0.rank == .low(rank) })
            #expect(abs((row.r2Pooled ?? .nan) - perSeed.reduce(0, +) / 2) < 1e-6, "rank \(rank)")
            #expect(row.folds == 4 && row.fits == 8)
            let byFold = Self.folds.map { fold in
                let scores = results.filter { $0.metrics.rank == .low(rank) && $0.metrics.settings.validation == fold }.map(\.metrics.r2Global)
                return scores.reduce(0, +) / Double(scores.count)
            }
            #expect(row.foldMinimum == byFold.min() && row.foldMaximum == byFold.max())
        }
        // The baselines cover the held-out sets the plan makes (here its template's one; a plan
        // with folds plans every fold), computed once before any fit.
        #expect(summary.baselines?.folds == 1)
        #expect(summary.recommendation == RankRecommendation.choose(summary.meanByRank, tolerance: 0.01))
        #expect(summary.recommendedRank == summary.recommendation?.rank)
    }

    /// Each rank's pooled R² of `fits`, simulated here: per seed, the R² of all its folds'
    /// held-out activity together, then the mean over seeds.
    static func simulatedPooledR2(_ fits: [FitResult], dataset: Dataset) throws -> [RankChoice: Double] {
        var byRank: [RankChoice: Double] = [:]
        for rank in Set(fits.map(\.metrics.rank)) {
            let ofRank = fits.filter { $0.metrics.rank == rank }
            var perSeed: [Double] = []
            for seed in Set(ofRank.map(\.metrics.seed)) {
                var predicted: [Double] = [], observed: [Double] = []
                for fit in ofRank where fit.metrics.seed == seed {
                    guard case .trials(let trials) = fit.metrics.settings.validation else { throw CancellationError() }
                    let run = Simulator.run(fit.model, inputs: dataset.inputs.selecting(trials), noiseStandardDeviation: 0)
                    predicted += (fit.metrics.settings.target == .rates ? run.rates : run.states).storage.map(Double.init)
                    observed += dataset.activity.selecting(trials).storage.map(Double.init)
                }
                perSeed.append(r2(predicted: predicted, observed: observed))
            }
            byRank[rank] = perSeed.reduce(0, +) / Double(perSeed.count)
        }
        return byRank
    }

    @Test("a sweep's partial summaries, fits finishing in any order, pool each rank as a re-simulation of its finished folds does, and end as one summary of all fits")
    func partialSummaries() async throws {
        let dataset = Self.dataset()
        let results = try await Self.fits(dataset, ranks: [1, 2], seeds: [1, 2], folds: Self.folds)
        var plan = RankSweep(ranks: [1, 2], seedCount: 2, template: Self.template())
        plan.crossValidation = CrossValidationPlan(scheme: "kfold:4", folds: Self.folds)
        var random = SeededRandom(seed: 28)
        let finishing = random.permutation(results.count).map { results[$0] }
        // One summariser for the whole sweep, as `lintel sweep` and the workbench keep it.
        let summariser = try CrossValidatedSummary(plan, dataset: dataset)
        var finished: [FitResult] = []
        var partial: SweepSummary? = nil
        for fit in finishing {
            finished.append(fit)
            let summary = try summariser.summarise(finished)
            let expected = try Self.simulatedPooledR2(finished, dataset: dataset)
            for (rank, r2) in expected {
                let row = try #require(summary.meanByRank.first { $0.rank == rank })
                #expect(abs((row.r2Pooled ?? .nan) - r2) < 1e-9, "rank \(rank) after \(finished.count) fits")
            }
            partial = summary
        }
        // The last partial summary is, to the bit, a summary of every fit made at once in the
        // sweep's order, and one of the fits in another order.
        let atOnce = try CrossValidatedSummary.summarise(plan, results: results, dataset: dataset)
        #expect(partial == atOnce)
        #expect(try CrossValidatedSummary.summarise(plan, results: finishing.reversed(), dataset: dataset) == atOnce)
    }

    @Test("without cross-validation the pooled R² is the plain validation R²")
    func oneSplit() async throws {
        let dataset = Self.dataset()
        let results = try await Self.fits(dataset, ranks: [1], seeds: [1, 2], folds: [.trials([3, 7])])
        var template = Self.template()
        template.validation = .trials([3, 7])
        let summary = try CrossValidatedSummary.summarise(RankSweep(ranks: [1], seedCount: 2, template: template), results: results, dataset: dataset)
        let row = try #require(summary.meanByRank.first)
        #expect(abs((row.r2Pooled ?? .nan) - row.meanR2) < 1e-9 && row.folds == 1)
        #expect(summary.baselines?.folds == 1)
    }

    @Test("baselines pooled over leave-one-trial-out folds: the training mean scored as computed here, one fold as on its own")
    func baselinesOverFolds() throws {
        let dataset = Self.dataset()
        var settings = FitSettings(rank: .low(1))
        let folds = try (0..<12).map { trial -> HeldOutData in
            settings.validation = .trials([trial])
            return try HeldOutData(of: settings, dataset: dataset)
        }
        let pooled = try #require(try HeldOutBaselines.pooled(dataset, folds: folds, ranks: [1, 6]))
        // Each trial predicted by the mean of the other eleven.
        let plane = dataset.stepCount * dataset.neuronCount
        let activity = dataset.activity.storage.map(Double.init)
        var predicted: [Double] = []
        for trial in 0..<12 {
            for index in 0..<plane {
                let others = (0..<12).filter { $0 != trial }.map { activity[$0 * plane + index] }
                predicted.append(others.reduce(0, +) / 11)
            }
        }
        #expect(abs(pooled.trainingMean - Self.r2(predicted: predicted, observed: activity)) < 1e-9)
        #expect(pooled.folds == 12 && pooled.inputRegression != nil)
        // As many PCA dimensions as neurons reconstruct every held-out trial.
        #expect(abs((pooled.pca(6) ?? .nan) - 1) < 1e-6)
        // One fold pooled is that fold's own score (which matches numpy: HeldOutBaselinesTests).
        let alone = try HeldOutBaselines.score(dataset, training: folds[5].trainingTrials, heldOut: [5], ranks: [1])
        let one = try #require(try HeldOutBaselines.pooled(dataset, folds: [folds[5]], ranks: [1]))
        #expect(one.trainingMean == alone.trainingMean && one.inputRegression == alone.inputRegression && one.pca(1) == alone.pcaReconstruction[1])
    }
}
