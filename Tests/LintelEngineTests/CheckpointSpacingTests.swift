import Foundation
import Testing

@testable import LintelEngine

/// Checkpoints spaced in time (``FitJob/checkpointSpacing``) cost a small fit less and change
/// nothing it computes.
@Suite("Checkpoint spacing")
struct CheckpointSpacingTests {
    /// The epochs at which a run of `job` published a checkpoint, and its result.
    static func checkpoints(of job: FitJob) async throws -> (epochs: [Int], result: FitResult) {
        let engine = FitEngine()
        let (log, listener) = EventLog.recording(engine)
        let outcome = await engine.run(job)
        engine.events.finish()
        await listener.value
        guard case .finished(_, let result) = outcome else { throw CancellationError() }
        let epochs = await log.events.compactMap { event -> Int? in
            if case .checkpoint(_, let epoch) = event { return epoch }
            return nil
        }
        return (epochs, result)
    }

    @Test("without spacing every checkpoint epoch writes one; with a long spacing only the first does; the fits are identical")
    func spacingSkipsCheckpointsOnly() async throws {
        var settings = SmallProblem.settings(epochs: 9)
        settings.checkpointEvery = 2
        let dataset = SmallProblem.dataset()
        let exact = FitRecoveryTests.temporaryDirectory("exact"), spaced = FitRecoveryTests.temporaryDirectory("spaced")
        defer {
            try? FileManager.default.removeItem(at: exact)
            try? FileManager.default.removeItem(at: spaced)
        }
        var everyEpoch = FitJob(dataset: dataset, settings: settings, runDirectory: exact)
        everyEpoch.checkpointSpacing = .zero
        var rarely = FitJob(dataset: dataset, settings: settings, runDirectory: spaced)
        rarely.checkpointSpacing = .seconds(3600)
        let (allEpochs, first) = try await Self.checkpoints(of: everyEpoch)
        let (fewEpochs, second) = try await Self.checkpoints(of: rarely)
        #expect(allEpochs == [2, 4, 6, 8])
        #expect(fewEpochs == [2])
        #expect(first.model == second.model)
        #expect(first.history.map(\.trainLoss) == second.history.map(\.trainLoss))
        // Finishing writes the checkpoint either way: both folders can be continued.
        let a = try FitCheckpoint.read(exact.appendingPathComponent("checkpoint.npz"), fileLabel: "exact")
        let b = try FitCheckpoint.read(spaced.appendingPathComponent("checkpoint.npz"), fileLabel: "spaced")
        #expect(a.state.epochsCompleted == 9 && b.state.epochsCompleted == 9)
    }
}
