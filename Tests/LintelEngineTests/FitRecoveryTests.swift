import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Never lose work")
struct FitRecoveryTests {
    static func temporaryDirectory(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("lintel-\(name)-\(UUID())")
    }

    static func finished(_ event: FitEvent) -> FitResult? {
        if case .finished(_, let result) = event { return result }
        return nil
    }

    @Test("stopping and resuming gives exactly the uninterrupted result", arguments: [1, 3, 5])
    func resumeIsExact(stopAfter: Int) async throws {
        let dataset = SmallProblem.dataset(rank: 2)
        var settings = SmallProblem.settings(rank: 2, epochs: 8)
        settings.checkpointEvery = 1
        settings.noiseStandardDeviation = 0.02  // noise streams must be reproduced too
        let whole = Self.temporaryDirectory("whole"), split = Self.temporaryDirectory("split")
        defer {
            try? FileManager.default.removeItem(at: whole)
            try? FileManager.default.removeItem(at: split)
        }
        let engine = FitEngine()
        let uninterrupted = try #require(Self.finished(await engine.run(FitJob(dataset: dataset, settings: settings, runDirectory: whole))))

        var shorter = settings
        shorter.epochs = stopAfter
        _ = try #require(Self.finished(await engine.run(FitJob(dataset: dataset, settings: shorter, runDirectory: split))))
        // Resume with the full epoch count, as `lintel fit --resume --epochs 8` does.
        let resumed = try #require(
            Self.finished(await engine.run(FitJob(dataset: dataset, settings: settings, runDirectory: split, resume: true))))

        #expect(resumed.model == uninterrupted.model)
        #expect(resumed.metrics.bestEpoch == uninterrupted.metrics.bestEpoch)
        #expect(resumed.history.map(\.validationLoss) == uninterrupted.history.map(\.validationLoss))
        let onDisk: RNNModel<Float> = try ModelFile.load(split.appendingPathComponent("model.npz"))
        #expect(onDisk == uninterrupted.model)
    }

    @Test("a cancelled fit resumes from its checkpoint to the uninterrupted result")
    func cancelThenResume() async throws {
        let dataset = SmallProblem.dataset()
        var endless = SmallProblem.settings(epochs: 1_000_000)
        endless.checkpointEvery = 1
        let whole = Self.temporaryDirectory("whole"), split = Self.temporaryDirectory("split")
        defer {
            try? FileManager.default.removeItem(at: whole)
            try? FileManager.default.removeItem(at: split)
        }
        let engine = FitEngine()
        let events = engine.events.subscribe()
        let id = await engine.enqueue(FitJob(dataset: dataset, settings: endless, runDirectory: split))
        for await event in events {
            if case .epoch(_, let progress) = event, progress.epoch >= 3 { break }
        }
        await engine.cancel(id)
        guard case .cancelled(_, let stoppedAt) = await engine.outcome(of: id) else {
            Issue.record("expected a cancelled fit")
            return
        }
        // The epoch count only says when to stop, so a run of stoppedAt + 3 epochs is the reference.
        let settings = endless.with(epochs: stoppedAt + 3)
        let resumed = try #require(
            Self.finished(await engine.run(FitJob(dataset: dataset, settings: settings, runDirectory: split, resume: true))))
        let uninterrupted = try #require(
            Self.finished(await engine.run(FitJob(dataset: dataset, settings: settings, runDirectory: whole))))
        #expect(resumed.model == uninterrupted.model)
        #expect(resumed.history.count == stoppedAt + 3)
    }

    @Test("a NaN loss rolls the epoch back, halves the learning rate and training goes on")
    func rollback() async throws {
        let engine = FitEngine()
        let (log, listener) = EventLog.recording(engine)
        var job = FitJob(dataset: SmallProblem.dataset(), settings: SmallProblem.settings(epochs: 4))
        job.injectedNonFiniteSteps = [5]  // in epoch 2 (3 steps per epoch)
        let result = try #require(Self.finished(await engine.run(job)))
        engine.events.finish()
        await listener.value
        let recoveries = await log.events.compactMap { event -> (Int, Double, Int)? in
            if case .recovered(_, let epoch, let rate, let failures) = event { return (epoch, rate, failures) }
            return nil
        }
        #expect(recoveries.count == 1)
        #expect(recoveries.first?.0 == 2)
        #expect(recoveries.first?.1 == 0.005)
        #expect(recoveries.first?.2 == 1)
        #expect(result.history.map(\.epoch) == [1, 2, 3, 4])
        #expect(result.model.allFinite)
    }

    @Test("three failures stop the fit with a clear message and leave finite files")
    func divergence() async throws {
        let directory = Self.temporaryDirectory("diverge")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The first Adam step moves every parameter by about 1e30: the currents overflow Float32.
        // (Data that large is refused before fitting; a learning rate that large is the user's.)
        let dataset = SmallProblem.dataset()
        var settings = SmallProblem.settings(epochs: 5)
        settings.target = .currents
        settings.learningRate = 1e30
        let outcome = await FitEngine().run(FitJob(dataset: dataset, settings: settings, runDirectory: directory))
        guard case .failed(_, let failure) = outcome, case .diverged(_, let rate) = failure else {
            Issue.record("expected divergence, got \(outcome)")
            return
        }
        #expect(rate == 2.5e29)  // 1e30 halved twice before the third failure
        #expect(failure.description.contains("NaN/Inf"))
        let model: RNNModel<Float> = try ModelFile.load(directory.appendingPathComponent("model.npz"))
        #expect(model.allFinite)
        let checkpoint = try NPZReader(contentsOf: directory.appendingPathComponent("checkpoint.npz"), fileLabel: "checkpoint")
        #expect(try checkpoint.array("m").floats()!.allSatisfy { $0.isFinite })
        // Not a dead end: the metrics say what happened, and the fit can be continued.
        let metrics = try RunFolder(directory).readMetrics()
        #expect(metrics.status == "diverged" && metrics.epochsCompleted == 0)
        var slower = settings
        slower.learningRate = 1e-2
        let resumed = await FitEngine().run(FitJob(dataset: dataset, settings: slower, runDirectory: directory, resume: true))
        guard case .finished(_, let result) = resumed else {
            Issue.record("a diverged fit continued at --lr 1e-2 should finish, got \(resumed)")
            return
        }
        #expect(result.metrics.status == "completed" && result.metrics.epochsCompleted == 5)
        #expect(result.metrics.settings.learningRate == 1e-2 && result.model.allFinite)
    }

    @Test("NaN parameters are never written")
    func refusesNaN() throws {
        var random = SeededRandom(seed: 1)
        var model = RNNModel<Float>.randomLowRank(units: 4, rank: 1, inputs: 1, random: &random)
        model.inputVectors[0, 0] = .nan
        let url = Self.temporaryDirectory("nan").appendingPathExtension("npz")
        #expect(throws: DataFileError.self) { try ModelFile.save(model, to: url) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }
}
