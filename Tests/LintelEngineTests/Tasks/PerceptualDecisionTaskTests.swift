import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("PDM task trials")
struct PerceptualDecisionTaskTests {
    typealias Support = TaskTestSupport

    static func make(_ noise: Double?) -> PerceptualDecisionTask {
        noise.map { PerceptualDecisionTask(inputNoise: $0) } ?? PerceptualDecisionTask()
    }

    @Test("shape, names and default parameters")
    func shape() {
        let task = Tasks.task(.pdm)
        #expect(task.name == .pdm && task.inputCount == 1 && task.inputNames.count == 1)
        #expect(task.steps == 75 && task.conditionCount == 10 && task.inputNoise == 0.03)
        var random = SeededRandom(seed: 1)
        let trials = task.trials(count: 7, random: &random)
        #expect(trials.task == .pdm && trials.trialCount == 7 && trials.steps == 75)
        #expect(trials.inputs.shape == [7, 75, 1] && trials.targets.shape == [7, 75, 1])
        #expect(trials.mask.storage.allSatisfy { $0 == 1 })
    }

    @Test("timing: fixation 5, stimulus 40, delay 15, decision 15 steps")
    func timing() {
        #expect(PerceptualDecisionTask.fixation == 0..<5 && PerceptualDecisionTask.stimulus == 5..<45)
        #expect(PerceptualDecisionTask.delay == 45..<60 && PerceptualDecisionTask.decision == 60..<75)
        let clean = Support.noisyAndClean(Self.make, count: 50, seed: 3).clean
        for trial in 0..<clean.trialCount {
            let coherence = Float(clean.parameters[trial][0])
            let sign: Float = coherence > 0 ? 1 : -1
            #expect(Support.channel(clean.inputs, trial: trial, channel: 0)
                == Support.run(0, 5) + Support.run(coherence, 40) + Support.run(0, 30))
            #expect(Support.channel(clean.targets, trial: trial, channel: 0) == Support.run(0, 60) + Support.run(sign, 15))
            #expect(clean.targetMask.row(trial) == Support.run(0, 60) + Support.run(1, 15))
        }
    }

    @Test("stimulus set, conditions and targets")
    func stimuli() {
        var random = SeededRandom(seed: 11)
        let trials = PerceptualDecisionTask().trials(count: 1000, random: &random)
        let expected = [-16.0, -8, -4, -2, -1, 1, 2, 4, 8, 16].map { $0 * 0.032 }
        #expect(PerceptualDecisionTask.coherences == expected)
        #expect(Set(trials.parameters.map { $0[0] }) == Set(expected))
        #expect(Set(trials.condition) == Set(0..<10))
        for trial in 0..<trials.trialCount {
            let coherence = trials.parameters[trial][0]
            #expect(trials.parameters[trial].count == 1)
            #expect(expected[trials.condition[trial]] == coherence)
            #expect(trials.targets[trial, 70, 0] == (coherence > 0 ? 1 : -1))
        }
    }

    @Test("input noise σ 0.03 at every step of the stimulus channel")
    func noise() {
        let (noisy, clean) = Support.noisyAndClean(Self.make, count: 400, seed: 5)
        #expect(noisy.condition == clean.condition)
        let all = Support.residual(noisy, clean, channel: 0)
        #expect(abs(all.std - 0.03) < 0.0015)
        let outside = Support.residual(noisy, clean, channel: 0) { _, t in !PerceptualDecisionTask.stimulus.contains(t) }
        #expect(abs(outside.std - 0.03) < 0.002)
        #expect(noisy.targets == clean.targets && noisy.targetMask == clean.targetMask)
    }

    @Test("seeded reproducibility")
    func reproducible() {
        var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9), c = SeededRandom(seed: 10)
        let task = PerceptualDecisionTask()
        let first = task.trials(count: 20, random: &a)
        #expect(first == task.trials(count: 20, random: &b))
        #expect(first.inputs != task.trials(count: 20, random: &c).inputs)
    }

    @Test("selecting trials keeps every array in step")
    func selecting() {
        var random = SeededRandom(seed: 2)
        let trials = PerceptualDecisionTask().trials(count: 10, random: &random)
        let subset = trials.selecting([7, 2, 2])
        #expect(subset.trialCount == 3 && subset.condition == [7, 2, 2].map { trials.condition[$0] })
        #expect(subset.inputs == trials.inputs.selecting([7, 2, 2]))
        #expect(subset.targetMask.row(0) == trials.targetMask.row(7))
        #expect(subset.parameters[1] == trials.parameters[2])
        #expect(subset.selecting([0]) == trials.selecting([7]))
    }
}
