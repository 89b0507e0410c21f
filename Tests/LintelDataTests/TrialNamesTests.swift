import Foundation
import LintelNumerics
import Testing

import LintelData

/// Trial and condition names, and time in ms, read from the keys that carry them
/// (`condition_angle_deg`, `condition_values`, `time_ms`, `dt_ms`).
@Suite("Trial names and time from the data")
struct TrialNamesTests {
    static func load(_ extra: [(String, NumpyArray)], trials: Int = 4, steps: Int = 3) throws -> Dataset {
        try DatasetTests.load([("activity", DatasetTests.activity(trials, steps, 2))] + extra)
    }

    @Test("the M1 sample's reach angles name its trials, and its time_ms is read: trial 3 is 135°, bin 0 at -800 ms")
    func realRecording() throws {
        let m1 = try Dataset.load(DatasetTests.recording, fileLabel: "m1.npz")
        // numpy: d["condition_angle_deg"] == [0, 45, …, 315]; d["time_ms"][[0, 60, 120]] == [-800, -200, 400]
        #expect((0..<8).map(m1.trialName) == ["0°", "45°", "90°", "135°", "180°", "225°", "270°", "315°"])
        #expect(m1.trialDescription(3) == "trial 3 (135°)")
        #expect(m1.milliseconds(atBin: 0) == -800)
        #expect(m1.milliseconds(atBin: 60) == -200)
        #expect(m1.milliseconds(atBin: 120) == 400)
        #expect(m1.bin(atMilliseconds: -200) == 60)
        #expect(m1.bin(atMilliseconds: -196) == 60, "the nearest bin")
        #expect(m1.bin(atMilliseconds: 404) == 120, "within half a bin of the last")
        #expect(m1.bin(atMilliseconds: 406) == nil, "beyond half a bin")
        // numpy: d["input_names"] == ["cue_cos", "cue_sin", "hold"]
        #expect(m1.inputNames == ["cue_cos", "cue_sin", "hold"])
    }

    @Test("condition_values name conditions shared by all their trials: cond 1 is \"90\"; text columns are joined")
    func conditionValues() throws {
        let numeric = try Self.load([
            ("condition", NumpyArray(shape: [4], elements: .int64([0, 1, 1, 0]))),
            ("condition_values", NumpyArray([0, 90, 90, 0] as [Double], shape: [4, 1])),
        ])
        #expect(numeric.conditionName(1) == "90")
        #expect(numeric.conditionDescription(1) == "cond 1 (90)")
        #expect(numeric.trialName(2) == "90")
        #expect(numeric.trialDescription(2) == "trial 2 (cond 1, 90)")

        let text = try Self.load([
            ("condition_values", NumpyArray(shape: [4, 2], elements: .unicode(["left", "a", "right", "a", "left", "b", "right", "b"]))),
        ])
        #expect((0..<4).map(text.trialName) == ["left, a", "right, a", "left, b", "right, b"])
        #expect(text.trialDescription(1) == "trial 1 (right, a)")

        // Conditions whose trials disagree keep their label.
        let mixed = try Self.load([
            ("condition", NumpyArray(shape: [4], elements: .int64([0, 0, 1, 1]))),
            ("condition_values", NumpyArray([1.5, 2.5, 0.25, 0.25] as [Double], shape: [4])),
        ])
        #expect(mixed.conditionName(0) == "cond 0")
        #expect(mixed.conditionName(1) == "0.25")
    }

    @Test("without words for the conditions: \"cond k\" from condition, else \"trial k\"; arrays of the wrong shape or with NaN are ignored, not refused")
    func fallbacks() throws {
        let labelled = try Self.load([("condition", NumpyArray(shape: [4], elements: .int64([5, 5, 7, 7])))])
        #expect(labelled.trialName(2) == "cond 7")
        #expect(labelled.conditionDescription(7) == "cond 7")
        #expect(labelled.trialDescription(2) == "trial 2 (cond 7)")

        let odd = try Self.load([
            ("condition_angle_deg", NumpyArray([0, 45, 90] as [Float])),  // 3 values for 4 trials
            ("condition_values", NumpyArray([0, .nan, 1, 2] as [Double])),
            ("time_ms", NumpyArray([0, 10] as [Double])),  // 2 times for 3 bins
            ("input_names", .strings(["a", "b"])),  // names for 2 inputs of none
        ])
        #expect(odd.conditionText == nil)
        #expect(odd.inputNames == nil)
        #expect(odd.trialName(1) == "trial 1")
        #expect(odd.timeMilliseconds == nil)
        #expect(!odd.hasTime)
        #expect(odd.milliseconds(atBin: 0) == nil)
        #expect(odd.bin(atMilliseconds: 0) == nil)
    }

    @Test("without time_ms, bin t is (t + 1) · dt_ms: the state after t + 1 steps")
    func dtFallback() throws {
        let dataset = try Self.load([("dt_ms", NumpyArray([20.0], shape: []))])
        #expect(dataset.milliseconds(atBin: 0) == 20)
        #expect(dataset.milliseconds(atBin: 2) == 60)
        #expect(dataset.bin(atMilliseconds: 41) == 1)
        #expect(dataset.bin(atMilliseconds: 75) == nil)
    }

    @Test("selecting trials keeps each trial's words")
    func selection() throws {
        let dataset = try Self.load([("condition_angle_deg", NumpyArray([0, 45, 90, 135] as [Double]))])
        #expect(dataset.selectingTrials([3, 1]).conditionText == ["135°", "45°"])
    }
}
