import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

/// The held-out trials score a fit and choose nothing (docs/METHOD.md §2, "How a fit is scored").
@Suite("Honest scores")
struct HonestScoringTests {
    /// The small problem with 8 training epochs (the training loss still falls at every one).
    static func settings(_ selection: FitSelection) -> FitSettings {
        var settings = SmallProblem.settings(epochs: 8)
        settings.selection = selection
        return settings
    }

    /// `dataset` with the activity of its validation trials replaced by what the fit's *starting*
    /// network produces there: a rule that looked at those trials would keep the starting
    /// parameters (validation loss 0), whatever the training trials say.
    static func heldOutReplaced(_ dataset: Dataset, settings: FitSettings) throws -> (dataset: Dataset, validation: [Int]) {
        let validation = try TrialSplit.make(settings.validation, dataset: dataset, seed: settings.splitSeed).validation
        let start = try StudentInitialisation.model(for: dataset, settings: settings)
        let predicted = Simulator.run(start, inputs: dataset.inputs.selecting(validation), noiseStandardDeviation: 0).rates
        var replaced = dataset
        for (row, trial) in validation.enumerated() {
            for t in 0..<dataset.stepCount {
                for i in 0..<dataset.neuronCount { replaced.activity[trial, t, i] = predicted[row, t, i] }
            }
        }
        return (replaced, validation)
    }

    static func finished(_ job: FitJob) async throws -> FitResult {
        let outcome = await FitEngine().run(job)
        guard case .finished(_, let result) = outcome else { throw FitTestFailure.notFinished("\(outcome)") }
        return result
    }

    enum FitTestFailure: Error { case notFinished(String) }

    @Test(
        "replacing the held-out trials' activity changes no parameter, no training loss and no kept epoch; only the held-out scores",
        arguments: FitSelection.choices)
    func heldOutTrialsChooseNothing(selection: FitSelection) async throws {
        let settings = Self.settings(selection)
        let original = SmallProblem.dataset()
        let (replaced, validation) = try Self.heldOutReplaced(original, settings: settings)
        #expect(validation.count == 5)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-honest-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let first = try await Self.finished(
            FitJob(dataset: original, settings: settings, runDirectory: scratch.appendingPathComponent("original")))
        let second = try await Self.finished(
            FitJob(dataset: replaced, settings: settings, runDirectory: scratch.appendingPathComponent("replaced")))

        // The held-out trials did change what they score.
        let zipped = zip(first.history, second.history)
        #expect(zipped.allSatisfy { $0.validationLoss != $1.validationLoss })
        #expect(first.metrics.r2Global != second.metrics.r2Global)
        // The starting network matches the replaced trials exactly: a rule that looked at them
        // would have kept it (and returned other parameters) instead of a trained epoch.
        #expect(second.history.allSatisfy { $0.validationLoss > 0 })

        // Nothing the fit returns or trains on moved.
        #expect(first.model == second.model)
        #expect(first.history.map(\.trainLoss) == second.history.map(\.trainLoss))
        #expect(first.metrics.bestEpoch == second.metrics.bestEpoch)
        #expect(first.metrics.bestEpoch >= 1, "a trained epoch is kept, not the start")
        #expect(first.metrics.trainLoss == second.metrics.trainLoss)
        #expect(first.metrics.trainR2Global == second.metrics.trainR2Global)
        #expect(first.metrics.selectionLoss == second.metrics.selectionLoss)
        let model = { (name: String) in try Data(contentsOf: scratch.appendingPathComponent(name).appendingPathComponent("model.npz")) }
        #expect(try model("original") == model("replaced"), "model.npz differs byte for byte")
    }

    @Test("the training rule keeps the epoch of lowest mean training loss and reports that loss as the selection score")
    func trainingRule() async throws {
        let result = try await Self.finished(FitJob(dataset: SmallProblem.dataset(), settings: Self.settings(.training)))
        let lowest = result.history.min { $0.trainLoss < $1.trainLoss }!
        #expect(result.metrics.bestEpoch == lowest.epoch)
        #expect(result.metrics.selectionLoss == lowest.trainLoss)
        #expect(result.metrics.settings.selection == .training)
    }

    @Test("the last rule returns the parameters after the last epoch, with no selection score")
    func lastRule() async throws {
        let result = try await Self.finished(FitJob(dataset: SmallProblem.dataset(), settings: Self.settings(.last)))
        #expect(result.metrics.bestEpoch == 8)
        #expect(result.metrics.selectionLoss == nil)
        // The same network, up to the rounding of its SVD form.
        let last = try #require(result.history.last?.validationR2)
        #expect(abs(last - result.metrics.r2Global) < 1e-6)
    }

    @Test("the training R² is the kept network's global R² on its training trials, as FitScores computes it")
    func trainingR2() async throws {
        let dataset = SmallProblem.dataset()
        let settings = Self.settings(.training)
        let result = try await Self.finished(FitJob(dataset: dataset, settings: settings))
        let split = try TrialSplit.make(settings.validation, dataset: dataset, seed: settings.splitSeed)
        let subset = dataset.selectingTrials(split.training)
        let rates = Simulator.run(result.model, inputs: subset.inputs, noiseStandardDeviation: 0).rates
        let expected = FitScores.compute(predicted: rates, observed: subset.activity, mask: subset.mask)
        let trained = try #require(result.metrics.trainR2Global)
        #expect(abs(trained - expected.globalR2) < 1e-9)
        #expect(abs(result.metrics.trainLoss - expected.meanSquaredError) <= 1e-9 * expected.meanSquaredError)
        #expect(split.training.count == 19)
    }

    @Test("settings written before the rule existed read as the earlier versions' rule; a new fit with it is refused")
    func earlierSettings() async throws {
        var settings = FitSettings(rank: .low(1))
        settings.selection = .last
        let encoded = try JSONEncoder.lintel.encode(settings)
        let object = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        #expect(object["select"] as? String == "last")
        #expect(try JSONDecoder.lintel.decode(FitSettings.self, from: encoded).selection == .last)
        var earlier = object
        earlier["select"] = nil
        let old = try JSONDecoder.lintel.decode(FitSettings.self, from: JSONSerialization.data(withJSONObject: earlier))
        #expect(old.selection == .validationOfEarlierVersions)
        #expect(FitSettings(rank: .low(1)).selection == .training, "the default")

        var legacy = Self.settings(.training)
        legacy.selection = .validationOfEarlierVersions
        let outcome = await FitEngine().run(FitJob(dataset: SmallProblem.dataset(), settings: legacy))
        guard case .failed(_, .invalidSettings(.selectionOnValidationTrials)) = outcome else {
            Issue.record("expected the earlier versions' rule to be refused, got \(outcome)")
            return
        }
    }

    @Test("a checkpoint of an earlier version goes on under the training rule, from the epoch it stopped at")
    func earlierCheckpointContinues() async throws {
        let dataset = SmallProblem.dataset()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-earlier-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        var settings = Self.settings(.training)
        settings.epochs = 4
        _ = try await Self.finished(FitJob(dataset: dataset, settings: settings, runDirectory: directory))
        // Made as an earlier version would have left it: settings that name no rule, and a kept
        // epoch (and loss) of its own choosing.
        let folder = RunFolder(directory)
        var contents = try FitCheckpoint.read(folder.checkpoint, fileLabel: "checkpoint")
        var earlier = contents.settings
        earlier.selection = .validationOfEarlierVersions
        contents.state.keptEpoch = 1
        contents.state.keptSelectionLoss = 1e-9
        try FitCheckpoint.write(
            contents.state, settings: earlier, dataSha256: contents.dataSha256, dataFile: dataset.file,
            dataGiven: dataset.file, to: folder.checkpoint)

        let resumed = try await Self.finished(
            FitJob(dataset: dataset, settings: earlier.with(epochs: 8), runDirectory: directory, resume: true))
        #expect(resumed.metrics.settings.selection == .training)
        let candidates = resumed.history.filter { $0.epoch >= 4 }
        let lowest = candidates.min { $0.trainLoss < $1.trainLoss }!
        #expect(resumed.metrics.bestEpoch == lowest.epoch)
        #expect(resumed.metrics.bestEpoch >= 4, "the earlier kept epoch 1 is not returned")
        let reread = try FitCheckpoint.read(folder.checkpoint, fileLabel: "checkpoint")
        #expect(reread.settings.selection == .training)
    }
}
