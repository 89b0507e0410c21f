import Foundation
import LintelNumerics

extension Dataset {
    /// The arrays a dataset is read from (the others are left unread): what loading it holds.
    public static let arrayKeys = [
        "activity", "inputs", "mask", "targets", "target_mask", "condition", "activity_scale", "activity_undenoised",
    ]

    /// Reads and checks a dataset `.npz` (docs/FORMATS.md, "Dataset"). Arrays are read lazily, so keys
    /// the format does not use (even pickled objects) never make the load fail.
    /// - Parameters:
    ///   - fileLabel: the file as the user named it, for messages and ``file``; the path by
    ///     default.
    ///   - limits: the largest array to read; a caller with a memory budget passes its own.
    /// - Throws: `DataFileError` naming the file, the key, the shape or value found and what was
    ///   expected, for a missing `activity`, a wrong shape, NaN or Inf where numbers are needed,
    ///   a negative or all-zero mask, non-integer conditions, a non-positive `dt_ms`, or an
    ///   array larger than `limits`.
    public static func load(_ url: URL, fileLabel: String? = nil, limits: ReadLimits = .standard) throws -> Dataset {
        let arrays = try KeyedArrays(contentsOf: url, fileLabel: fileLabel, limits: limits)
        var dataset = try DatasetReader(arrays: arrays).read()
        dataset.sha256 = try SHA256.hexDigest(ofFileAt: url, fileLabel: arrays.file)
        return dataset
    }
}

/// The checks of ``Dataset/load(_:fileLabel:)``, one key at a time.
private struct DatasetReader {
    let arrays: KeyedArrays
    var file: String { arrays.file }

    func read() throws -> Dataset {
        let activityExpected = "(trials, time, neurons)"
        let activityArray = try arrays.numeric("activity", dimensions: 3, expected: activityExpected)
        let shape = activityArray.shape
        guard shape.allSatisfy({ $0 >= 1 }) else {
            throw DataFileError.wrongShape(
                "activity", in: file, found: shape,
                expected: "\(activityExpected) with at least one trial, time step and neuron")
        }
        let (trials, steps, neurons) = (shape[0], shape[1], shape[2])
        let trialsAndTime = "the trials and time of activity"

        var inputs = Tensor3<Float>(trials, steps, 0)
        if arrays.contains("inputs") {
            let array = try arrays.numeric(
                "inputs", dimensions: 3, expected: "(\(trials), \(steps), K), \(trialsAndTime)")
            try requireLeading(array, "inputs", trials, steps, expected: "(\(trials), \(steps), K), \(trialsAndTime)")
            inputs = Tensor3(trials, steps, array.shape[2], storage: try finiteValues(array, "inputs"))
        }

        let mask = try readMask(trials: trials, steps: steps, neurons: neurons)
        let activity = try activityValues(activityArray, mask: mask)

        var targets: Tensor3<Float>?
        if arrays.contains("targets") {
            let expected = "(\(trials), \(steps), outputs), \(trialsAndTime)"
            let array = try arrays.numeric("targets", dimensions: 3, expected: expected)
            try requireLeading(array, "targets", trials, steps, expected: expected)
            targets = Tensor3(trials, steps, array.shape[2], storage: try finiteValues(array, "targets"))
        }

        var targetMask: Matrix<Float>?
        if arrays.contains("target_mask") {
            let expected = "(\(trials), \(steps)), \(trialsAndTime)"
            let array = try arrays.numeric("target_mask", dimensions: 2, expected: expected)
            try requireLeading(array, "target_mask", trials, steps, expected: expected)
            let values = try finiteValues(array, "target_mask")
            try requireNonNegative(values, array, "target_mask")
            targetMask = Matrix(rows: trials, columns: steps, storage: values)
        }

        var condition: [Int]?
        if arrays.contains("condition") {
            let expected = "(\(trials),), one integer label per trial"
            let labels = try arrays.integerVector("condition", expected: expected)
            guard labels.count == trials else {
                throw DataFileError.wrongShape("condition", in: file, found: [labels.count], expected: expected)
            }
            condition = labels
        }

        var dt: Double?
        if arrays.contains("dt_ms") {
            let expected = "a positive scalar (the bin width in milliseconds)"
            let value = try arrays.scalar("dt_ms", expected: expected)
            guard value > 0 else {
                throw DataFileError(file: file, problem: "dt_ms is \(value); expected \(expected)")
            }
            dt = value
        }

        var dataset = Dataset(
            activity: activity, inputs: inputs, mask: mask, targets: targets, targetMask: targetMask,
            condition: condition, dtMilliseconds: dt, file: file, sha256: "")
        // Labels for people only: an array that does not fit is ignored (fits never needed it).
        if let times = try? arrays.reader.array("time_ms"), times.shape == [steps],
            let values = times.doubles(), values.allSatisfy(\.isFinite)
        {
            dataset.timeMilliseconds = values
        }
        dataset.conditionText = TrialConditionText.read(from: arrays, trials: trials)
        if let names = try? arrays.reader.array("input_names"), names.shape == [inputs.dim2],
            case .unicode(let texts) = names.elements
        {
            dataset.inputNames = texts
        }
        // Written by `lintel prepare`; any other array of that name is left to its owner.
        if arrays.contains("preprocessing") {
            dataset.preprocessing = try? arrays.string("preprocessing", expected: "text")
            dataset.activityScale = try readScale(neurons: neurons)
            if arrays.contains("activity_undenoised") {
                let expected = "\(DataFileError.formatShape(shape)), the shape of activity"
                let array = try arrays.numeric("activity_undenoised", dimensions: 3, expected: expected)
                guard array.shape == shape else {
                    throw DataFileError.wrongShape("activity_undenoised", in: file, found: array.shape, expected: expected)
                }
                dataset.undenoisedActivity = Tensor3(trials, steps, neurons, storage: try finiteValues(array, "activity_undenoised"))
            }
        }
        return dataset
    }

    /// `activity_scale` of a prepared file: one positive, finite divisor per neuron (nil when absent).
    private func readScale(neurons: Int) throws -> [Float]? {
        guard arrays.contains("activity_scale") else { return nil }
        let expected = "(\(neurons),), one positive number per neuron"
        let array = try arrays.numeric("activity_scale", dimensions: 1, expected: expected)
        guard array.shape == [neurons] else {
            throw DataFileError.wrongShape("activity_scale", in: file, found: array.shape, expected: expected)
        }
        let values = try finiteValues(array, "activity_scale")
        if let bad = values.firstIndex(where: { $0 <= 0 }) {
            throw DataFileError(file: file, problem: "activity_scale holds \(values[bad]) at index [\(bad)]; expected \(expected)")
        }
        return values
    }

    /// The mask as (trials, T, neurons), or (trials, T, 1) for a (trials, T) mask.
    private func readMask(trials: Int, steps: Int, neurons: Int) throws -> Tensor3<Float>? {
        guard arrays.contains("mask") else { return nil }
        let expected = "(\(trials), \(steps)) or (\(trials), \(steps), \(neurons)), the trials, time (and neurons) of activity"
        let array = try arrays.numeric("mask", expected: expected)
        let width: Int
        switch array.shape {
        case [trials, steps]: width = 1
        case [trials, steps, neurons]: width = neurons
        case [trials, steps, 1]: width = 1  // numpy's keepdims spelling of a per-step mask
        default: throw DataFileError.wrongShape("mask", in: file, found: array.shape, expected: expected)
        }
        let values = try finiteValues(array, "mask")
        try requireNonNegative(values, array, "mask")
        guard values.contains(where: { $0 != 0 }) else {
            throw DataFileError(file: file, problem: "mask is 0 everywhere; expected 1 where the activity counts")
        }
        return Tensor3(trials, steps, width, storage: values)
    }

    /// The activity with NaN (missing data) under mask 0 replaced by 0; any other NaN or Inf is
    /// an error naming its index.
    private func activityValues(_ array: NumpyArray, mask: Tensor3<Float>?) throws -> Tensor3<Float> {
        guard var values = array.floats() else {
            throw DataFileError(file: file, problem: "activity has dtype \(array.dtypeDescription); expected numbers")
        }
        let neurons = array.shape[2]
        for index in values.indices where !values[index].isFinite {
            let position = KeyedArrays.multiIndex(index, shape: array.shape)
            guard values[index].isNaN else {
                throw DataFileError.nonFinite("activity", in: file, at: position, stored: array.float64Element(index))
            }
            guard let mask else {
                throw DataFileError(
                    file: file,
                    problem: "activity holds NaN at index \(DataFileError.formatShape(position)) and the file has no mask; expected finite numbers (NaN only where a mask is 0)")
            }
            let weight = mask.dim2 == 1 ? mask.storage[index / neurons] : mask.storage[index]
            guard weight == 0 else {
                throw DataFileError(
                    file: file,
                    problem: "activity holds NaN at index \(DataFileError.formatShape(position)) where mask is \(weight); expected finite numbers (NaN only where mask is 0)")
            }
            values[index] = 0
        }
        return Tensor3(array.shape[0], array.shape[1], neurons, storage: values)
    }

    private func requireLeading(
        _ array: NumpyArray, _ key: String, _ trials: Int, _ steps: Int, expected: String
    ) throws {
        guard array.shape[0] == trials, array.shape[1] == steps else {
            throw DataFileError.wrongShape(key, in: file, found: array.shape, expected: expected)
        }
    }

    private func finiteValues(_ array: NumpyArray, _ key: String) throws -> [Float] {
        guard let values = array.floats() else {
            throw DataFileError(file: file, problem: "\(key) has dtype \(array.dtypeDescription); expected numbers")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError.nonFinite(
                key, in: file, at: KeyedArrays.multiIndex(bad, shape: array.shape), stored: array.float64Element(bad))
        }
        return values
    }

    private func requireNonNegative(_ values: [Float], _ array: NumpyArray, _ key: String) throws {
        if let bad = values.firstIndex(where: { $0 < 0 }) {
            let position = DataFileError.formatShape(KeyedArrays.multiIndex(bad, shape: array.shape))
            throw DataFileError(
                file: file,
                problem: "\(key) holds \(values[bad]) at index \(position); expected weights ≥ 0 (1 where it counts, 0 elsewhere)")
        }
    }
}
