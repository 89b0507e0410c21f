import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

/// Cross-validation folds (docs/METHOD.md, "Cross-validation"): what each fold holds out, how a
/// held-out block of time is masked, and starts that would carry held-out data into a fit.
@Suite("Cross-validation folds")
struct CrossValidationTests {
    /// The small problem with condition labels 0…(labels − 1), trial i labelled i mod labels.
    static func labelled(_ labels: Int = 4, trials: Int = 24) -> Dataset {
        var dataset = SmallProblem.dataset(trials: trials)
        dataset.condition = (0..<trials).map { $0 % labels }
        return dataset
    }

    /// How often each trial, and each step, is held out over `folds`.
    static func heldOutCounts(_ folds: [ValidationChoice], dataset: Dataset) throws -> [[Int]] {
        var counts = [[Int]](repeating: [Int](repeating: 0, count: dataset.stepCount), count: dataset.trialCount)
        for fold in folds {
            let split = try TrialSplit.make(fold, dataset: dataset, seed: 1)
            for trial in split.validation {
                for t in split.validationSteps ?? 0..<dataset.stepCount { counts[trial][t] += 1 }
            }
        }
        return counts
    }

    @Test("every scheme holds out each trial at each step exactly once across its folds")
    func eachEntryOnce() throws {
        let dataset = Self.labelled(4)
        var unlabelled = dataset
        unlabelled.condition = nil
        for (scheme, data, foldCount) in [
            (CrossValidation.conditions, dataset, 4), (.kFold(3), dataset, 3), (.kFold(5), unlabelled, 5),
            (.time(3), dataset, 3), (.time(20), dataset, 20),
        ] {
            let folds = try scheme.folds(for: data, splitSeed: 7)
            #expect(folds.count == foldCount, "\(scheme.argument)")
            let counts = try Self.heldOutCounts(folds, dataset: data)
            #expect(counts.allSatisfy { $0.allSatisfy { $0 == 1 } }, "\(scheme.argument): \(counts)")
        }
    }

    @Test("conditions: one fold per label, in label order; kfold: groups of labels (or trials) drawn from the split seed")
    func foldLabels() throws {
        let dataset = Self.labelled(4)
        #expect(try CrossValidation.conditions.folds(for: dataset, splitSeed: 1) == (0..<4).map { .condition($0) })
        let three = try CrossValidation.kFold(3).folds(for: dataset, splitSeed: 1)
        let labels = three.map { fold -> [Int] in
            switch fold {
            case .conditions(let labels): labels
            case .condition(let label): [label]
            default: []
            }
        }
        #expect(three.allSatisfy { if case .conditions(let l) = $0 { l.count > 1 } else { true } }, "one label: .condition")
        #expect(labels.flatMap { $0 }.sorted() == [0, 1, 2, 3])
        #expect(labels.map(\.count).sorted() == [1, 1, 2])
        #expect(try CrossValidation.kFold(3).folds(for: dataset, splitSeed: 1) == three, "the same seed, the same folds")
        let seeds = try (1...8).map { try CrossValidation.kFold(3).folds(for: dataset, splitSeed: UInt64($0)) }
        #expect(Set(seeds.map { "\($0)" }).count > 1, "another split seed draws other groups")
        var unlabelled = dataset
        unlabelled.condition = nil
        let trials = try CrossValidation.kFold(4).folds(for: unlabelled, splitSeed: 1)
        #expect(trials.allSatisfy { if case .trials(let t) = $0 { t.count == 6 } else { false } })
        #expect(try CrossValidation.time(3).folds(for: dataset, splitSeed: 1) == [
            .timeBlock(index: 1, of: 3), .timeBlock(index: 2, of: 3), .timeBlock(index: 3, of: 3),
        ])
        #expect(TrialSplit.timeBlock(1, of: 3, steps: 20) == 0..<6)
        #expect(TrialSplit.timeBlock(3, of: 3, steps: 20) == 13..<20)
    }

    @Test("schemes are parsed from their spelling; what the data cannot give is a typed problem")
    func problems() throws {
        #expect(try CrossValidation(argument: "kfold:5") == .kFold(5))
        #expect(try CrossValidation(argument: "time:2").argument == "time:2")
        #expect(throws: CrossValidationProblem.tooFewFolds(argument: "kfold:1")) { try CrossValidation(argument: "kfold:1") }
        #expect(throws: CrossValidationProblem.unknown(argument: "time")) { try CrossValidation(argument: "time") }
        let dataset = Self.labelled(4)
        var unlabelled = dataset
        unlabelled.condition = nil
        #expect(throws: CrossValidationProblem.needsConditions(file: unlabelled.file, scheme: .conditions)) {
            try CrossValidation.conditions.folds(for: unlabelled, splitSeed: 1)
        }
        #expect(throws: CrossValidationProblem.tooManyFolds(file: dataset.file, scheme: .kFold(5), available: 4, of: "condition label")) {
            try CrossValidation.kFold(5).folds(for: dataset, splitSeed: 1)
        }
        #expect(throws: CrossValidationProblem.tooManyFolds(file: dataset.file, scheme: .time(21), available: 20, of: "time step")) {
            try CrossValidation.time(21).folds(for: dataset, splitSeed: 1)
        }
        var single = dataset
        single.condition = [Int](repeating: 2, count: 24)
        #expect(throws: CrossValidationProblem.self) { try CrossValidation.conditions.folds(for: single, splitSeed: 1) }
    }

    @Test("the new held-out choices are written as docs/FORMATS.md says and read back")
    func json() throws {
        for (choice, text) in [
            (ValidationChoice.conditions([1, 5]), #"{"conditions":[1,5]}"#),
            (.timeBlock(index: 2, of: 5), #"{"time_block":{"index":2,"of":5}}"#),
        ] {
            let encoded = String(decoding: try JSONEncoder.lintel.encode(choice), as: UTF8.self)
            #expect(encoded.filter { !$0.isWhitespace } == text)
            #expect(try JSONDecoder().decode(ValidationChoice.self, from: Data(text.utf8)) == choice)
        }
        let plan = CrossValidationPlan(scheme: "conditions", folds: [.condition(0), .condition(3)])
        let encoded = String(decoding: try JSONEncoder.lintel.encode(plan), as: UTF8.self).filter { !$0.isWhitespace }
        #expect(encoded.contains(#""folds":[{"fold":1,"validation":{"condition":0}},{"fold":2,"validation":{"condition":3}}]"#), "\(encoded)")
        #expect(try JSONDecoder().decode(CrossValidationPlan.self, from: Data(encoded.utf8)) == plan)
    }

    /// `dataset` with the activity at `steps` of every trial replaced by other values.
    static func replacing(steps: Range<Int>, in dataset: Dataset) -> Dataset {
        var replaced = dataset
        for trial in 0..<dataset.trialCount {
            for t in steps {
                for i in 0..<dataset.neuronCount {
                    replaced.activity[trial, t, i] = Float(0.9 * sin(Double((trial * 31 + t) * 17 + i) * 12.9898))
                }
            }
        }
        return replaced
    }

    @Test("a held-out time block: the activity inside it changes no parameter and no training loss, only the held-out scores")
    func timeBlockChoosesNothing() async throws {
        var settings = SmallProblem.settings(epochs: 6)
        settings.validation = .timeBlock(index: 2, of: 4)
        let original = SmallProblem.dataset()
        let block = TrialSplit.timeBlock(2, of: 4, steps: original.stepCount)
        let replaced = Self.replacing(steps: block, in: original)
        let first = try await HonestScoringTests.finished(FitJob(dataset: original, settings: settings))
        let second = try await HonestScoringTests.finished(FitJob(dataset: replaced, settings: settings))
        #expect(first.model == second.model)
        #expect(first.history.map(\.trainLoss) == second.history.map(\.trainLoss))
        #expect(first.metrics.trainR2Global == second.metrics.trainR2Global)
        #expect(first.metrics.bestEpoch == second.metrics.bestEpoch)
        #expect(zip(first.history, second.history).allSatisfy { $0.validationLoss != $1.validationLoss })
        #expect(first.metrics.r2Global != second.metrics.r2Global)

        // The activity outside the block is what it trains on: changing it changes the fit.
        let outside = Self.replacing(steps: 0..<block.lowerBound, in: original)
        let third = try await HonestScoringTests.finished(FitJob(dataset: outside, settings: settings))
        #expect(third.model != first.model)
    }

    @Test("a held-out time block is scored on its steps of networks run from the start of every trial")
    func timeBlockScoresWholeTrials() async throws {
        var settings = SmallProblem.settings(epochs: 4)
        settings.validation = .timeBlock(index: 3, of: 3)
        let dataset = SmallProblem.dataset()
        let result = try await HonestScoringTests.finished(FitJob(dataset: dataset, settings: settings))
        // Independently: simulate every trial from t = 0, then R² over the block's entries, one grand mean.
        let rates = Simulator.run(result.model, inputs: dataset.inputs, noiseStandardDeviation: 0).rates
        let block = TrialSplit.timeBlock(3, of: 3, steps: dataset.stepCount)
        var observed: [Double] = [], predicted: [Double] = []
        for trial in 0..<dataset.trialCount {
            for t in block {
                for i in 0..<dataset.neuronCount {
                    observed.append(Double(dataset.activity[trial, t, i]))
                    predicted.append(Double(rates[trial, t, i]))
                }
            }
        }
        let mean = observed.reduce(0, +) / Double(observed.count)
        let sse = zip(observed, predicted).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        let variation = observed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
        #expect(abs(result.metrics.r2Global - (1 - sse / variation)) < 1e-4)
        #expect(abs(result.metrics.validationLoss - sse / Double(observed.count)) < 1e-5)
        #expect(result.metrics.validationTrials == Array(0..<dataset.trialCount))
    }

    @Test("--init svd:RUN is refused when RUN trained on what the fit holds out, and taken when it held out the same")
    func leakage() async throws {
        var dataset = Self.labelled(4)
        dataset.sha256 = String(repeating: "b", count: 64)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-leak-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var full = SmallProblem.settings(epochs: 2)
        full.rank = .full
        full.validation = .condition(1)
        let source = scratch.appendingPathComponent("full")
        _ = try await HonestScoringTests.finished(FitJob(dataset: dataset, settings: full, runDirectory: source))
        var low = SmallProblem.settings(rank: 1, epochs: 2)
        low.initialisation = .svd(runDirectory: source.path)
        low.validation = .condition(3)
        #expect(throws: DataFileError(
            file: source.path,
            problem: "was trained on condition 3, which this fit holds out; initialise from a full-rank fit of the same fold")
        ) { try FitSettingsCheck.validateStart(low, for: dataset) }
        // Through the engine too: the fit fails before training.
        let outcome = await FitEngine().run(FitJob(dataset: dataset, settings: low))
        guard case .failed(_, .invalidInput(let text)) = outcome else {
            Issue.record("expected a refusal, got \(outcome)")
            return
        }
        #expect(text.contains("was trained on condition 3"))
        low.validation = .condition(1)
        try FitSettingsCheck.validateStart(low, for: dataset)
        _ = try await HonestScoringTests.finished(FitJob(dataset: dataset, settings: low))
        low.validation = .timeBlock(index: 1, of: 2)
        #expect(throws: DataFileError.self) { try FitSettingsCheck.validateStart(low, for: dataset) }
        // Trials it trained on, named: the first one is said.
        low.validation = .trials([1, 2])
        #expect(throws: DataFileError(
            file: source.path,
            problem: "was trained on trial 2, which this fit holds out; initialise from a full-rank fit of the same fold")
        ) { try FitSettingsCheck.validateStart(low, for: dataset) }
        // A source trained on other data cannot be compared, and is refused.
        var other = dataset
        other.sha256 = String(repeating: "a", count: 64)
        low.validation = .condition(1)
        #expect(throws: DataFileError.self) { try FitSettingsCheck.validateStart(low, for: other) }
    }

    @Test("a cross-validated sweep plans rank × seed × fold, names folds from 1 and records them in sweep.json")
    func sweepPlan() throws {
        let dataset = Self.labelled(3)
        var sweep = RankSweep(ranks: [1, 2], seedCount: 2, includeFullRank: true, template: SmallProblem.settings())
        #expect(sweep.plannedFits.map { RankSweep.runName(rank: $0.rank, seed: $0.seed, fold: $0.fold) }
            == ["rank1-seed1", "rank1-seed2", "rank2-seed1", "rank2-seed2", "full-seed1"], "without --cv, as before")
        let folds = try CrossValidation.conditions.folds(for: dataset, splitSeed: 1)
        sweep.crossValidation = CrossValidationPlan(scheme: "conditions", folds: folds)
        let names = sweep.plannedFits.map { RankSweep.runName(rank: $0.rank, seed: $0.seed, fold: $0.fold) }
        #expect(names.count == 2 * 2 * 3 + 3)
        #expect(names.prefix(3) == ["rank1-seed1-fold1", "rank1-seed1-fold2", "rank1-seed1-fold3"])
        #expect(names.suffix(3) == ["full-seed1-fold1", "full-seed1-fold2", "full-seed1-fold3"])
        for fit in sweep.plannedFits {
            let name = RankSweep.runName(rank: fit.rank, seed: fit.seed, fold: fit.fold)
            #expect(RankSweep.parseRunName(name)?.fold == fit.fold)
            #expect(sweep.settings(rank: fit.rank, seed: fit.seed, fold: fit.fold).validation == folds[fit.fold! - 1])
        }
        // Low ranks from the sweep's own full-rank fit of their fold: those are planned first.
        let folder = URL(fileURLWithPath: "/tmp/sweep")
        sweep.initialisesFromFullRankIn = folder
        #expect(sweep.plannedFits.prefix(3).allSatisfy { $0.rank == .full })
        #expect(sweep.settings(rank: .low(2), seed: 2, fold: 3).initialisation == .svd(runDirectory: "/tmp/sweep/full-seed1-fold3"))
        #expect(sweep.settings(rank: .full, seed: 1, fold: 3).initialisation == .random)
        let summary = try sweep.summarise([], dataset: dataset)
        #expect(summary.crossValidation?.folds == folds)
        #expect(summary.plannedFits == 15)
        let decoded = try JSONDecoder.lintel.decode(SweepSummary.self, from: try JSONEncoder.lintel.encode(summary))
        #expect(decoded.crossValidation == summary.crossValidation)
        #expect(decoded.startsFromOwnFullRank && summary.startsFromOwnFullRank)
        sweep.initialisesFromFullRankIn = nil
        let plain = String(decoding: try JSONEncoder.lintel.encode(try sweep.summarise([], dataset: dataset)), as: UTF8.self)
        #expect(!plain.contains("full_rank_start") && plain.contains("\"cv\""))
    }
}
