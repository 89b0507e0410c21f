import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import Testing

@testable import LintelDynamics

@Suite("Inactivation")
struct InactivationTests {
    /// Euler steps with the rates of the silenced units multiplied by g: docs/METHOD.md §5 directly.
    static func referenceRun(_ model: RNNModel<Double>, inputs: [[Double]], rateGain: [Double]) -> [[Double]] {
        var x = model.initialState
        var states: [[Double]] = []
        for u in inputs {
            let f = TestNetworks.flow(model, at: x, input: u, rateGain: rateGain)
            for i in x.indices { x[i] += model.alpha * f[i] }
            states.append(x)
        }
        return states
    }

    @Test("the transformed network equals multiplying the silenced units' rates by g (low and full rank, readout too)",
          arguments: [false, true])
    func transformIsExact(fullRank: Bool) throws {
        var random = SeededRandom(seed: 4)
        var model = fullRank
            ? RNNModel<Double>.randomFullRank(units: 30, inputs: 2, outputs: 1, spectralRadius: 1.5, random: &random)
            : RNNModel<Double>.randomLowRank(units: 30, rank: 2, inputs: 2, outputs: 1, random: &random)
        model.initialState = random.gaussians(30)
        let silenced = [2, 7, 19]
        let gain = 0.3
        let rateGain = (0..<30).map { silenced.contains($0) ? gain : 1 }
        let inputs = (0..<15).map { _ in random.gaussians(2, as: Double.self) }
        let reference = Self.referenceRun(model, inputs: inputs, rateGain: rateGain)
        let transformed = Inactivation.silencing(model, units: silenced, gain: gain)
        let run = Simulator.run(transformed, inputs: Tensor3(1, 15, 2, storage: inputs.flatMap { $0 }))
        for t in 0..<15 {
            for i in 0..<30 { #expect(abs(run.states[0, t, i] - reference[t][i]) < 1e-10) }
        }
        // Readout: z = wᵀ (g ⊙ tanh x) (/N at low rank).
        let w = model.readout!
        let last = reference[14]
        let expected = (0..<30).reduce(0.0) { $0 + w[$1, 0] * rateGain[$1] * tanh(last[$1]) } * model.readoutScale
        #expect(abs(run.outputs![0, 14, 0] - expected) < 1e-10)
        // N and everything else unchanged; gain 1 is the identity.
        #expect(transformed.unitCount == 30 && transformed.inputVectors == model.inputVectors)
        #expect(Inactivation.silencing(model, units: silenced, gain: 1) == model)
    }

    @Test("selectors: cluster, explicit units, top-k by |I_k| and by |m_r| (SVD form); bad selections refused")
    func selectors() throws {
        var random = SeededRandom(seed: 6)
        var model = RNNModel<Float>.randomLowRank(units: 20, rank: 1, inputs: 3, random: &random)
        model.clusterLabels = (0..<20).map { $0 % 3 }
        #expect(try Inactivation.units(.cluster(1), in: model) == [1, 4, 7, 10, 13, 16, 19])
        #expect(try Inactivation.units(.cluster(0), in: model, labels: (0..<20).map { $0 < 5 ? 0 : 1 }) == [0, 1, 2, 3, 4])
        #expect(try Inactivation.units(.neurons([9, 3, 3]), in: model) == [3, 9])
        let column = model.inputVectors.column(2).map { abs($0) }
        let top = try Inactivation.units(.top(count: 4, vector: .input(2)), in: model)
        let threshold = column.sorted(by: >)[3]
        #expect(top.count == 4 && top.allSatisfy { column[$0] >= threshold })
        let m = try LowRankDynamics(model).m.column(0).map(abs)
        let topM = try Inactivation.units(.top(count: 3, vector: .m(0)), in: model)
        #expect(topM.allSatisfy { m[$0] >= m.sorted(by: >)[2] })
        for selector in [PopulationSelector.cluster(5), .neurons([20]), .top(count: 0, vector: .input(0)),
                         .top(count: 2, vector: .input(3)), .top(count: 2, vector: .n(1))] {
            #expect(throws: DynamicsError.self) { try Inactivation.units(selector, in: model) }
        }
        model.clusterLabels = nil
        #expect(throws: DynamicsError.self) { try Inactivation.units(.cluster(0), in: model) }
    }

    @Test("a teacher's readout for a student: rescaled between the 1/N and full-rank conventions")
    func readoutTransfer() {
        var random = SeededRandom(seed: 8)
        let teacher = RNNModel<Float>.randomFullRank(units: 10, inputs: 1, outputs: 1, random: &random)
        let student = RNNModel<Float>.randomLowRank(units: 10, rank: 1, inputs: 1, random: &random)
        let w = Inactivation.readout(for: student, from: teacher)!
        #expect(zip(w.storage, teacher.readout!.storage).allSatisfy { abs($0 - 10 * $1) < 1e-6 })
        #expect(Inactivation.readout(for: RNNModel<Float>.randomLowRank(units: 9, rank: 1, inputs: 1, random: &random), from: teacher) == nil)
    }

    @Test("on a dataset: R² intact is the simulation's, silencing changes trajectories; gain 1 changes nothing")
    func onData() throws {
        var random = SeededRandom(seed: 10)
        let model = RNNModel<Float>.randomLowRank(units: 16, rank: 2, inputs: 1, random: &random)
        let inputs = Tensor3<Float>(4, 20, 1, storage: random.gaussians(80))
        let activity = Simulator.run(model, inputs: inputs).rates
        let dataset = Dataset(activity: activity, inputs: inputs)
        let result = try Inactivation.onData(model, units: [0, 1, 2, 3], gain: 0, dataset: dataset)
        #expect(result.intactR2 > 0.999999)
        #expect(result.silencedR2 < result.intactR2 && result.trajectoryChange > 0.01)
        let unchanged = try Inactivation.onData(model, units: [0, 1], gain: 1, dataset: dataset)
        #expect(unchanged.trajectoryChange == 0)
        #expect(throws: DynamicsError.self) {
            try Inactivation.onData(model, units: [0], gain: 0, dataset: Dataset(activity: Tensor3(1, 2, 5)))
        }
    }

    @Test("psychometric curves of each task have the documented names")
    func psychometricNames() {
        for (task, names) in [(TaskName.pdm, ["coherence"]), (.romo, ["f1 - f2 (Hz)"]), (.dms, ["match"]),
                              (.cdm, ["context A: stimulus A", "context A: stimulus B", "context B: stimulus A", "context B: stimulus B"])] {
            var random = SeededRandom(seed: 1)
            let trials = Tasks.task(task).trials(count: 30, random: &random)
            let outputs = Tensor3<Float>(trials.trialCount, trials.steps, 1, repeating: 1)
            let curves = PsychometricCurve.curves(outputs: outputs, trials: trials)
            #expect(curves.map(\.name) == names)
            #expect(curves.allSatisfy { $0.positiveFraction.allSatisfy { $0 == 1 } && $0.trials.reduce(0, +) > 0 })
        }
    }
}
