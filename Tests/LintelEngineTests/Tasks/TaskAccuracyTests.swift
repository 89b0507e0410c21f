import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Task accuracy")
struct TaskAccuracyTests {
    typealias Support = TaskTestSupport

    static func trials(_ name: TaskName, count: Int = 200, seed: UInt64 = 7) -> TaskTrials {
        var random = SeededRandom(seed: seed)
        return Tasks.task(name).trials(count: count, random: &random)
    }

    @Test("the oracle scores 1, its negation 0, for every task", arguments: TaskName.allCases)
    func oracle(name: TaskName) {
        let trials = Self.trials(name)
        let oracle = trials.targets
        #expect(TaskAccuracy.accuracy(outputs: oracle, trials: trials) == 1)
        #expect(TaskAccuracy.correct(outputs: oracle, trials: trials).allSatisfy { $0 })
        let negated = Support.outputs(trials) { -oracle[$0, $1, 0] }
        #expect(TaskAccuracy.accuracy(outputs: negated, trials: trials) == 0)
        #expect(TaskAccuracy.accuracy(outputs: Tensor3(trials.trialCount, trials.steps, 1), trials: trials) == 0)
        let groups = TaskAccuracy.accuracyByContext(outputs: oracle, trials: trials)
        #expect(groups == (name == .cdm ? [1, 1] : [1]))
    }

    @Test("only the mean over the decision window counts; padding and other periods are ignored")
    func window() {
        let trials = Self.trials(.romo, count: 100)
        // Small right-signed values in the window, large wrong-signed values everywhere else.
        let outputs = Support.outputs(trials) { trial, t in
            let target = trials.targets[trial, t, 0]
            return trials.targetMask[trial, t] == 1 ? (target > 0 ? 0.01 : -0.01) : (t % 2 == 0 ? -50 : 50) * 3
        }
        #expect(TaskAccuracy.accuracy(outputs: outputs, trials: trials) == 1)
        // Mean, not majority: one large correct step outweighs the others in the PDM window.
        let pdm = Self.trials(.pdm, count: 50)
        let mean = Support.outputs(pdm) { trial, t in
            let sign = pdm.parameters[trial][0] > 0 ? Float(1) : -1
            return t == 60 ? 100 * sign : -sign
        }
        #expect(TaskAccuracy.accuracy(outputs: mean, trials: pdm) == 1)
        let values = TaskAccuracy.decisionValues(outputs: mean, trials: pdm)
        #expect(values.indices.allSatisfy { abs(abs(values[$0]) - 86.0 / 15) < 1e-9 })
    }

    @Test("CDM accuracy per context: right in A and wrong in B gives [1, 0]")
    func byContext() {
        let trials = Self.trials(.cdm, count: 300)
        let outputs = Support.outputs(trials) { trial, t in
            trials.parameters[trial][0] == 0 ? trials.targets[trial, t, 0] : -trials.targets[trial, t, 0]
        }
        #expect(TaskAccuracy.accuracyByContext(outputs: outputs, trials: trials) == [1, 0])
        let fraction = Double(trials.parameters.filter { $0[0] == 0 }.count) / 300
        #expect(abs(TaskAccuracy.accuracy(outputs: outputs, trials: trials) - fraction) < 1e-12)
        // A context without trials gives NaN.
        let onlyA = trials.selecting(trials.parameters.indices.filter { trials.parameters[$0][0] == 0 })
        let groups = TaskAccuracy.accuracyByContext(outputs: onlyA.targets, trials: onlyA)
        #expect(groups[0] == 1 && groups[1].isNaN)
    }

    @Test("graded Romo targets: only signs count")
    func romoSigns() {
        let trials = Self.trials(.romo, count: 100)
        let outputs = Support.outputs(trials) { trial, _ in
            trials.parameters[trial][0] > trials.parameters[trial][1] ? 1e-3 : -1e-3
        }
        #expect(TaskAccuracy.accuracy(outputs: outputs, trials: trials) == 1)
    }
}
