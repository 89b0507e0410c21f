import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelWorkflows

@Suite("Held-out baselines")
struct HeldOutBaselinesTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/baselines.npz")

    static func doubles(_ reader: NPZReader, _ key: String) throws -> [Double] {
        switch try reader.array(key).elements {
        case .float64(let values): return values
        case .float32(let values): return values.map(Double.init)
        default: throw CancellationError()
        }
    }

    @Test("the training mean, the per-bin ridge read-out of the inputs and PCA reconstruction score as numpy scores them (fixture: make_baseline_fixtures.py)")
    func matchNumpy() throws {
        let dataset = try Dataset.load(Self.fixture, fileLabel: "baselines.npz")
        let reader = try NPZReader(contentsOf: Self.fixture, fileLabel: "baselines.npz")
        let scores = try HeldOutBaselines.score(dataset, training: Array(0..<7), heldOut: [7, 8, 9], ranks: [2, 1])
        #expect(abs(scores.trainingMean - (try Self.doubles(reader, "training_mean"))[0]) < 1e-9)
        let penalty = try Self.doubles(reader, "input_regression_penalty")[0]
        #expect(abs((scores.inputRegressionPenalty ?? .nan) / penalty - 1) < 1e-9, "the penalty chosen on the training trials differs")
        #expect(abs((scores.inputRegression ?? .nan) - (try Self.doubles(reader, "input_regression"))[0]) < 1e-9)
        let pca = try Self.doubles(reader, "pca_reconstruction")
        #expect(abs((scores.pcaReconstruction[1] ?? .nan) - pca[0]) < 1e-9)
        #expect(abs((scores.pcaReconstruction[2] ?? .nan) - pca[1]) < 1e-9)
    }

    @Test("the held-out trials' activity changes the scores but not the ridge penalty, which the training trials alone choose")
    func heldOutTrialsChooseNothing() throws {
        var dataset = try Dataset.load(Self.fixture, fileLabel: "baselines.npz")
        let before = try HeldOutBaselines.score(dataset, training: Array(0..<7), heldOut: [7, 8, 9], ranks: [1])
        var random = SeededRandom(seed: 3)
        let plane = dataset.stepCount * dataset.neuronCount
        for index in (7 * plane)..<(10 * plane) { dataset.activity.storage[index] = random.gaussians(1)[0] }
        let after = try HeldOutBaselines.score(dataset, training: Array(0..<7), heldOut: [7, 8, 9], ranks: [1])
        #expect(after.inputRegressionPenalty == before.inputRegressionPenalty)
        #expect(after.inputRegression != before.inputRegression && after.trainingMean != before.trainingMean)
    }

    @Test("with as many dimensions as neurons, PCA reconstructs held-out activity exactly; without inputs there is no regression")
    func closedForms() throws {
        var dataset = try Dataset.load(Self.fixture, fileLabel: "baselines.npz")
        dataset.mask = nil
        let full = try HeldOutBaselines.score(dataset, training: Array(0..<7), heldOut: [7, 8, 9], ranks: [dataset.neuronCount])
        #expect(abs((full.pcaReconstruction[dataset.neuronCount] ?? .nan) - 1) < 1e-6)
        dataset.inputs = Tensor3(dataset.trialCount, dataset.stepCount, 0)
        let noInputs = try HeldOutBaselines.score(dataset, training: Array(0..<7), heldOut: [7, 8, 9], ranks: [])
        #expect(noInputs.inputRegression == nil && noInputs.pcaReconstruction.isEmpty)
    }
}
