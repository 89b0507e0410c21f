import LintelNumerics
import Testing

@testable import LintelEngine

/// With φ = tanh the activity loss is folded into the backward time loop; it must give the loss
/// and the gradients of the two-pass route (lossAndDirectGradients, then propagateBack) exactly
/// up to rounding, in Float64.
@Suite("Loss folded into the backward pass")
struct FusedBackwardTests {
    static let objectives: [TrainingObjective] = [
        .rates, .currents, .task, TrainingObjective(activity: .rates, readout: true),
        TrainingObjective(activity: .currents, readout: true),
    ]

    @Test("one pass equals two passes", arguments: [2, nil] as [Int?], [false, true])
    func fusedEqualsTwoPass(rank: Int?, masked: Bool) {
        for objective in Self.objectives {
            let units = 11, inputs = 2, outputs = 2, trials = 4, steps = 9
            var random = SeededRandom(seed: 21)
            var model: RNNModel<Double> =
                rank.map { .randomLowRank(units: units, rank: $0, inputs: inputs, outputs: outputs, random: &random) }
                ?? .randomFullRank(units: units, inputs: inputs, outputs: outputs, spectralRadius: 1.3, random: &random)
            model.initialState = random.gaussians(units, standardDeviation: 0.3)
            let batch = TrialBatch<Double>(
                trials: Array(0..<trials), steps: steps,
                inputs: Tensor3(trials, steps, inputs, storage: random.gaussians(trials * steps * inputs)),
                activity: Tensor3(trials, steps, units, storage: random.gaussians(trials * steps * units, standardDeviation: 0.5)),
                activityMask: masked
                    ? Tensor3(trials, steps, units, storage: (0..<(trials * steps * units)).map { Double(($0 * 7) % 5 == 0 ? 0 : 1) })
                    : nil,
                targets: Tensor3(trials, steps, outputs, storage: random.gaussians(trials * steps * outputs)),
                targetMask: masked ? Matrix(rows: trials, columns: steps, storage: (0..<(trials * steps)).map { Double($0 % 3 == 0 ? 0 : 1) }) : nil)
            var noise: [SeededRandom] = []

            let fused = RNNWorkspace(for: model, batch: trials, steps: steps)
            fused.forward(inputs: batch.inputs, noiseStandardDeviation: 0, noise: &noise)
            let fusedLoss = fused.lossAndBackward(batch: batch, objective: objective)
            let fusedGradient = fused.gradient(includeReadout: objective.readout)

            let twoPass = RNNWorkspace(for: model, batch: trials, steps: steps)
            twoPass.forward(inputs: batch.inputs, noiseStandardDeviation: 0, noise: &noise)
            let loss = twoPass.lossAndDirectGradients(batch: batch, objective: objective)
            twoPass.propagateBack(includeReadout: objective.readout)
            let gradient = twoPass.gradient(includeReadout: objective.readout)

            #expect(abs(fusedLoss - loss) <= 1e-12 * max(1, loss), "\(objective)")
            let layout = ParameterLayout([.connectivity, .inputVectors, .readout, .initialState])
            let a = layout.vector(of: fusedGradient), b = layout.vector(of: gradient)
            let scale = b.map(abs).max() ?? 1
            let difference = zip(a, b).map { abs($0 - $1) }.max() ?? 0
            #expect(difference <= 1e-12 * max(scale, 1), "\(objective) rank \(rank.map(String.init) ?? "full"), masked \(masked)")
        }
    }

    @Test("activity read in place from the dataset gives what the gathered copy gives", arguments: [Nonlinearity.tanh, .relu])
    func activityInPlace(nonlinearity: Nonlinearity) {
        let units = 10, inputs = 2, trials = 7, steps = 6
        var random = SeededRandom(seed: 31)
        let model: RNNModel<Double> = .randomLowRank(
            units: units, rank: 2, inputs: inputs, nonlinearity: nonlinearity, random: &random)
        let inputTensor = Tensor3<Double>(trials, steps, inputs, storage: random.gaussians(trials * steps * inputs))
        let activity = Tensor3<Double>(trials, steps, units, storage: random.gaussians(trials * steps * units))
        let mask = Tensor3<Double>(trials, steps, 1, storage: (0..<(trials * steps)).map { Double($0 % 5 == 0 ? 0 : 1) })
        let indices = [6, 2, 4]
        for objective in [TrainingObjective.rates, .currents] {
            let copied = TrialBatch(
                trials: indices, steps: steps, inputs: inputTensor, activity: activity, activityMask: mask)
            var inPlace = TrialBatch<Double>(inputs: Tensor3(0, steps, inputs))
            inPlace.gather(
                trials: indices, steps: steps, inputs: inputTensor, activity: activity, activityMask: mask,
                activityInPlace: true)
            #expect(inPlace.activity == nil && inPlace.hasActivity)
            var noise: [SeededRandom] = []
            let a = RNNWorkspace(for: model, batch: indices.count, steps: steps)
            let b = RNNWorkspace(for: model, batch: indices.count, steps: steps)
            let (lossA, gradientA) = a.lossAndGradient(batch: copied, objective: objective, noise: &noise)
            let (lossB, gradientB) = b.lossAndGradient(batch: inPlace, objective: objective, noise: &noise)
            #expect(lossA == lossB)
            #expect(gradientA == gradientB)
        }
    }
}
