import Foundation
import LintelData
import LintelNumerics
import Testing

@testable import LintelWorkflows

/// "Set the flow input to condition k's input" (`u` on the Flow screen, `lintel analyze
/// --input-from-condition K[@T]`).
@Suite("Condition inputs")
struct ConditionInputTests {
    /// 6 trials × 5 bins × 2 inputs; input (trial, t, k) = 100·trial + 10·t + k.
    static func dataset(condition: [Int]? = nil, time: [Double]? = nil, dt: Double? = nil) -> Dataset {
        var inputs = Tensor3<Float>(6, 5, 2)
        for trial in 0..<6 { for t in 0..<5 { for k in 0..<2 { inputs[trial, t, k] = Float(100 * trial + 10 * t + k) } } }
        var dataset = Dataset(
            activity: Tensor3<Float>(6, 5, 3), inputs: inputs, condition: condition, dtMilliseconds: dt, file: "d.npz")
        dataset.timeMilliseconds = time
        dataset.conditionText = condition == nil ? (0..<6).map { "\(45 * $0)°" } : nil
        return dataset
    }

    @Test("with condition labels: the input at the bin, averaged over the condition's trials")
    func averagedOverTrials() throws {
        let dataset = Self.dataset(condition: [0, 1, 0, 1, 2, 2], dt: 20)
        let choice = try ConditionInput(dataset, condition: 1, bin: 3)
        // Trials 1 and 3: (130 + 330) / 2, (131 + 331) / 2.
        #expect(choice.input == [230, 231])
        #expect(choice.description == "cond 1 at 80 ms")
        #expect(choice.argument == "1@80")
        #expect(ConditionInput.conditions(of: dataset) == [0, 1, 2])
        // The argument reads back to the same choice.
        #expect(try ConditionInput(dataset, argument: choice.argument) == choice)
    }

    @Test("without condition labels, condition k is trial k, named by the data; time from time_ms, the nearest bin; K alone is the last bin")
    func trialsAsConditions() throws {
        let dataset = Self.dataset(time: [-40, -30, -20, -10, 0])
        let choice = try ConditionInput(dataset, argument: "3@-21")
        #expect(choice.bin == 2)
        #expect(choice.input == [320, 321])
        #expect(choice.description == "135° at -20 ms")
        #expect(choice.argument == "3@-20")
        #expect(try ConditionInput(dataset, argument: "5").bin == 4)
        #expect(try ConditionInput(dataset, argument: "5@bin:1").input == [510, 511])
        #expect(ConditionInput.conditions(of: dataset) == Array(0..<6))
    }

    @Test("what cannot be read is a problem the front ends word: no such condition, time outside the trial, no time, bad text")
    func problems() throws {
        let timed = Self.dataset(time: [-40, -30, -20, -10, 0])
        #expect(throws: ConditionInput.Problem.noSuchCondition(6, available: "trials 0–5 (the data have no condition key)")) {
            try ConditionInput(timed, argument: "6")
        }
        #expect(throws: ConditionInput.Problem.timeOutside(20, first: -40, last: 0)) { try ConditionInput(timed, argument: "1@20") }
        #expect(throws: ConditionInput.Problem.binOutside(5, steps: 5)) { try ConditionInput(timed, argument: "1@bin:5") }
        #expect(throws: ConditionInput.Problem.unreadable("x@1")) { try ConditionInput(timed, argument: "x@1") }
        let untimed = Self.dataset(condition: [0, 0, 1, 1, 2, 2])
        #expect(throws: ConditionInput.Problem.noTime) { try ConditionInput(untimed, argument: "1@100") }
        let bins = try ConditionInput(untimed, argument: "2@bin:0")
        #expect(bins.description == "cond 2 at bin 0" && bins.argument == "2@bin:0")
        #expect(throws: ConditionInput.Problem.noSuchCondition(3, available: "conditions 0, 1, 2")) {
            try ConditionInput(untimed, argument: "3")
        }
    }
}

@Suite("Latent rotation (jPCA plane of the model's latents)")
struct LatentRotationTests {
    /// Latents of 6 trials turning by `turn` radians per bin in the κ1–κ3 plane (κ2 drifts alike in every trial).
    static func trajectories(turn: Double, steps: Int = 40) -> AnalysedTrajectories {
        var latents = Tensor3<Double>(6, steps, 3)
        for trial in 0..<6 {
            let phase = Double(trial) * Double.pi / 3
            for t in 0..<steps {
                latents[trial, t, 0] = cos(phase + turn * Double(t))
                latents[trial, t, 1] = 0.01 * Double(t)
                latents[trial, t, 2] = sin(phase + turn * Double(t))
            }
        }
        return AnalysedTrajectories(
            latents: latents, inputCoordinates: Tensor3<Double>(6, steps, 0), dataLatents: nil, source: "test")
    }

    @Test("a known turn per bin comes back in Hz with dt (0.2 rad per 10 ms bin = 3.18 Hz), on the κ1–κ3 plane, as a flow plane of two directions")
    func knownRotation() throws {
        let rotation = try #require(LatentRotation.fit(Self.trajectories(turn: 0.2), binMilliseconds: 10))
        #expect(abs(rotation.radiansPerBin - 0.2) < 1e-9)
        #expect(abs(rotation.hertz! - 0.2 / (2 * Double.pi) * 100) < 1e-6)
        let (first, second) = rotation.weights
        #expect(abs(first[1]) < 1e-9 && abs(second[1]) < 1e-9, "the plane leaves κ2 out")
        #expect(rotation.summary == "3.18 Hz (period 314 ms), 100 % of the change")
        let axes = rotation.flowAxes
        #expect(axes.horizontal == .latentDirection(name: "jpc1", weights: first))
        #expect(TwinCommands.planeArgument(axes) == "jpca")
        // Without a bin width the speed is per bin.
        let perBin = try #require(LatentRotation.fit(Self.trajectories(turn: 0.2), binMilliseconds: nil))
        #expect(perBin.summary == "0.2 rad/bin (period 31.4 bins), 100 % of the change")
    }

    @Test("the bin width is dt_ms, else the spacing of time_ms")
    func binWidth() {
        var dataset = ConditionInputTests.dataset(dt: 20)
        #expect(LatentRotation.binMilliseconds(of: dataset) == 20)
        dataset.dtMilliseconds = nil
        dataset.timeMilliseconds = [-40, -30, -20, -10, 0]
        #expect(LatentRotation.binMilliseconds(of: dataset) == 10)
        dataset.timeMilliseconds = nil
        #expect(LatentRotation.binMilliseconds(of: dataset) == nil)
    }
}
