import LintelData
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

    @Test("a near-silent neuron (variance under 1 % of the median neuron's) is left out of the median and counted")
    func varianceFloor() {
        // Four neurons over 4 steps: variances 1.25, 5, 11.25 (y = k·(1,2,3,4)) and 1.25e-4 (neuron 3, y/100).
        let steps = 4
        var observed = Tensor3<Double>(1, steps, 4)
        var predicted = observed
        for t in 0..<steps {
            for k in 0..<3 { observed.storage[t * 4 + k] = Double((k + 1) * (t + 1)) }
            observed.storage[t * 4 + 3] = Double(t + 1) / 100
            // Neurons 0–2 off by 0.5, 1, 1.5 at every step; neuron 3 off by 1 (R² = 1 − 1/1.25e-4 = −7999).
            for k in 0..<3 { predicted.storage[t * 4 + k] = observed.storage[t * 4 + k] + 0.5 * Double(k + 1) }
            predicted.storage[t * 4 + 3] = observed.storage[t * 4 + 3] + 1
        }
        let scores = FitScores.compute(predicted: predicted, observed: observed)
        // R²_k = 1 − (0.5(k+1))² / ((k+1)² · 1.25) = 0.8 for neurons 0–2.
        for k in 0..<3 { #expect(abs(scores.perNeuronR2[k]! - 0.8) < 1e-12) }
        #expect(abs(scores.perNeuronR2[3]! - (1 - 1 / 1.25e-4)) < 1e-6)
        #expect(scores.belowFloor == [false, false, false, true])
        #expect(scores.neuronsBelowFloor == 1)
        #expect(abs(scores.medianR2 - 0.8) < 1e-12, "the median of all four would be 0.8 too, so check the one left out separately")
        // With neuron 0 made as quiet as neuron 3, the median of the rest (neurons 1, 2) stays 0.8;
        // counted, the two quiet neurons' R² of −7999 would pull the median of four to (−7999 + 0.8) / 2.
        var quiet = observed, quietPrediction = predicted
        for t in 0..<steps {
            quiet.storage[t * 4] = Double(t + 1) / 100
            quietPrediction.storage[t * 4] = quiet.storage[t * 4] + 1
        }
        let two = FitScores.compute(predicted: quietPrediction, observed: quiet)
        #expect(two.neuronsBelowFloor == 2)
        #expect(abs(two.medianR2 - 0.8) < 1e-12)
        let unfloored = two.perNeuronR2.compactMap { $0 }.sorted()
        #expect(abs((unfloored[1] + unfloored[2]) / 2 - (1 - 1 / 1.25e-4 + 0.8) / 2) < 1e-6)
    }

    @Test("scores of prepared data: recorded units weigh neurons by activity_scale², the undenoised activity is scored as well")
    func preparedDataScores() {
        // Two neurons, one trial of 3 steps; neuron 1 was divided by 10 in preparation.
        let activity = Tensor3<Float>(1, 3, 2, storage: [1, 1, 2, 2, 3, 3])
        let predicted = Tensor3<Float>(1, 3, 2, storage: [1, 2, 2, 2, 3, 3])  // neuron 1 off by 1 at step 0
        var dataset = Dataset(activity: activity, file: "p.npz")
        dataset.activityScale = [1, 10]
        dataset.undenoisedActivity = Tensor3(1, 3, 2, storage: [0, 1, 2, 2, 3, 4])
        let scores = PreparedDataScores(dataset: dataset, trials: [0], predicted: predicted)
        // Recorded: neuron 0 = 1,2,3, neuron 1 = 10,20,30 (predicted 20,20,30): SSE 100; grand mean
        // 11, Σ (y − 11)² = 100 + 81 + 64 + 1 + 81 + 361 = 688.
        #expect(abs(scores.originalUnitsR2! - (1 - 100.0 / 688)) < 1e-12)
        // Undenoised: y = 0,1,2,2,3,4 (mean 2, Σ dev² = 10); errors 1, 1, 0, 0, 0, 1: SSE 3.
        #expect(abs(scores.undenoisedR2! - (1 - 3.0 / 10)) < 1e-6)
        let plain = PreparedDataScores(dataset: Dataset(activity: activity, file: "d.npz"), trials: [0], predicted: predicted)
        #expect(plain.originalUnitsR2 == nil && plain.undenoisedR2 == nil)
    }

    /// The scores as they were computed before the observed statistics were kept: both passes
    /// over predictions and data every time.
    static func twoPassScores(_ predicted: Tensor3<Float>, _ observed: Tensor3<Float>, _ mask: Tensor3<Float>?) -> FitScores {
        let neurons = observed.dim2, rows = observed.dim0 * observed.dim1, width = mask?.dim2 ?? 1
        func weightAt(_ row: Int, _ i: Int) -> Double {
            mask.map { Double($0.storage[row * width + (width == 1 ? 0 : i)]) } ?? 1
        }
        var weight = [Double](repeating: 0, count: neurons), sum = weight, errors = weight, deviations = weight
        for row in 0..<rows {
            for i in 0..<neurons {
                let w = weightAt(row, i)
                if w == 0 { continue }
                let y = Double(observed.storage[row * neurons + i])
                let e = Double(predicted.storage[row * neurons + i]) - y
                weight[i] += w
                sum[i] += w * y
                errors[i] += w * e * e
            }
        }
        let totalWeight = weight.reduce(0, +)
        let grandMean = sum.reduce(0, +) / totalWeight
        let means = (0..<neurons).map { sum[$0] / weight[$0] }
        var grandTotal = 0.0
        for row in 0..<rows {
            for i in 0..<neurons {
                let w = weightAt(row, i)
                if w == 0 { continue }
                let y = Double(observed.storage[row * neurons + i])
                deviations[i] += w * (y - means[i]) * (y - means[i])
                grandTotal += w * (y - grandMean) * (y - grandMean)
            }
        }
        let sse = errors.reduce(0, +)
        return FitScores(
            globalR2: 1 - sse / grandTotal, perNeuronR2: (0..<neurons).map { 1 - errors[$0] / deviations[$0] },
            meanSquaredError: sse / totalWeight, neuronVariances: (0..<neurons).map { deviations[$0] / weight[$0] })
    }

    /// 19 neurons: two blocks of eight lanes and a tail (the Float sums run eight neurons at a time).
    @Test("statistics of the data kept across predictions give the two-pass scores to the bit", arguments: [0, 1, 19])
    func keptStatistics(maskWidth: Int) {
        var random = SeededRandom(seed: UInt64(maskWidth) + 11)
        let (trials, steps, neurons) = (5, 9, 19)
        let observed = Tensor3<Float>(trials, steps, neurons, storage: random.gaussians(trials * steps * neurons))
        let mask: Tensor3<Float>? = maskWidth == 0 ? nil : Tensor3(
            trials, steps, maskWidth,
            storage: (0..<(trials * steps * maskWidth)).map { $0 % 5 == 0 ? 0 : Float($0 % 3 + 1) / 3 })
        let statistics = ObservedStatistics(observed, mask: mask)
        for _ in 0..<3 {
            var predicted = observed
            let noise: [Float] = random.gaussians(predicted.storage.count)
            for index in predicted.storage.indices { predicted.storage[index] += 0.3 * noise[index] }
            let kept = FitScores.compute(predicted: predicted, observed: observed, statistics: statistics)
            #expect(kept == Self.twoPassScores(predicted, observed, mask))
            #expect(FitScores.compute(predicted: predicted, observed: observed, mask: mask) == kept)
        }
    }

    @Test("validation scores summed where the forward pass leaves each chunk equal those of the copied predictions, to the bit",
          arguments: [(ActivityTarget.rates, 0), (.rates, 1), (.currents, 0), (.rates, 9)])
    func validationScoresInPlace(target: ActivityTarget, maskWidth: Int) throws {
        var configuration = SyntheticTeacher.Configuration()
        configuration.units = 9
        configuration.trials = 90
        configuration.steps = 7
        let teacher = SyntheticTeacher.model(configuration)
        var dataset = SyntheticTeacher.dataset(configuration, teacher: teacher)
        if maskWidth > 0 {
            dataset.mask = Tensor3(
                90, 7, maskWidth, storage: (0..<(90 * 7 * maskWidth)).map { $0 % 7 == 0 ? 0 : Float($0 % 3 + 1) / 2 })
        }
        var settings = FitSettings(rank: .low(2))
        settings.target = target
        // 70 trials: two full chunks of 32 and a padded one of 6, in an order that is not sorted.
        let trials = (0..<70).map { ($0 * 37) % 90 }
        var student = teacher
        student.noiseStandardDeviation = 0
        if case .lowRank(var m, let n) = student.connectivity {
            for index in m.storage.indices { m.storage[index] *= 0.8 }
            student.connectivity = .lowRank(m: m, n: n)
        }
        let evaluator = ValidationEvaluator(dataset: dataset, trials: trials, model: student, settings: settings)
        let inPlace = evaluator.scores(of: student)
        let observed = dataset.activity.selecting(trials)
        let copied = FitScores.compute(
            predicted: evaluator.predictions(of: student), observed: observed,
            mask: dataset.mask?.selecting(trials))
        #expect(inPlace == copied)
        #expect(inPlace.globalR2.isFinite && inPlace.globalR2 < 1)
    }
}
