import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("DMS task trials")
struct DelayedMatchToSampleTaskTests {
    typealias Support = TaskTestSupport

    static func make(_ noise: Double?) -> DelayedMatchToSampleTask {
        noise.map { DelayedMatchToSampleTask(inputNoise: $0) } ?? DelayedMatchToSampleTask()
    }

    @Test("shape, names and default parameters")
    func shape() {
        let task = Tasks.task(.dms)
        #expect(task.name == .dms && task.inputCount == 2 && task.inputNames.count == 2)
        #expect(task.steps == 255 && task.conditionCount == 4 && task.inputNoise == 0.03)
    }

    @Test("timing: fixation 5, stimulus 25, delay 25…150, stimulus 25, decision 50, padded to 255")
    func timing() {
        let timing = DelayedMatchToSampleTask.Timing(delaySteps: 30)
        #expect(timing.fixation == 0..<5 && timing.firstStimulus == 5..<30 && timing.delay == 30..<60)
        #expect(timing.secondStimulus == 60..<85 && timing.decision == 85..<135 && timing.length == 135)
        #expect(DelayedMatchToSampleTask.Timing(delaySteps: 150).length == 255)
        let (noisy, clean) = Support.noisyAndClean(Self.make, count: 2000, seed: 3)
        var delays = Set<Int>()
        for trial in 0..<clean.trialCount {
            let p = clean.parameters[trial]
            let (first, second, delay) = (Int(p[0]), Int(p[1]), Int(p[2]))
            #expect(Double(delay) == p[2] && (25...150).contains(delay))
            delays.insert(delay)
            let length = 105 + delay
            let padding = 255 - length
            #expect(clean.length(ofTrial: trial) == length)
            for channel in 0..<2 {
                let firstValue: Float = first == channel ? 1 : 0
                let secondValue: Float = second == channel ? 1 : 0
                #expect(Support.channel(clean.inputs, trial: trial, channel: channel)
                    == Support.run(0, 5) + Support.run(firstValue, 25) + Support.run(0, delay)
                    + Support.run(secondValue, 25) + Support.run(0, 50 + padding))
                #expect((length..<255).allSatisfy { noisy.inputs[trial, $0, channel] == 0 })
            }
            let target: Float = first == second ? 1 : -1
            #expect(Support.channel(clean.targets, trial: trial, channel: 0)
                == Support.run(0, 55 + delay) + Support.run(target, 50) + Support.run(0, padding))
            #expect(clean.targetMask.row(trial) == Support.run(0, 55 + delay) + Support.run(1, 50) + Support.run(0, padding))
            #expect(clean.mask.row(trial) == Support.run(1, length) + Support.run(0, padding))
        }
        #expect(delays == Set(25...150))
    }

    @Test("stimulus set and condition labels: 0 AA, 1 AB, 2 BA, 3 BB")
    func stimuli() {
        var random = SeededRandom(seed: 4)
        let trials = DelayedMatchToSampleTask().trials(count: 200, random: &random)
        #expect(Set(trials.condition) == Set(0..<4))
        for trial in 0..<trials.trialCount {
            let p = trials.parameters[trial]
            #expect(p.count == 3 && [0.0, 1].contains(p[0]) && [0.0, 1].contains(p[1]))
            #expect(trials.condition[trial] == 2 * Int(p[0]) + Int(p[1]))
            let window = trials.targetMask.row(trial).firstIndex(of: 1)!
            #expect(trials.targets[trial, window, 0] == (p[0] == p[1] ? 1 : -1))
        }
    }

    @Test("input noise σ 0.03 on both channels at every step of the trial")
    func noise() {
        let (noisy, clean) = Support.noisyAndClean(Self.make, count: 200, seed: 5)
        for channel in 0..<2 {
            let inside = Support.residual(noisy, clean, channel: channel) { trial, t in clean.mask[trial, t] == 1 }
            #expect(abs(inside.std - 0.03) < 0.001)
            let fixation = Support.residual(noisy, clean, channel: channel) { _, t in t < 5 }
            #expect(abs(fixation.std - 0.03) < 0.004)
        }
    }

    @Test("seeded reproducibility")
    func reproducible() {
        var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9), c = SeededRandom(seed: 10)
        let first = DelayedMatchToSampleTask().trials(count: 20, random: &a)
        #expect(first == DelayedMatchToSampleTask().trials(count: 20, random: &b))
        #expect(first.inputs != DelayedMatchToSampleTask().trials(count: 20, random: &c).inputs)
    }
}
