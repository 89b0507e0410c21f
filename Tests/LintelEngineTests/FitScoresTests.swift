import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("R² scores")
struct FitScoresTests {
    /// Two trials, two steps, two neurons.
    static let observed = Tensor3<Double>(2, 2, 2, storage: [1, 10, 2, 20, 3, 30, 4, 40])

    @Test("a perfect prediction scores 1; the grand mean scores 0")
    func extremes() {
        let perfect = FitScores.compute(predicted: Self.observed, observed: Self.observed)
        #expect(perfect.globalR2 == 1 && perfect.medianR2 == 1 && perfect.meanSquaredError == 0)
        let mean = Self.observed.storage.reduce(0, +) / 8
        let flat = FitScores.compute(
            predicted: Tensor3(2, 2, 2, repeating: mean), observed: Self.observed)
        #expect(abs(flat.globalR2) < 1e-12)
    }

    @Test("global and per-neuron R² against a hand computation")
    func handComputed() {
        // Neuron 0: y = 1,2,3,4 (mean 2.5, SST 5); prediction off by +1 everywhere: SSE 4.
        // Neuron 1: y = 10,20,30,40 (mean 25, SST 500); prediction exact.
        var predicted = Self.observed
        for index in stride(from: 0, to: 8, by: 2) { predicted.storage[index] += 1 }
        let scores = FitScores.compute(predicted: predicted, observed: Self.observed)
        #expect(abs(scores.perNeuronR2[0]! - (1 - 4.0 / 5)) < 1e-12)
        #expect(abs(scores.perNeuronR2[1]! - 1) < 1e-12)
        #expect(abs(scores.medianR2 - (0.2 + 1) / 2) < 1e-12)
        // Global: grand mean 13.75 over all 8 entries.
        let grandMean = 13.75
        let sst = Self.observed.storage.map { ($0 - grandMean) * ($0 - grandMean) }.reduce(0, +)
        #expect(abs(scores.globalR2 - (1 - 4 / sst)) < 1e-12)
        #expect(abs(scores.meanSquaredError - 0.5) < 1e-12)
    }

    @Test("masked entries are ignored, per step or per neuron")
    func masks() {
        var predicted = Self.observed
        predicted.storage[6] = 1000  // trial 1, step 1, neuron 0: masked out below
        let perStep = Tensor3<Double>(2, 2, 1, storage: [1, 1, 1, 0])
        #expect(FitScores.compute(predicted: predicted, observed: Self.observed, mask: perStep).globalR2 == 1)
        var perNeuron = Tensor3<Double>(2, 2, 2, repeating: 1)
        perNeuron.storage[6] = 0
        let scores = FitScores.compute(predicted: predicted, observed: Self.observed, mask: perNeuron)
        #expect(scores.globalR2 == 1)
        #expect(scores.perNeuronR2.allSatisfy { $0 == 1 })
    }

    @Test("a neuron without variance has no per-neuron R² and does not count in the median")
    func constantNeuron() {
        let observed = Tensor3<Double>(1, 3, 2, storage: [1, 5, 2, 5, 3, 5])
        let predicted = Tensor3<Double>(1, 3, 2, storage: [1, 4, 2, 4, 3, 4])
        let scores = FitScores.compute(predicted: predicted, observed: observed)
        #expect(scores.perNeuronR2[1] == nil)
        #expect(scores.medianR2 == 1)
    }
}
