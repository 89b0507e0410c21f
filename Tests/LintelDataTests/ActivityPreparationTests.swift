import Foundation
import LintelNumerics
import Testing

import LintelData

/// `ActivityPreparation` against closed forms: data built from known means, orthonormal
/// directions and orthogonal time courses, whose principal components and variances are known
/// without any decomposition.
@Suite("Preparing recorded activity")
struct ActivityPreparationTests {
    static let neurons = 6
    static let steps = 8
    static let trials = 3

    /// Unit direction k of an orthonormal pair in R⁶.
    static func direction(_ k: Int) -> [Double] {
        let norm = 2.0.squareRoot()
        return k == 0 ? [1, 1, 0, 0, 0, 0].map { $0 / norm } : [0, 0, 1, -1, 0, 0].map { $0 / norm }
    }

    /// Zero-mean, mutually orthogonal time courses over all (trial, t) rows: a cosine and a sine
    /// of whole periods over the 24 rows, with amplitudes 3 and 1.
    static func course(_ k: Int, _ row: Int) -> Double {
        let phase = 2 * Double.pi * Double(row) / Double(trials * steps)
        return k == 0 ? 3 * cos(phase) : sin(phase)
    }

    static let means: [Double] = [10, 20, 30, 40, 50, 60]

    /// means + course0 · direction0 + course1 · direction1, so the centred activity has two
    /// principal components with variances in the ratio 9 : 1.
    static func dataset(mask: Tensor3<Float>? = nil, garbageUnderMask: Bool = false) -> Dataset {
        var values = [Float]()
        for row in 0..<(trials * steps) {
            for i in 0..<neurons {
                let value = means[i] + course(0, row) * direction(0)[i] + course(1, row) * direction(1)[i]
                let masked = mask.map { $0.storage[row * $0.dim2 + ($0.dim2 == 1 ? 0 : i)] == 0 } ?? false
                values.append(masked && garbageUnderMask ? 1e6 : Float(value))
            }
        }
        return Dataset(activity: Tensor3(trials, steps, neurons, storage: values), mask: mask, file: "rec.npz")
    }

    static func value(_ result: ActivityPreparation.Result, row: Int, neuron: Int) -> Double {
        Double(result.activity.storage[row * neurons + neuron])
    }

    @Test("centring subtracts each neuron's mean; the global scale divides by one RMS")
    func centreAndGlobalScale() throws {
        let result = try ActivityPreparation().apply(to: Self.dataset())
        // RMS of the centred data: the two courses' mean squares (4.5 and 0.5) spread over 6 neurons.
        let rms = ((4.5 + 0.5) / Double(Self.neurons)).squareRoot()
        for (index, mean) in result.neuronMeans.enumerated() { #expect(abs(mean - Self.means[index]) < 1e-5) }  // the activity is Float32
        #expect(result.scales.allSatisfy { abs($0 - rms) < 1e-6 })
        for row in 0..<(Self.trials * Self.steps) {
            for i in 0..<Self.neurons {
                let expected = (Self.course(0, row) * Self.direction(0)[i] + Self.course(1, row) * Self.direction(1)[i]) / rms
                #expect(abs(Self.value(result, row: row, neuron: i) - expected) < 1e-5)
            }
        }
        #expect(result.explainedVariance == nil)
    }

    @Test("the top principal component keeps the larger course exactly: 90 % of the variance")
    func principalComponents() throws {
        let one = try ActivityPreparation(components: 1, scaling: .none).apply(to: Self.dataset())
        #expect(abs(one.explainedVariance! - 0.9) < 1e-6)
        #expect(one.summary.contains("90.0 %"))
        for row in 0..<(Self.trials * Self.steps) {
            for i in 0..<Self.neurons {
                #expect(abs(Self.value(one, row: row, neuron: i) - Self.course(0, row) * Self.direction(0)[i]) < 1e-4)
            }
        }
        // Two components span everything there is.
        let two = try ActivityPreparation(components: 2, scaling: .none).apply(to: Self.dataset())
        let plain = try ActivityPreparation(scaling: .none).apply(to: Self.dataset())
        #expect(abs(two.explainedVariance! - 1) < 1e-6)
        #expect(zip(two.activity.storage, plain.activity.storage).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    @Test("removing the condition mean leaves every (time, neuron) with mean 0 over trials")
    func conditionMean() throws {
        let result = try ActivityPreparation(removeConditionMean: true, scaling: .none).apply(to: Self.dataset())
        for t in 0..<Self.steps {
            for i in 0..<Self.neurons {
                let mean = (0..<Self.trials).map { Self.value(result, row: $0 * Self.steps + t, neuron: i) }.reduce(0, +)
                #expect(abs(mean) < 1e-4)
            }
        }
        #expect(result.summary.contains("condition-independent"))
    }

    @Test("neuron scaling gives every neuron RMS 1 and leaves a flat one at 0")
    func neuronScale() throws {
        // Neurons 4 and 5 carry no signal: only their means, which centring removes.
        let result = try ActivityPreparation(scaling: .neuron).apply(to: Self.dataset())
        for i in 0..<4 {
            let squares = (0..<(Self.trials * Self.steps)).map { pow(Self.value(result, row: $0, neuron: i), 2) }
            #expect(abs((squares.reduce(0, +) / Double(squares.count)).squareRoot() - 1) < 1e-5)
        }
        for i in 4..<6 {
            #expect((0..<(Self.trials * Self.steps)).allSatisfy { Self.value(result, row: $0, neuron: i) == 0 })
            #expect(result.scales[i] == 1)
        }
        #expect(result.summary.contains("2 flat neurons left at 0"))
    }

    @Test("entries of mask weight 0 take no part and come out as 0")
    func maskedEntries() throws {
        var mask = Tensor3<Float>(Self.trials, Self.steps, 1, storage: [Float](repeating: 1, count: Self.trials * Self.steps))
        mask.storage[5] = 0
        mask.storage[17] = 0
        let preparation = ActivityPreparation(components: 1)
        let clean = try preparation.apply(to: Self.dataset(mask: mask))
        let garbled = try preparation.apply(to: Self.dataset(mask: mask, garbageUnderMask: true))
        #expect(clean.activity.storage == garbled.activity.storage)
        for i in 0..<Self.neurons {
            #expect(Self.value(garbled, row: 5, neuron: i) == 0)
            #expect(Self.value(garbled, row: 17, neuron: i) == 0)
        }
    }

    @Test("impossible requests are refused with the file named")
    func refusals() throws {
        #expect(throws: ActivityPreparationError.componentCount(file: "rec.npz", requested: 7, neurons: 6)) {
            try ActivityPreparation(components: 7).apply(to: Self.dataset())
        }
        let perNeuron = Tensor3<Float>(Self.trials, Self.steps, Self.neurons, storage: [Float](repeating: 1, count: Self.trials * Self.steps * Self.neurons))
        var oneMissing = perNeuron
        oneMissing.storage[3 * Self.neurons + 2] = 0  // neuron 2 missing at one step
        // The error has the facts; the command line words them with its --pca.
        #expect(throws: ActivityPreparationError.componentsOfPartialSteps(file: "rec.npz"), "a per-neuron mask should be refused") {
            try ActivityPreparation(components: 2).apply(to: Self.dataset(mask: oneMissing))
        }
        // A per-neuron mask that never leaves out part of a step is as good as a per-step one.
        var wholeSteps = perNeuron
        for k in 0..<Self.neurons { wholeSteps.storage[5 * Self.neurons + k] = 0 }
        let viaWholeSteps = try ActivityPreparation(components: 1).apply(to: Self.dataset(mask: wholeSteps))
        var perStep = Tensor3<Float>(Self.trials, Self.steps, 1, storage: [Float](repeating: 1, count: Self.trials * Self.steps))
        perStep.storage[5] = 0
        let viaPerStep = try ActivityPreparation(components: 1).apply(to: Self.dataset(mask: perStep))
        #expect(viaWholeSteps.activity.storage == viaPerStep.activity.storage)
        let flat = Dataset(activity: Tensor3(2, 3, 2, storage: [Float](repeating: 5, count: 12)), file: "flat.npz")
        #expect(throws: DataFileError.self) { try ActivityPreparation().apply(to: flat) }
        do {
            _ = try ActivityPreparation(scaling: .neuron).apply(to: flat)
            Issue.record("neuron scaling of all-flat activity should be refused, as global scaling is")
        } catch let error as DataFileError {
            #expect(error.description == "flat.npz: every neuron is flat (the same number in every counted entry) after the steps above; there is no scale to divide by")
        }
    }
}
