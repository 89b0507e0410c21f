import LintelNumerics
import Testing

@testable import LintelEngine

@Suite("Psychometric curves")
struct PsychometricsTests {
    typealias Support = TaskTestSupport

    static func trials(_ name: TaskName, count: Int, seed: UInt64 = 8) -> TaskTrials {
        var random = SeededRandom(seed: seed)
        return Tasks.task(name).trials(count: count, random: &random)
    }

    @Test("PDM: outputs equal to the coherence choose positive exactly for positive coherences")
    func pdm() {
        let trials = Self.trials(.pdm, count: 500)
        let outputs = Support.outputs(trials) { trial, _ in Float(trials.parameters[trial][0]) }
        let curve = Psychometrics.pdm(outputs: outputs, trials: trials)
        #expect(curve.map(\.coherence) == PerceptualDecisionTask.coherences)
        #expect(curve.allSatisfy { $0.positiveFraction == ($0.coherence > 0 ? 1 : 0) })
        #expect(curve.map(\.count).reduce(0, +) == 500)
        #expect(curve.map(\.count) == PerceptualDecisionTask.coherences.map { c in trials.parameters.filter { $0[0] == c }.count })
        // Alternate trials right and wrong within one coherence: fractions in between.
        let mixed = Support.outputs(trials) { trial, _ in trial % 2 == 0 ? 1 : -1 }
        let evens = Psychometrics.pdm(outputs: mixed, trials: trials)
        for point in evens {
            let members = trials.parameters.indices.filter { trials.parameters[$0][0] == point.coherence }
            #expect(point.positiveFraction == Double(members.filter { $0 % 2 == 0 }.count) / Double(members.count))
        }
    }

    @Test("CDM: 6 × 6 matrices per context from constructed outputs")
    func cdm() {
        let trials = Self.trials(.cdm, count: 3000)
        // Choose the sign of stimulus A whatever the context.
        let followA = Support.outputs(trials) { trial, _ in Float(trials.parameters[trial][1]) }
        let matrices = Psychometrics.cdm(outputs: followA, trials: trials)
        #expect(matrices.count == 2 && matrices.allSatisfy { $0.count == 6 && $0.allSatisfy { $0.count == 6 } })
        for context in 0..<2 {
            for a in 0..<6 {
                #expect(matrices[context][a] == Array(repeating: a >= 3 ? 1 : 0, count: 6))
            }
        }
        // The oracle follows the cued stimulus: rows in context A, columns in context B.
        let oracle = Psychometrics.cdm(outputs: trials.targets, trials: trials)
        for a in 0..<6 {
            for b in 0..<6 {
                #expect(oracle[0][a][b] == (a >= 3 ? 1 : 0))
                #expect(oracle[1][a][b] == (b >= 3 ? 1 : 0))
            }
        }
        // Missing conditions are NaN.
        let onlyA = trials.selecting(trials.parameters.indices.filter { trials.parameters[$0][0] == 0 })
        let partial = Psychometrics.cdm(outputs: onlyA.targets, trials: onlyA)
        #expect(partial[1].allSatisfy { $0.allSatisfy(\.isNaN) })
        #expect(partial[0].allSatisfy { $0.allSatisfy { !$0.isNaN } })
    }

    @Test("Romo: outputs equal to f1 − f2 choose positive exactly when f1 > f2")
    func romo() {
        let trials = Self.trials(.romo, count: 1000)
        let outputs = Support.outputs(trials) { trial, _ in
            Float(trials.parameters[trial][0] - trials.parameters[trial][1])
        }
        let curve = Psychometrics.romo(outputs: outputs, trials: trials)
        #expect(curve.map { [$0.f1, $0.f2] } == RomoTask.pairs.map { [$0.f1, $0.f2] })
        #expect(curve.allSatisfy { $0.positiveFraction == ($0.f1 > $0.f2 ? 1 : 0) })
        #expect(curve.map(\.count).reduce(0, +) == 1000)
    }
}
