import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Romo task trials")
struct RomoTaskTests {
    typealias Support = TaskTestSupport

    static func make(_ noise: Double?) -> RomoTask {
        noise.map { RomoTask(inputNoise: $0) } ?? RomoTask()
    }

    @Test("shape, names and default parameters")
    func shape() {
        let task = Tasks.task(.romo)
        #expect(task.name == .romo && task.inputCount == 1 && task.inputNames.count == 1)
        #expect(task.steps == 120 && task.conditionCount == 18 && task.inputNoise == 0.01)
    }

    @Test("timing: fixation 5, f1 5, delay 25…100, f2 5, decision 5, padded to 120 with mask 0")
    func timing() {
        let timing = RomoTask.Timing(delaySteps: 40)
        #expect(timing.fixation == 0..<5 && timing.firstStimulus == 5..<10 && timing.delay == 10..<50)
        #expect(timing.secondStimulus == 50..<55 && timing.decision == 55..<60 && timing.length == 60)
        #expect(RomoTask.Timing(delaySteps: 100).length == 120)
        let (noisy, clean) = Support.noisyAndClean(Self.make, count: 2000, seed: 3)
        var delays = Set<Int>()
        for trial in 0..<clean.trialCount {
            let p = clean.parameters[trial]
            let delay = Int(p[2])
            #expect(Double(delay) == p[2] && (25...100).contains(delay))
            delays.insert(delay)
            let (f1, f2) = (Float((p[0] - 22) / 24), Float((p[1] - 22) / 24))
            let length = 20 + delay
            let padding = 120 - length
            #expect(clean.length(ofTrial: trial) == length)
            #expect(Support.channel(clean.inputs, trial: trial, channel: 0)
                == Support.run(0, 5) + Support.run(f1, 5) + Support.run(0, delay) + Support.run(f2, 5)
                + Support.run(0, 5 + padding))
            let target = Float((p[0] - p[1]) / 24)
            #expect(Support.channel(clean.targets, trial: trial, channel: 0)
                == Support.run(0, 15 + delay) + Support.run(target, 5) + Support.run(0, padding))
            #expect(clean.targetMask.row(trial) == Support.run(0, 15 + delay) + Support.run(1, 5) + Support.run(0, padding))
            #expect(clean.mask.row(trial) == Support.run(1, length) + Support.run(0, padding))
            // Padding carries no input, not even noise.
            #expect((length..<120).allSatisfy { noisy.inputs[trial, $0, 0] == 0 })
        }
        #expect(delays == Set(25...100))
    }

    @Test("stimulus set: 18 pairs on the 4 Hz grid with f2 − f1 ∈ {±8, ±16, ±24}")
    func stimuli() {
        let pairs = RomoTask.pairs
        #expect(pairs.count == 18)
        #expect(pairs.allSatisfy { (10...34).contains($0.f1) && (10...34).contains($0.f2) })
        #expect(pairs.allSatisfy { [-24.0, -16, -8, 8, 16, 24].contains($0.f2 - $0.f1) })
        #expect(pairs.map { [$0.f1, $0.f2] } == pairs.map { [$0.f1, $0.f2] }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(pairs.filter { abs($0.f2 - $0.f1) == 8 }.count == 10)
        #expect(pairs.filter { abs($0.f2 - $0.f1) == 24 }.count == 2)
        var random = SeededRandom(seed: 4)
        let trials = RomoTask().trials(count: 1000, random: &random)
        #expect(Set(trials.condition) == Set(0..<18))
        for trial in 0..<trials.trialCount {
            let p = trials.parameters[trial]
            let pair = pairs[trials.condition[trial]]
            #expect(p.count == 3 && pair.f1 == p[0] && pair.f2 == p[1])
        }
    }

    @Test("input noise σ 0.01 at every step of the trial")
    func noise() {
        let (noisy, clean) = Support.noisyAndClean(Self.make, count: 300, seed: 5)
        let inside = Support.residual(noisy, clean, channel: 0) { trial, t in clean.mask[trial, t] == 1 }
        #expect(abs(inside.std - 0.01) < 0.0004)
        #expect(inside.count == Int(clean.mask.storage.reduce(0, +)))
        #expect(Support.residual(noisy, clean, channel: 0) { trial, t in clean.mask[trial, t] == 0 }.maximum == 0)
    }

    @Test("seeded reproducibility")
    func reproducible() {
        var a = SeededRandom(seed: 9), b = SeededRandom(seed: 9), c = SeededRandom(seed: 10)
        let first = RomoTask().trials(count: 20, random: &a)
        #expect(first == RomoTask().trials(count: 20, random: &b))
        let other = RomoTask().trials(count: 20, random: &c)
        #expect(first.inputs != other.inputs && first.mask != other.mask)
    }
}
