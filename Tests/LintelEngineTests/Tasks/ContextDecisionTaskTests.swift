import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("CDM task trials")
struct ContextDecisionTaskTests {
    typealias Support = TaskTestSupport

    static func make(_ noise: Double?) -> ContextDecisionTask {
        noise.map { ContextDecisionTask(inputNoise: $0) } ?? ContextDecisionTask()
    }

    @Test("shape, names and default parameters")
    func shape() {
        let task = Tasks.task(.cdm)
        #expect(task.name == .cdm && task.inputCount == 4 && task.inputNames.count == 4)
        #expect(task.steps == 68 && task.conditionCount == 72 && task.inputNoise == 0.1)
        var random = SeededRandom(seed: 1)
        let trials = task.trials(count: 5, random: &random)
        #expect(trials.inputs.shape == [5, 68, 4] && trials.mask.storage.allSatisfy { $0 == 1 })
    }

    @Test("timing: fixation 5, context only 17, stimulus 40, delay 5, decision 1")
    func timing() {
        #expect(ContextDecisionTask.fixation == 0..<5 && ContextDecisionTask.contextOnly == 5..<22)
        #expect(ContextDecisionTask.stimulus == 22..<62 && ContextDecisionTask.delay == 62..<67)
        #expect(ContextDecisionTask.decision == 67..<68 && ContextDecisionTask.context == 5..<68)
        let clean = Support.noisyAndClean(Self.make, count: 100, seed: 3).clean
        for trial in 0..<clean.trialCount {
            let parameters = clean.parameters[trial]
            let context = Int(parameters[0])
            let (a, b) = (Float(parameters[1]), Float(parameters[2]))
            #expect(Support.channel(clean.inputs, trial: trial, channel: 0)
                == Support.run(0, 22) + Support.run(a, 40) + Support.run(0, 6))
            #expect(Support.channel(clean.inputs, trial: trial, channel: 1)
                == Support.run(0, 22) + Support.run(b, 40) + Support.run(0, 6))
            #expect(Support.channel(clean.inputs, trial: trial, channel: 2 + context)
                == Support.run(0, 5) + Support.run(Float(0.1), 63))
            #expect(Support.channel(clean.inputs, trial: trial, channel: 3 - context) == Support.run(0, 68))
            let cued = context == 0 ? a : b
            #expect(Support.channel(clean.targets, trial: trial, channel: 0)
                == Support.run(0, 67) + [cued > 0 ? 1 : -1])
            #expect(clean.targetMask.row(trial) == Support.run(0, 67) + [1])
        }
    }

    @Test("stimulus set: 72 conditions that encode (context, coherence A, coherence B)")
    func stimuli() {
        var random = SeededRandom(seed: 12)
        let trials = ContextDecisionTask().trials(count: 3000, random: &random)
        let levels = [-4.0, -2, -1, 1, 2, 4].map { $0 * 0.1 }
        #expect(ContextDecisionTask.coherences == levels)
        #expect(Set(trials.condition) == Set(0..<72))
        var seen = Set<[Double]>()
        for trial in 0..<trials.trialCount {
            let p = trials.parameters[trial]
            #expect(p.count == 3 && (p[0] == 0 || p[0] == 1))
            guard let a = levels.firstIndex(of: p[1]), let b = levels.firstIndex(of: p[2]) else {
                Issue.record("coherences \(p) outside the stimulus set")
                continue
            }
            #expect(trials.condition[trial] == 36 * Int(p[0]) + 6 * a + b)
            #expect(trials.condition[trial] == ContextDecisionTask.condition(context: Int(p[0]), indexA: a, indexB: b))
            seen.insert(p)
        }
        #expect(seen.count == 72)
    }

    @Test("input noise σ 0.1 on both stimulus channels at every step, none on the context cues")
    func noise() {
        let (noisy, clean) = Support.noisyAndClean(Self.make, count: 300, seed: 5)
        for channel in 0..<2 {
            #expect(abs(Support.residual(noisy, clean, channel: channel).std - 0.1) < 0.004)
            let outside = Support.residual(noisy, clean, channel: channel) { _, t in !ContextDecisionTask.stimulus.contains(t) }
            #expect(abs(outside.std - 0.1) < 0.006)
        }
        for channel in 2..<4 { #expect(Support.residual(noisy, clean, channel: channel).maximum == 0) }
        // Independent channels: the noise of A and B is uncorrelated.
        var product = 0.0
        for trial in 0..<noisy.trialCount {
            for t in 0..<noisy.steps {
                product += Double(noisy.inputs[trial, t, 0] - clean.inputs[trial, t, 0])
                    * Double(noisy.inputs[trial, t, 1] - clean.inputs[trial, t, 1])
            }
        }
        #expect(abs(product / Double(noisy.trialCount * noisy.steps)) / 0.01 < 0.05)
    }

    @Test("seeded reproducibility")
    func reproducible() {
        var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9), c = SeededRandom(seed: 10)
        let first = ContextDecisionTask().trials(count: 20, random: &a)
        #expect(first == ContextDecisionTask().trials(count: 20, random: &b))
        #expect(first.inputs != ContextDecisionTask().trials(count: 20, random: &c).inputs)
    }
}
