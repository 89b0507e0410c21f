import Foundation
import LintelData
import LintelRecordings

/// What `lintel inspect` reports about a file, as text or as JSON (`--json`): a recording's
/// units, trials, time series, binned activity and stored arrays, or a numpy archive's arrays
/// and whether it is a ready dataset; and what a fit still needs, as the commands that do it.
struct InspectReport: Encodable {
    /// The file's units, trials, time series, binned activity and arrays.
    var description: RecordingDescription
    /// For a numpy archive: whether it loads as a dataset.
    var dataset: DatasetReadiness?
    /// What a fit still needs, each a sentence with the command that does it.
    var needs: [String]

    var file: String { description.file }
    var format: String { description.format }
    var units: UnitsDescription? { description.units }
    var trials: TrialsDescription? { description.trials }
    var series: [SeriesDescription] { description.series }
    var binned: BinnedDescription? { description.binned }
    var arrays: [StoredArray] { description.arrays }

    /// The report on a recording read by ``RecordingReader``.
    init(recording: Recording) {
        description = RecordingDescription(recording)
        needs = InspectAdvice.recording(description)
    }

    /// The report on a numpy archive: its arrays (each decoded, within `limits`) and whether
    /// it loads as a dataset.
    init(numpyArchive path: String, limits: ReadLimits) throws {
        let reader = try NPZReader(contentsOf: URL(fileURLWithPath: path), fileLabel: path, limits: limits)
        let arrays = reader.keys.map { key in
            guard let array = try? reader.array(key) else { return StoredArray(path: key, shape: [], type: "unreadable") }
            return StoredArray(path: key, shape: array.shape, type: Self.typeName(array.elements))
        }
        description = RecordingDescription(file: path, format: "numpy .npz", arrays: arrays)
        let readiness: DatasetReadiness
        do {
            let loaded = try Dataset.load(URL(fileURLWithPath: path), fileLabel: path, limits: limits)
            readiness = DatasetReadiness(
                ready: true, trials: loaded.trialCount, timeSteps: loaded.stepCount, neurons: loaded.neuronCount,
                inputs: loaded.inputCount, prepared: loaded.preprocessing != nil, problem: nil)
        } catch {
            readiness = DatasetReadiness(
                ready: false, trials: nil, timeSteps: nil, neurons: nil, inputs: nil, prepared: false,
                problem: (error as? DataFileError)?.problem ?? ErrorWording.text(error))
        }
        dataset = readiness
        needs = InspectAdvice.numpyArchive(path, readiness)
    }

    /// numpy's name for the element type ("float32", "int64", "text").
    static func typeName(_ elements: NumpyElements) -> String {
        switch elements {
        case .float32: "float32"
        case .float64: "float64"
        case .int32: "int32"
        case .int64: "int64"
        case .uint8: "uint8"
        case .bool: "bool"
        case .unicode: "text"
        }
    }

    func encode(to encoder: any Encoder) throws {
        // The description's keys, then this report's own in the same object; a section a file
        // does not have is null, so every key is always there to read.
        try description.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dataset, forKey: .dataset)
        try container.encode(needs, forKey: .needs)
    }

    enum CodingKeys: String, CodingKey {
        case dataset, needs
    }
}

/// Whether a numpy archive loads as a dataset (docs/FORMATS.md, "Dataset"), and its shape.
struct DatasetReadiness: Encodable {
    var ready: Bool
    var trials: Int?
    var timeSteps: Int?
    var neurons: Int?
    var inputs: Int?
    /// Made by `lintel prepare` (currents, not rates).
    var prepared: Bool
    /// Why it does not load, when it does not.
    var problem: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(ready, forKey: .ready)
        try container.encode(trials, forKey: .trials)
        try container.encode(timeSteps, forKey: .timeSteps)
        try container.encode(neurons, forKey: .neurons)
        try container.encode(inputs, forKey: .inputs)
        try container.encode(prepared, forKey: .prepared)
        try container.encode(problem, forKey: .problem)
    }

    enum CodingKeys: String, CodingKey {
        case ready, trials, neurons, inputs, prepared, problem
        case timeSteps = "time_steps"
    }
}

/// What `lintel inspect FILE:/group/dataset` reports: how the dataset is stored and a summary
/// of its values.
struct InspectDatasetReport: Encodable {
    var file: String
    var path: String
    var shape: [Int]
    var type: String
    var summary: ColumnDescription

    init(_ dataset: AddressedDataset, file: String) {
        self.file = file
        path = dataset.array.path
        shape = dataset.array.shape
        type = dataset.array.type
        summary = ColumnDescription(name: dataset.array.path, column: dataset.values)
    }
}
