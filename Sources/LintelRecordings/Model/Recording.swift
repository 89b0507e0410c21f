import Foundation

/// A lab's recording as its file holds it, before any binning: what `lintel inspect` describes
/// and `lintel import` turns into a dataset. Readers (NWB, HDF5, MATLAB) fill what their file
/// has; times are in seconds on the file's own clock.
///
/// ```swift
/// let recording = try RecordingReader.read("session.nwb", limits: budget.readLimits)
/// recording.units?.count        // 141
/// recording.trials?["move_time"] // .numbers([...])
/// ```
package struct Recording: Sendable {
    /// The file as the user named it.
    package var file: String
    /// Which reader made this: "NWB 2.7.0", "HDF5", "MATLAB v5", "MATLAB v7.3".
    package var format: String
    /// Spike-sorted units, when the file has spike times.
    package var units: UnitsTable?
    /// The trials table (start and stop times and every other per-trial column).
    package var trials: TrialsTable?
    /// Continuous signals (rates, currents) sampled at known times, when the file has those.
    package var series: [TimeSeries]
    /// Activity already cut into trials and bins (a `.mat` of binned counts or rates).
    package var binned: BinnedTrials?
    /// Every array the file holds, for `lintel inspect`, in the file's order.
    package var contents: [StoredArray]

    package init(
        file: String, format: String, units: UnitsTable? = nil, trials: TrialsTable? = nil,
        series: [TimeSeries] = [], binned: BinnedTrials? = nil, contents: [StoredArray] = []
    ) {
        self.file = file
        self.format = format
        self.units = units
        self.trials = trials
        self.series = series
        self.binned = binned
        self.contents = contents
    }
}

/// One column of a table: numbers (times, directions, cosines) or texts (labels).
package enum TableColumn: Sendable, Equatable {
    case numbers([Double])
    case texts([String])

    package var count: Int {
        switch self {
        case .numbers(let values): values.count
        case .texts(let values): values.count
        }
    }
}

/// Spike times per unit, with the units table's other columns (one value per unit).
package struct UnitsTable: Sendable {
    /// Each unit's id (the table's `id` column, else 0, 1, 2, …).
    package var ids: [Int]
    /// Each unit's spike times in seconds, ascending.
    package var spikeTimes: [[Double]]
    /// Every other column of the units table, by name (e.g. "location", "quality").
    package var columns: [String: TableColumn]
    /// The column names in the file's order (by name when the reader does not say).
    package var order: [String]

    package init(ids: [Int], spikeTimes: [[Double]], columns: [String: TableColumn] = [:], order: [String]? = nil) {
        precondition(ids.count == spikeTimes.count, "one id per unit")
        self.ids = ids
        self.spikeTimes = spikeTimes
        self.columns = columns
        self.order = order ?? columns.keys.sorted()
    }

    package var count: Int { ids.count }
}

/// The trials table: `start_time`, `stop_time` and every other column, one value per trial.
package struct TrialsTable: Sendable {
    /// The columns by name; every column has `count` values.
    package var columns: [String: TableColumn]
    /// The column names in the file's order.
    package var order: [String]
    package var count: Int

    package init(columns: [String: TableColumn], order: [String]) {
        self.columns = columns
        self.order = order
        count = columns.values.first?.count ?? 0
        precondition(columns.values.allSatisfy { $0.count == count }, "every trials column has one value per trial")
    }

    package subscript(name: String) -> TableColumn? { columns[name] }
}

/// A signal sampled over time: (time, channels), e.g. an NWB TimeSeries of firing rates.
package struct TimeSeries: Sendable {
    /// Where it is in the file ("/processing/ecephys/rates").
    package var name: String
    /// Sample times in seconds, ascending.
    package var timestamps: [Double]
    /// (time, channels), row-major.
    package var values: [Double]
    package var channelCount: Int
    /// The unit the file gives ("Hz", "spikes/s"), if any.
    package var unit: String?

    package init(name: String, timestamps: [Double], values: [Double], channelCount: Int, unit: String? = nil) {
        precondition(values.count == timestamps.count * channelCount, "values must be (time, channels)")
        self.name = name
        self.timestamps = timestamps
        self.values = values
        self.channelCount = channelCount
        self.unit = unit
    }
}

/// Activity already cut into trials and bins: (trials, bins, units), row-major.
package struct BinnedTrials: Sendable {
    package var values: [Double]
    package var trialCount: Int
    package var binCount: Int
    package var unitCount: Int
    /// The bin width in milliseconds, when the file says.
    package var binMilliseconds: Double?
    /// True for counts per bin, false for rates (Hz).
    package var areCounts: Bool
    /// Each unit's id, when the file says (else units are numbered 0, 1, 2, …).
    package var unitIds: [Int]?

    package init(
        values: [Double], trialCount: Int, binCount: Int, unitCount: Int, binMilliseconds: Double?, areCounts: Bool,
        unitIds: [Int]? = nil
    ) {
        precondition(values.count == trialCount * binCount * unitCount, "values must be (trials, bins, units)")
        precondition(unitIds.map { $0.count == unitCount } ?? true, "one id per unit")
        self.values = values
        self.trialCount = trialCount
        self.binCount = binCount
        self.unitCount = unitCount
        self.binMilliseconds = binMilliseconds
        self.areCounts = areCounts
        self.unitIds = unitIds
    }
}

/// An array as a file stores it, described but not read: for `lintel inspect`.
package struct StoredArray: Sendable, Equatable {
    /// Its path in the file ("/units/spike_times", or a .mat variable name "trials.spikes").
    package var path: String
    package var shape: [Int]
    /// The element type as the file says it ("float64", "int32", "text", "struct").
    package var type: String

    package init(path: String, shape: [Int], type: String) {
        self.path = path
        self.shape = shape
        self.type = type
    }
}
