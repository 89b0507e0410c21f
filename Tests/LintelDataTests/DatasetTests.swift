import Foundation
import LintelNumerics
import Testing

import LintelData

/// Datasets written at test time with NPZWriter (2 trials × 3 steps × 4 neurons unless a test
/// says otherwise), the numpy fixture with a pickled member, and the real M1 recording.
struct DatasetTests {
    // MARK: Building files

    /// A float32 array whose element at flat index i is `value(i)`.
    static func array(_ shape: [Int], _ value: (Int) -> Float = { Float($0) }) -> NumpyArray {
        NumpyArray((0..<shape.reduce(1, *)).map(value), shape: shape)
    }

    /// Activity (trial, t, n) = 100·trial + 10·t + n, so every entry says where it came from.
    static func activity(_ trials: Int = 2, _ steps: Int = 3, _ neurons: Int = 4) -> NumpyArray {
        array([trials, steps, neurons]) { index in
            let n = index % neurons
            let t = index / neurons % steps
            let trial = index / (neurons * steps)
            return Float(100 * trial + 10 * t + n)
        }
    }

    /// Writes `entries` as data.npz in a fresh folder and loads it with the label "data.npz".
    static func load(_ entries: [(String, NumpyArray)]) throws -> Dataset {
        let directory = try TemporaryDirectory()
        let url = directory.file("data.npz")
        try NPZWriter.write(entries, to: url, compressed: false)
        return try Dataset.load(url, fileLabel: "data.npz")
    }

    // MARK: The real recording

    static let recording = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // LintelDataTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("sample-data/m1-reaching-hatsopoulos2007.npz")

    @Test func realRecordingLoads() throws {
        let dataset = try Dataset.load(Self.recording, fileLabel: "m1-reaching-hatsopoulos2007.npz")
        #expect(dataset.activity.shape == [8, 121, 141])
        #expect(dataset.trialCount == 8)
        #expect(dataset.stepCount == 121)
        #expect(dataset.neuronCount == 141)
        #expect(dataset.inputCount == 3)
        #expect(dataset.inputs.shape == [8, 121, 3])
        #expect(dataset.dtMilliseconds == 10)
        #expect(dataset.mask == nil)
        #expect(dataset.targets == nil)
        #expect(dataset.condition == nil)
        #expect(dataset.activity.allFinite)
        // hashlib.sha256(open(path, "rb").read()).hexdigest()
        #expect(dataset.sha256 == "83de46145d3168e580b80430ce2c43ca4fe9ea39afa49a71751df1f61f97437a")
        #expect(
            dataset.summary
                == "m1-reaching-hatsopoulos2007.npz: 8 trials × 121 steps × 141 neurons, 3 inputs, dt 10 ms")
    }

    // MARK: Loading

    @Test func activityAloneGivesNoInputsAndNoMasks() throws {
        let dataset = try Self.load([("activity", Self.activity())])
        #expect(dataset.activity.shape == [2, 3, 4])
        #expect(dataset.activity[1, 2, 3] == 123)
        #expect(dataset.inputs.shape == [2, 3, 0])
        #expect(dataset.inputCount == 0)
        #expect(dataset.mask == nil)
        #expect(dataset.targets == nil)
        #expect(dataset.targetMask == nil)
        #expect(dataset.condition == nil)
        #expect(dataset.dtMilliseconds == nil)
        #expect(dataset.file == "data.npz")
        #expect(dataset.summary == "data.npz: 2 trials × 3 steps × 4 neurons, no inputs")
    }

    @Test func everyKeyLoads() throws {
        let dataset = try Self.load([
            ("activity", Self.activity(4, 3, 2)),
            ("inputs", Self.array([4, 3, 2]) { Float($0) / 10 }),
            ("mask", NumpyArray(shape: [4, 3, 2], elements: .bool((0..<24).map { $0 % 5 != 0 }))),
            ("targets", Self.array([4, 3, 1])),
            ("target_mask", Self.array([4, 3]) { $0 % 3 == 2 ? 1 : 0 }),
            ("condition", NumpyArray(shape: [4], elements: .int64([5, 9, 5, 9]))),
            ("dt_ms", .scalar(10)),
            ("time_ms", Self.array([3])),
            ("input_names", .strings(["stimulus", "context"])),
        ])
        #expect(dataset.inputs.shape == [4, 3, 2])
        #expect(dataset.inputs[3, 2, 1] == Float(23) / 10)
        #expect(dataset.mask?.shape == [4, 3, 2])
        #expect(dataset.mask?[0, 0, 0] == 0)
        #expect(dataset.mask?[0, 0, 1] == 1)
        #expect(dataset.targets?.shape == [4, 3, 1])
        #expect(dataset.targetMask?.rows == 4)
        #expect(dataset.targetMask?.columns == 3)
        #expect(dataset.targetMask?[0, 2] == 1)
        #expect(dataset.condition == [5, 9, 5, 9])
        #expect(dataset.dtMilliseconds == 10)
        #expect(
            dataset.summary
                == "data.npz: 4 trials × 3 steps × 2 neurons, 2 inputs, mask, targets (1 output), target mask, 2 conditions, dt 10 ms"
        )
    }

    @Test func summaryUsesSingularsAndFractionalBinWidths() throws {
        let dataset = try Self.load([
            ("activity", Self.activity(1, 1, 1)),
            ("inputs", Self.array([1, 1, 1])),
            ("targets", Self.array([1, 1, 3])),
            ("condition", NumpyArray(shape: [1], elements: .int32([0]))),
            ("dt_ms", .scalar(2.5)),
        ])
        #expect(
            dataset.summary
                == "data.npz: 1 trial × 1 step × 1 neuron, 1 input, targets (3 outputs), 1 condition, dt 2.5 ms")
    }

    @Test func sha256IsTheDigestOfTheFileAndTheLabelDefaultsToThePath() throws {
        let directory = try TemporaryDirectory()
        let url = directory.file("data.npz")
        try NPZWriter.write([("activity", Self.activity())], to: url, compressed: true)
        let dataset = try Dataset.load(url)
        #expect(dataset.sha256 == SHA256.hexDigest(try Data(contentsOf: url)))
        #expect(dataset.sha256.count == 64)
        #expect(dataset.file == url.path)
    }

    @Test func numpyFileWithPickledMemberLoads() throws {
        let url = Fixtures.url("dataset_with_object.npz")
        let dataset = try Dataset.load(url, fileLabel: "dataset_with_object.npz")
        #expect(dataset.activity.shape == [2, 3, 4])
        // NaN under the (trials, T) mask's 0 at trial 0, step 0 is read as 0.
        #expect(Array(dataset.activity.storage.prefix(4)) == [0, 0, 0, 0])
        #expect(dataset.activity[1, 2, 3] == 2.3)
        #expect(dataset.mask?.shape == [2, 3, 1])
        #expect(dataset.mask?.storage == [0, 1, 1, 1, 1, 1])
        #expect(dataset.inputCount == 1)
        #expect(dataset.condition == [3, 7])
        #expect(dataset.dtMilliseconds == 20)
        #expect(dataset.sha256 == (try SHA256.hexDigest(ofFileAt: url)))
    }

    // MARK: Masks and missing data

    @Test func perStepMaskIsStoredWithOneColumn() throws {
        let dataset = try Self.load([
            ("activity", Self.activity()),
            ("mask", NumpyArray(shape: [2, 3], elements: .bool([false, true, true, true, false, true]))),
        ])
        let mask = try #require(dataset.mask)
        #expect(mask.shape == [2, 3, 1])
        #expect(mask[0, 0, 0] == 0)
        #expect(mask[1, 1, 0] == 0)
        #expect(mask[1, 2, 0] == 1)
        #expect(dataset.summary == "data.npz: 2 trials × 3 steps × 4 neurons, no inputs, mask")
    }

    @Test func keepdimsMaskIsAccepted() throws {
        let dataset = try Self.load([
            ("activity", Self.activity()),
            ("mask", Self.array([2, 3, 1]) { $0 == 0 ? 0 : 1 }),
        ])
        #expect(dataset.mask?.shape == [2, 3, 1])
    }

    @Test func nanUnderPerStepMaskZeroIsZeroed() throws {
        var values = Self.activity().floats()!
        // Trial 1, step 1 (all neurons) is missing and masked out.
        for n in 0..<4 { values[(1 * 3 + 1) * 4 + n] = .nan }
        let dataset = try Self.load([
            ("activity", NumpyArray(values, shape: [2, 3, 4])),
            ("mask", Self.array([2, 3]) { $0 == 4 ? 0 : 1 }),
        ])
        #expect(dataset.activity.allFinite)
        #expect((0..<4).allSatisfy { dataset.activity[1, 1, $0] == 0 })
        #expect(dataset.activity[1, 2, 3] == 123)
        #expect(dataset.activity[1, 0, 0] == 100)
    }

    @Test func nanUnderPerNeuronMaskZeroIsZeroed() throws {
        var values = Self.activity().floats()!.map(Double.init)
        values[(0 * 3 + 2) * 4 + 1] = .nan  // trial 0, step 2, neuron 1
        let dataset = try Self.load([
            ("activity", NumpyArray(values, shape: [2, 3, 4])),
            ("mask", Self.array([2, 3, 4]) { $0 == (0 * 3 + 2) * 4 + 1 ? 0 : 1 }),
        ])
        #expect(dataset.activity[0, 2, 1] == 0)
        #expect(dataset.activity[0, 2, 2] == 22)
    }

    // MARK: Validation

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var entries: [(String, NumpyArray)]
        var message: String
        var testDescription: String { name }

        init(_ name: String, _ entries: [(String, NumpyArray)], _ message: String) {
            self.name = name
            self.entries = entries
            self.message = message
        }

        /// The valid activity plus one more key.
        init(_ name: String, adding key: String, _ array: NumpyArray, _ message: String) {
            self.init(name, [("activity", DatasetTests.activity()), (key, array)], message)
        }
    }

    static func withNaN(_ shape: [Int], at flat: Int) -> NumpyArray {
        array(shape) { $0 == flat ? .nan : 1 }
    }

    static let badFiles: [Bad] = [
        Bad(
            "no activity", [("inputs", array([2, 3, 1]))],
            "data.npz: missing key 'activity'; expected (trials, time, neurons)"),
        Bad(
            "2-d activity", [("activity", array([8, 121]))],
            "data.npz: activity has shape (8, 121); expected (trials, time, neurons)"),
        Bad(
            "activity without trials", [("activity", array([0, 3, 4]))],
            "data.npz: activity has shape (0, 3, 4); expected (trials, time, neurons) with at least one trial, time step and neuron"
        ),
        Bad(
            "activity without neurons", [("activity", array([2, 3, 0]))],
            "data.npz: activity has shape (2, 3, 0); expected (trials, time, neurons) with at least one trial, time step and neuron"
        ),
        Bad(
            "text activity", [("activity", NumpyArray(shape: [1, 1, 1], elements: .unicode(["x"])))],
            "data.npz: activity holds text (dtype <U1); expected numbers (trials, time, neurons)"),
        Bad(
            "activity Inf", [("activity", array([2, 3, 4]) { $0 == 5 ? .infinity : 1 })],
            "data.npz: activity holds NaN or Inf at index (0, 1, 1); expected finite numbers"),
        Bad(
            "float64 activity beyond float32",
            [("activity", NumpyArray(shape: [2, 3, 4], elements: .float64((0..<24).map { $0 == 5 ? 8e300 : 1 })))],
            "data.npz: activity holds 8e+300 at index (0, 1, 1), beyond single precision (±3.4e38); rescale it"),
        Bad(
            "float64 inputs beyond float32", adding: "inputs",
            NumpyArray(shape: [2, 3, 1], elements: .float64((0..<6).map { $0 == 4 ? -1e39 : 0 })),
            "data.npz: inputs holds -1e+39 at index (1, 1, 0), beyond single precision (±3.4e38); rescale it"),
        Bad(
            "activity NaN without mask", [("activity", withNaN([2, 3, 4], at: 13))],
            "data.npz: activity holds NaN at index (1, 0, 1) and the file has no mask; expected finite numbers (NaN only where a mask is 0)"
        ),
        Bad(
            "activity NaN where mask is 1",
            [("activity", withNaN([2, 3, 4], at: 13)), ("mask", array([2, 3]) { $0 == 0 ? 0 : 1 })],
            "data.npz: activity holds NaN at index (1, 0, 1) where mask is 1.0; expected finite numbers (NaN only where mask is 0)"
        ),
        Bad(
            "activity Inf under mask 0",
            [("activity", array([2, 3, 4]) { $0 == 0 ? -.infinity : 1 }), ("mask", array([2, 3]) { $0 == 0 ? 0 : 1 })],
            "data.npz: activity holds NaN or Inf at index (0, 0, 0); expected finite numbers"),
        Bad(
            "inputs with other time", adding: "inputs", array([2, 2, 3]),
            "data.npz: inputs has shape (2, 2, 3); expected (2, 3, K), the trials and time of activity"),
        Bad(
            "inputs with other trials", adding: "inputs", array([3, 3, 3]),
            "data.npz: inputs has shape (3, 3, 3); expected (2, 3, K), the trials and time of activity"),
        Bad(
            "2-d inputs", adding: "inputs", array([2, 3]),
            "data.npz: inputs has shape (2, 3); expected (2, 3, K), the trials and time of activity"),
        Bad(
            "inputs NaN", adding: "inputs", withNaN([2, 3, 2], at: 11),
            "data.npz: inputs holds NaN or Inf at index (1, 2, 1); expected finite numbers"),
        Bad(
            "mask with other neurons", adding: "mask", array([2, 3, 5]),
            "data.npz: mask has shape (2, 3, 5); expected (2, 3) or (2, 3, 4), the trials, time (and neurons) of activity"
        ),
        Bad(
            "mask with other time", adding: "mask", array([2, 4]),
            "data.npz: mask has shape (2, 4); expected (2, 3) or (2, 3, 4), the trials, time (and neurons) of activity"
        ),
        Bad(
            "1-d mask", adding: "mask", array([2]),
            "data.npz: mask has shape (2,); expected (2, 3) or (2, 3, 4), the trials, time (and neurons) of activity"),
        Bad(
            "mask NaN", adding: "mask", withNaN([2, 3], at: 4),
            "data.npz: mask holds NaN or Inf at index (1, 1); expected finite numbers"),
        Bad(
            "negative mask", adding: "mask", array([2, 3, 4]) { $0 == 7 ? -1 : 1 },
            "data.npz: mask holds -1.0 at index (0, 1, 3); expected weights ≥ 0 (1 where it counts, 0 elsewhere)"),
        Bad(
            "all-zero mask", adding: "mask", NumpyArray(shape: [2, 3], elements: .bool(Array(repeating: false, count: 6))),
            "data.npz: mask is 0 everywhere; expected 1 where the activity counts"),
        Bad(
            "targets with other time", adding: "targets", array([2, 5, 1]),
            "data.npz: targets has shape (2, 5, 1); expected (2, 3, outputs), the trials and time of activity"),
        Bad(
            "2-d targets", adding: "targets", array([2, 3]),
            "data.npz: targets has shape (2, 3); expected (2, 3, outputs), the trials and time of activity"),
        Bad(
            "targets Inf", adding: "targets", array([2, 3, 1]) { $0 == 2 ? .infinity : 0 },
            "data.npz: targets holds NaN or Inf at index (0, 2, 0); expected finite numbers"),
        Bad(
            "3-d target_mask", adding: "target_mask", array([2, 3, 1]),
            "data.npz: target_mask has shape (2, 3, 1); expected (2, 3), the trials and time of activity"),
        Bad(
            "target_mask with other trials", adding: "target_mask", array([1, 3]),
            "data.npz: target_mask has shape (1, 3); expected (2, 3), the trials and time of activity"),
        Bad(
            "target_mask NaN", adding: "target_mask", withNaN([2, 3], at: 1),
            "data.npz: target_mask holds NaN or Inf at index (0, 1); expected finite numbers"),
        Bad(
            "negative target_mask", adding: "target_mask", array([2, 3]) { $0 == 5 ? -0.5 : 1 },
            "data.npz: target_mask holds -0.5 at index (1, 2); expected weights ≥ 0 (1 where it counts, 0 elsewhere)"),
        Bad(
            "condition of other length", adding: "condition", NumpyArray(shape: [3], elements: .int64([0, 1, 2])),
            "data.npz: condition has shape (3,); expected (2,), one integer label per trial"),
        Bad(
            "2-d condition", adding: "condition", NumpyArray(shape: [2, 1], elements: .int64([0, 1])),
            "data.npz: condition has shape (2, 1); expected (2,), one integer label per trial"),
        Bad(
            "fractional condition", adding: "condition", NumpyArray([0.5, 1]),
            "data.npz: condition holds non-integer values (dtype <f8); expected integer labels (2,), one integer label per trial"
        ),
        Bad(
            "negative dt_ms", adding: "dt_ms", .scalar(-1),
            "data.npz: dt_ms is -1.0; expected a positive scalar (the bin width in milliseconds)"),
        Bad(
            "zero dt_ms", adding: "dt_ms", .scalar(0),
            "data.npz: dt_ms is 0.0; expected a positive scalar (the bin width in milliseconds)"),
        Bad(
            "NaN dt_ms", adding: "dt_ms", .scalar(.nan),
            "data.npz: dt_ms holds NaN or Inf at index (); expected finite numbers"),
        Bad(
            "vector dt_ms", adding: "dt_ms", NumpyArray([10.0, 20.0]),
            "data.npz: dt_ms has shape (2,); expected a positive scalar (the bin width in milliseconds)"),
        Bad(
            "text dt_ms", adding: "dt_ms", .string("10"),
            "data.npz: dt_ms holds text (dtype <U2); expected numbers a positive scalar (the bin width in milliseconds)"),
    ]

    @Test(arguments: badFiles)
    func invalidFileIsRefused(_ bad: Bad) {
        let error = expectDataFileError { _ = try Self.load(bad.entries) }
        #expect(error?.description == bad.message)
        #expect(error?.file == "data.npz")
    }

    @Test func missingFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        let error = expectDataFileError {
            _ = try Dataset.load(directory.file("absent.npz"), fileLabel: "absent.npz")
        }
        #expect(error == .noSuchFile("absent.npz"))
    }

    // MARK: Subsets

    @Test func selectingTrialsKeepsEverythingAligned() throws {
        let dataset = try Self.load([
            ("activity", Self.activity(4, 3, 2)),
            ("inputs", Self.array([4, 3, 1]) { Float($0 / 3) }),  // input = trial
            ("mask", Self.array([4, 3]) { Float($0 / 3 + 1) }),  // weight = trial + 1
            ("targets", Self.array([4, 3, 1]) { Float(-($0 / 3)) }),  // target = -trial
            ("target_mask", Self.array([4, 3]) { Float(10 + $0 / 3) }),  // 10 + trial
            ("condition", NumpyArray(shape: [4], elements: .int64([40, 41, 42, 43]))),
            ("dt_ms", .scalar(5)),
        ])
        let subset = dataset.selectingTrials([3, 1])
        #expect(subset.trialCount == 2)
        #expect(subset.stepCount == 3)
        #expect(subset.neuronCount == 2)
        #expect(subset.activity[0, 2, 1] == 321)
        #expect(subset.activity[1, 0, 0] == 100)
        #expect(subset.inputs.storage == [3, 3, 3, 1, 1, 1])
        #expect(subset.mask?.storage == [4, 4, 4, 2, 2, 2])
        #expect(subset.targets?.storage == [-3, -3, -3, -1, -1, -1])
        #expect(subset.targetMask?.storage == [13, 13, 13, 11, 11, 11])
        #expect(subset.condition == [43, 41])
        #expect(subset.dtMilliseconds == 5)
        #expect(subset.file == dataset.file)
        #expect(subset.sha256 == dataset.sha256)
        #expect(subset.summary.hasPrefix("data.npz: 2 trials × 3 steps × 2 neurons, 1 input, mask"))

        let none = dataset.selectingTrials([])
        #expect(none.trialCount == 0)
        #expect(none.condition == [])
    }

    @Test func inMemoryDatasetDefaultsToNoInputs() {
        let dataset = Dataset(activity: Tensor3(3, 4, 5))
        #expect(dataset.inputs.shape == [3, 4, 0])
        #expect(dataset.selectingTrials([2, 2]).trialCount == 2)
    }
}

@Suite("Recorded activity range")
struct RecordedRangeTests {
    @Test("entries of mask 0 (padding, missing data) take no part, per step or per neuron")
    func maskedEntriesLeftOut() {
        var activity = Tensor3<Float>(2, 3, 2, storage: (0..<12).map { Float($0) / 10 })
        activity[1, 2, 0] = -1e20
        activity[1, 2, 1] = 1e20
        #expect(Dataset(activity: activity).recordedActivityRange! == (-1e20, 1e20))
        var perStep = Tensor3<Float>(2, 3, 1, storage: [Float](repeating: 1, count: 6))
        perStep[1, 2, 0] = 0
        let stepRange = Dataset(activity: activity, mask: perStep).recordedActivityRange!
        #expect(stepRange == (0, 0.9))
        var perNeuron = Tensor3<Float>(2, 3, 2, storage: [Float](repeating: 1, count: 12))
        perNeuron[1, 2, 0] = 0
        let neuronRange = Dataset(activity: activity, mask: perNeuron).recordedActivityRange!
        #expect(neuronRange == (0, 1e20))
        #expect(Dataset(activity: activity, mask: Tensor3<Float>(2, 3, 1)).recordedActivityRange == nil)
    }
}
