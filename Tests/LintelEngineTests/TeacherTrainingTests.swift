import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Teacher networks")
struct TeacherTrainingTests {
    @Test("a small rank-1 PDM teacher learns the task through the readout loss")
    func perceptualDecisionTeacher() async throws {
        var settings = TeacherTraining.settings(task: .pdm, rank: .low(1), units: 32, epochs: 25)
        settings.batchSize = 32
        let plan = try TeacherTraining.plan(task: .pdm, settings: settings, trialCount: 300, runDirectory: nil)
        guard case .finished(_, let result) = await FitEngine().run(plan.job) else {
            Issue.record("training did not finish")
            return
        }
        let teacher = try TeacherTraining.complete(plan, result: result)
        #expect(teacher.model.task == "pdm")
        #expect(teacher.model.noiseStandardDeviation == 0.05)
        #expect(teacher.model.readout?.columns == 1)
        let accuracy = try #require(teacher.metrics.accuracy)
        #expect(accuracy >= 0.9, "accuracy \(accuracy)")
        #expect(teacher.metrics.accepted == true)
        // An untrained network of the same shape is at chance.
        var random = SeededRandom(seed: 3)
        var untrained = RNNModel<Float>.randomLowRank(units: 32, rank: 1, inputs: 1, outputs: 1, random: &random)
        untrained.noiseStandardDeviation = 0.05
        let chance = TeacherTraining.accuracy(of: untrained, on: plan.trials.selecting(plan.split.validation), seed: 1)
        #expect(chance < 0.75, "untrained accuracy \(chance)")
    }

    @Test("the docs/METHOD.md settings of teacher training")
    func defaults() {
        let lowRank = TeacherTraining.settings(task: .cdm, rank: .low(1), units: 512)
        #expect(lowRank.effectiveLearningRate == 1e-2 && lowRank.epochs == 100)
        #expect(lowRank.noiseStandardDeviation == 0.05 && lowRank.objective == .readout)
        #expect(lowRank.trainable.contains(.readout))
        #expect(TeacherTraining.settings(task: .romo, rank: .low(2), units: 512).effectiveLearningRate == 1e-3)
        let full = TeacherTraining.settings(task: .cdm, rank: .full, units: 1024)
        #expect(full.effectiveLearningRate == 1e-4 && full.epochs == 50)
        #expect(lowRank.initialisation == .random && full.initialisation == .random)
        #expect(TeacherTraining.settings(task: .dms, rank: .low(2), units: 512).initialisation == .aligned(gain: 1))
        #expect(TeacherTraining.settings(task: .romo, rank: .low(2), units: 512).initialisation == .aligned(gain: 1))
        #expect(TeacherTraining.settings(task: .pdm, rank: .low(1), units: 512).initialisation == .random)
        #expect(TeacherTraining.settings(task: .dms, rank: .full, units: 512).initialisation == .random)
    }

    @Test("teacher datasets: rates of fresh trials, the noisy inputs fed, nothing on padding")
    func trajectories() {
        var random = SeededRandom(seed: 4)
        var teacher = RNNModel<Float>.randomLowRank(units: 12, rank: 2, inputs: 2, outputs: 1, random: &random)
        teacher.noiseStandardDeviation = 0.05
        teacher.task = "dms"
        let drawn = TeacherTraining.trajectories(of: teacher, task: .dms, trialCount: 6, seed: 9)
        #expect(drawn.rates.shape == [6, drawn.trials.steps, 12])
        #expect(drawn.trials.inputs.dim2 == 2)
        var paddingSeen = false
        for trial in 0..<6 {
            for t in 0..<drawn.trials.steps where drawn.trials.mask[trial, t] == 0 {
                paddingSeen = true
                #expect((0..<12).allSatisfy { drawn.rates[trial, t, $0] == 0 })
            }
        }
        #expect(paddingSeen)
        // The rates are the teacher's on exactly these inputs, with its noise.
        let again = Simulator.run(teacher, inputs: drawn.trials.inputs, seed: 9).rates
        #expect(again[0, 0, 0] == drawn.rates[0, 0, 0] && again[5, 3, 7] == drawn.rates[5, 3, 7])
        let other = TeacherTraining.trajectories(of: teacher, task: .dms, trialCount: 6, seed: 10)
        #expect(other.rates != drawn.rates)
    }
}
