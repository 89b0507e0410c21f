import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Streamed training loss")
struct StreamedLossTests {
    /// 45 trials (not a whole number of 32-trial chunks), a student that is not the teacher.
    private static func problem() -> (dataset: Dataset, student: RNNModel<Float>, trials: [Int]) {
        let dataset = SmallProblem.dataset(rank: 2, units: 12, trials: 45, steps: 9)
        var random = SeededRandom(seed: 7)
        var student = RNNModel<Float>.randomLowRank(units: 12, rank: 2, inputs: dataset.inputCount, outputs: 1, random: &random)
        student.alpha = 0.2
        let trials = Array((0..<45).reversed().filter { $0 % 5 != 2 })
        return (dataset, student, trials)
    }

    /// The mean squared error of a whole-trial noise-free simulation, scored by FitScores.
    private static func simulatedLoss(_ model: RNNModel<Float>, _ dataset: Dataset, _ trials: [Int], rates: Bool) -> Double {
        var quiet = model
        quiet.noiseStandardDeviation = 0
        let subset = dataset.selectingTrials(trials)
        let run = Simulator.run(quiet, inputs: subset.inputs)
        return FitScores.compute(predicted: rates ? run.rates : run.states, observed: subset.activity, mask: subset.mask).meanSquaredError
    }

    @Test("rates and currents, with per-step and per-neuron masks: the loss of a whole simulation")
    func activity() {
        let (plain, student, trials) = Self.problem()
        var random = SeededRandom(seed: 3)
        let perStep = Tensor3<Float>(45, 9, 1, storage: (0..<(45 * 9)).map { _ in random.integer(below: 4) == 0 ? 0 : 1 })
        let perNeuron = Tensor3<Float>(45, 9, 12, storage: (0..<(45 * 9 * 12)).map { _ in Float(random.integer(below: 3)) })
        for mask in [nil, perStep, perNeuron] {
            var dataset = plain
            dataset.mask = mask
            for target in [ActivityTarget.rates, .currents] {
                var settings = FitSettings(rank: .low(2))
                settings.target = target
                let streamed = StreamedLoss.meanSquaredError(of: student, dataset: dataset, trials: trials, settings: settings)
                let expected = Self.simulatedLoss(student, dataset, trials, rates: target == .rates)
                #expect(abs(streamed - expected) <= 1e-6 * expected, "\(target), mask width \(mask?.dim2 ?? 0)")
                #expect(streamed > 0)
            }
        }
    }

    @Test("readout with the network's noise: the same number as the validation evaluator")
    func readout() {
        let (plain, student, trials) = Self.problem()
        var random = SeededRandom(seed: 5)
        let targets = Tensor3<Float>(45, 9, 1, storage: random.gaussians(45 * 9))
        let window = Matrix<Float>(rows: 45, columns: 9, storage: (0..<(45 * 9)).map { $0 % 9 >= 6 ? 1 : 0 })
        let dataset = Dataset(
            activity: Tensor3(45, 9, 0), inputs: plain.inputs, targets: targets, targetMask: window)
        var noisy = student
        noisy.noiseStandardDeviation = 0.3
        var settings = FitSettings(rank: .low(2))
        settings.objective = .readout
        settings.noiseStandardDeviation = 0.3
        settings.units = 12
        let streamed = StreamedLoss.meanSquaredError(of: noisy, dataset: dataset, trials: trials, settings: settings)
        let evaluated = ValidationEvaluator(dataset: dataset, trials: trials, model: noisy, settings: settings).scores(of: noisy)
        #expect(streamed == evaluated.meanSquaredError)
        settings.noiseStandardDeviation = 0
        noisy.noiseStandardDeviation = 0
        let quiet = StreamedLoss.meanSquaredError(of: noisy, dataset: dataset, trials: trials, settings: settings)
        #expect(quiet != streamed, "the noise must reach the readout")
    }
}
