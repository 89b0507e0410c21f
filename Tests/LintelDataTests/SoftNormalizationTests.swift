import Foundation
import LintelNumerics
import Testing

import LintelData

/// Soft normalisation, PCA denoising and preprocessing learned from some trials only, against
/// numpy (`Fixtures/make_preparation_fixtures.py`: ranges by np.ptp, components by SVD).
@Suite("Soft normalisation and learned preprocessing against numpy")
struct SoftNormalizationTests {
    static func fixture() throws -> NPZReader {
        try NPZReader(contentsOf: Fixtures.url("preparation.npz"), fileLabel: "preparation.npz")
    }

    static func values(_ key: String) throws -> [Double] {
        try #require(fixture().array(key).doubles())
    }

    static func dataset() throws -> Dataset {
        let array = try fixture().array("activity")
        return Dataset(
            activity: Tensor3(array.shape[0], array.shape[1], array.shape[2], storage: try #require(array.floats())),
            file: "preparation.npz")
    }

    /// The largest difference relative to the largest magnitude of `expected`.
    static func relativeDifference(_ actual: [Double], _ expected: [Double]) -> Double {
        precondition(actual.count == expected.count)
        let size = expected.map(abs).max() ?? 1
        return zip(actual, expected).map { abs($0 - $1) }.max()! / size
    }

    static func doubles(_ tensor: Tensor3<Float>?) -> [Double] { tensor?.storage.map(Double.init) ?? [] }

    @Test("dividing by range + 5, centring and one RMS match numpy, and recorded units come back exactly")
    func softNormalization() throws {
        let data = try Self.dataset()
        let result = try ActivityPreparation(softNormalization: 5).apply(to: data)
        #expect(Self.relativeDifference(Self.doubles(result.activity), try Self.values("soft")) < 1e-6)
        #expect(Self.relativeDifference(result.neuronMeans, try Self.values("soft_mean")) < 1e-9)
        #expect(Self.relativeDifference(result.scales, try Self.values("soft_scale")) < 1e-9)
        #expect(result.undenoised == nil)
        #expect(result.summary.hasPrefix("each neuron divided by its range + 5 (soft normalisation); each neuron's mean subtracted"))
        // activity · activity_scale + activity_mean is the recording.
        let neurons = data.neuronCount
        let back = result.activity.storage.indices.map {
            Double(result.activity.storage[$0]) * result.scales[$0 % neurons] + result.neuronMeans[$0 % neurons]
        }
        #expect(Self.relativeDifference(back, Self.doubles(data.activity)) < 1e-6)
    }

    @Test("with 3 components the denoised and the undenoised activity both match numpy")
    func principalComponents() throws {
        let result = try ActivityPreparation(softNormalization: 5, components: 3).apply(to: try Self.dataset())
        #expect(Self.relativeDifference(Self.doubles(result.activity), try Self.values("pcs")) < 1e-5)
        #expect(Self.relativeDifference(Self.doubles(result.undenoised), try Self.values("pcs_undenoised")) < 1e-5)
        #expect(Self.relativeDifference(result.scales, try Self.values("pcs_scale")) < 1e-9)
    }

    @Test("statistics learned without trial 2 match numpy's learned on the other four, and trial 2 is still prepared")
    func learnedWithoutATrial() throws {
        let data = try Self.dataset()
        let preparation = ActivityPreparation(softNormalization: 5, components: 3, learningTrials: [0, 1, 3, 4])
        let result = try preparation.apply(to: data)
        #expect(Self.relativeDifference(Self.doubles(result.activity), try Self.values("held")) < 1e-5)
        #expect(Self.relativeDifference(Self.doubles(result.undenoised), try Self.values("held_undenoised")) < 1e-5)
        #expect(Self.relativeDifference(result.neuronMeans, try Self.values("held_mean")) < 1e-9)
        #expect(Self.relativeDifference(result.scales, try Self.values("held_scale")) < 1e-9)
        #expect(result.summary.hasSuffix("every statistic learned from trials 0, 1, 3, 4 only"))
        // Trial 2's activity takes no part: changing it changes only trial 2's output.
        var changed = data
        let width = data.stepCount * data.neuronCount
        for index in (2 * width)..<(3 * width) { changed.activity.storage[index] += 100 }
        let again = try preparation.apply(to: changed)
        #expect(again.scales == result.scales && again.neuronMeans == result.neuronMeans)
        #expect(Array(again.activity.storage[0..<(2 * width)]) == Array(result.activity.storage[0..<(2 * width)]))
        #expect(Array(again.activity.storage[(2 * width)..<(3 * width)]) != Array(result.activity.storage[(2 * width)..<(3 * width)]))
    }

    @Test("with c = 0 a flat neuron is left as it was instead of divided by zero")
    func flatNeuronWithoutC() throws {
        // Neuron 1 is 7 everywhere; neuron 0 runs 0, 1, …, 5.
        let values: [Float] = (0..<6).flatMap { [Float($0), 7] }
        let data = Dataset(activity: Tensor3(2, 3, 2, storage: values), file: "flat.npz")
        let result = try ActivityPreparation(softNormalization: 0, scaling: .none).apply(to: data)
        #expect(result.scales == [5, 1])
        #expect(result.activity.storage.enumerated().filter { $0.offset % 2 == 1 }.allSatisfy { $0.element == 0 })
        #expect(result.summary.contains("(1 flat neuron left as it was)"))
    }

    @Test("learning from no trial, or from a trial that does not exist, is refused naming the file")
    func refusals() throws {
        let data = try Self.dataset()
        #expect(throws: DataFileError.self) { try ActivityPreparation(learningTrials: []).apply(to: data) }
        do {
            _ = try ActivityPreparation(learningTrials: [9]).apply(to: data)
            Issue.record("trial 9 of 5 should be refused")
        } catch let error as DataFileError {
            #expect(error.description == "preparation.npz: has 5 trials; trial 9 cannot be learned from")
        }
    }
}
