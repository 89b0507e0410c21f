import Foundation
import LintelData
import LintelDynamics
import LintelEngine
import LintelNumerics
@testable import LintelWorkbench
import Testing

/// The engine's errors carry facts and name no flag; the workbench words them in its own terms
/// (WorkbenchWording), naming a headless command where the workbench has no option of its own.
@Suite("Workbench wording of the engine's typed errors")
struct WorkbenchWordingTests {
    static let failures: [FitFailure] = [
        .diverged(epoch: 4, learningRate: 0.001),
        .invalidSettings(.noInputs(file: "d.npz")),
        .invalidSettings(.validationMasked(file: "d.npz", trials: [0, 3])),
        .invalidSettings(.activityTooLarge(file: "d.npz", largest: 3e20, limit: 1e15)),
        .invalidSettings(.startNeedsLowRank(.aligned(gain: 1))),
    ]

    @Test("a failed fit says why in the workbench's words, on its entry and in the message line")
    func failedFits() {
        var state = WorkbenchState(dataset: WorkbenchFixtures.dataset, canStartFits: true)
        state.apply(.started(FitID(1), label: "rank1-seed1", epochs: 10, firstEpoch: 1))
        state.apply(.failed(FitID(1), .invalidSettings(.noInputs(file: "d.npz"))))
        let expected = "d.npz: has no inputs, so a network started at x = 0 would stay there; fit it with its initial state (lintel fit --train-h0)"
        #expect(state.entries[0].status == .failed(expected))
        #expect(state.message == WorkbenchMessage("rank1-seed1 failed: \(expected)", kind: .error))
        #expect(WorkbenchWording.failure(.diverged(epoch: 4, learningRate: 0.001)).hasSuffix("a smaller learning rate (lintel fit --lr)"))
        for failure in Self.failures {
            // Below, the fallback text names no option; the workbench names only whole commands.
            #expect(!failure.description.contains("--"), "\(failure.description)")
            let worded = WorkbenchWording.failure(failure)
            #expect(!worded.contains("--") || worded.contains("(lintel fit --"), "\(worded)")
        }
        #expect(WorkbenchWording.text(RunFolderError.noCheckpoint(folder: "/runs/r1")) == "/runs/r1 holds no checkpoint.npz to continue from")
        #expect(WorkbenchWording.text(DynamicsError.noClusterLabels).hasSuffix("(lintel analyze)"))
        #expect(WorkbenchWording.text(DynamicsError("as it is")) == "as it is")
    }

    /// The typed settings problem is caught where a DataFileError was: the fits still open for
    /// analysis, with the note the workbench words.
    @Test("a run folder whose data cannot take new fits opens with the reason as the dataset note")
    func runsOfDataThatCannotTakeNewFits() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-wording-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededRandom(seed: 2)
        let noise: [Float] = random.gaussians(8 * 6 * 4)
        let activity = Tensor3<Float>(8, 6, 4, storage: noise.map { 0.3 * $0 })
        let data = folder.appendingPathComponent("no-inputs.npz")
        try NPZWriter.write([("activity", NumpyArray(activity.storage, shape: activity.shape))], to: data, compressed: false)
        let dataset = try Dataset.load(data)
        #expect(dataset.inputCount == 0)
        var settings = FitSettings(rank: .low(1))
        settings.epochs = 2
        settings.batchSize = 4
        settings.trainInitialState = true  // without it this data cannot be fitted
        var job = FitJob(dataset: dataset, settings: settings, runDirectory: folder.appendingPathComponent("fit"))
        job.dataPath = data.path
        guard case .finished = await FitEngine().run(job) else {
            Issue.record("the fit did not finish")
            return
        }
        let setup = try WorkbenchSetup.prepare(
            source: .runs(folder.appendingPathComponent("fit")), theme: nil, marker: .ascii, showFramesPerSecond: false)
        #expect(setup.dataset == nil && setup.runs.fits.count == 1)
        #expect(setup.datasetNote == WorkbenchWording.settings(.noInputs(file: data.path)), "\(setup.datasetNote ?? "no note")")
    }
}
