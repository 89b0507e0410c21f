/// What `lintel inspect` says about a recording: its units, trials and their columns, time
/// series, binned arrays and stored arrays, summarised (counts, ranges, value counts).
package struct RecordingDescription: Sendable, Encodable {
    package var file: String
    package var format: String
    package var units: UnitsDescription?
    package var trials: TrialsDescription?
    package var series: [SeriesDescription]
    package var binned: BinnedDescription?
    package var arrays: [StoredArray]

    package init(_ recording: Recording) {
        file = recording.file
        format = recording.format
        units = recording.units.map(UnitsDescription.init)
        trials = recording.trials.map(TrialsDescription.init)
        series = recording.series.map(SeriesDescription.init)
        binned = recording.binned.map(BinnedDescription.init)
        arrays = recording.contents
    }

    /// A file that is no recording (a numpy archive): its name, format and arrays; every
    /// recording section absent.
    package init(file: String, format: String, arrays: [StoredArray]) {
        self.file = file
        self.format = format
        units = nil
        trials = nil
        series = []
        binned = nil
        self.arrays = arrays
    }

    package func encode(to encoder: any Encoder) throws {
        // Absent sections are null, so every key is always there to read.
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(file, forKey: .file)
        try container.encode(format, forKey: .format)
        try container.encode(units, forKey: .units)
        try container.encode(trials, forKey: .trials)
        try container.encode(series, forKey: .series)
        try container.encode(binned, forKey: .binned)
        try container.encode(arrays, forKey: .arrays)
    }

    enum CodingKeys: String, CodingKey {
        case file, format, units, trials, series, binned, arrays
    }
}

/// The units: how many, their ids, their spikes and columns.
package struct UnitsDescription: Sendable, Encodable {
    package var count: Int
    /// The smallest and largest id.
    package var idRange: [Int]?
    package var spikeCount: Int
    /// The first and last spike time in seconds; nil without spikes.
    package var timeRange: [Double]?
    package var columns: [ColumnDescription]

    init(_ units: UnitsTable) {
        count = units.count
        idRange = units.ids.isEmpty ? nil : [units.ids.min()!, units.ids.max()!]
        spikeCount = units.spikeTimes.reduce(0) { $0 + $1.count }
        let firsts = units.spikeTimes.compactMap(\.first), lasts = units.spikeTimes.compactMap(\.last)
        timeRange = firsts.isEmpty ? nil : [firsts.min()!, lasts.max()!]
        columns = units.order.compactMap { name in units.columns[name].map { ColumnDescription(name: name, column: $0) } }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(count, forKey: .count)
        try container.encode(idRange, forKey: .idRange)
        try container.encode(spikeCount, forKey: .spikeCount)
        try container.encode(timeRange, forKey: .timeRange)
        try container.encode(columns, forKey: .columns)
    }

    enum CodingKeys: String, CodingKey {
        case count, columns
        case idRange = "id_range", spikeCount = "spike_count", timeRange = "time_range"
    }
}

/// The trials: how many, and each column.
package struct TrialsDescription: Sendable, Encodable {
    package var count: Int
    package var columns: [ColumnDescription]

    init(_ trials: TrialsTable) {
        count = trials.count
        columns = trials.order.compactMap { name in trials[name].map { ColumnDescription(name: name, column: $0) } }
    }

    /// Columns whose names say they are times (what `--align` takes).
    package var timeColumns: [String] { columns.filter(\.isTime).map(\.name) }
}

/// A time series: its samples, channels, unit and time span.
package struct SeriesDescription: Sendable, Encodable {
    package var name: String
    package var samples: Int
    package var channels: Int
    package var unit: String?
    package var timeRange: [Double]?

    init(_ series: TimeSeries) {
        name = series.name
        samples = series.timestamps.count
        channels = series.channelCount
        unit = series.unit
        timeRange = series.timestamps.isEmpty ? nil : [series.timestamps.first!, series.timestamps.last!]
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(samples, forKey: .samples)
        try container.encode(channels, forKey: .channels)
        try container.encode(unit, forKey: .unit)
        try container.encode(timeRange, forKey: .timeRange)
    }

    enum CodingKeys: String, CodingKey {
        case name, samples, channels, unit
        case timeRange = "time_range"
    }
}

/// Binned activity: its shape, bin width and kind.
package struct BinnedDescription: Sendable, Encodable {
    package var trials: Int
    package var bins: Int
    package var units: Int
    package var binMilliseconds: Double?
    package var counts: Bool

    init(_ binned: BinnedTrials) {
        trials = binned.trialCount
        bins = binned.binCount
        units = binned.unitCount
        binMilliseconds = binned.binMilliseconds
        counts = binned.areCounts
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(trials, forKey: .trials)
        try container.encode(bins, forKey: .bins)
        try container.encode(units, forKey: .units)
        try container.encode(binMilliseconds, forKey: .binMilliseconds)
        try container.encode(counts, forKey: .counts)
    }

    enum CodingKeys: String, CodingKey {
        case trials, bins, units, counts
        case binMilliseconds = "bin_ms"
    }
}

extension StoredArray: Encodable {
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: StoredArrayKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(shape, forKey: .shape)
        try container.encode(type, forKey: .type)
    }

    private enum StoredArrayKeys: String, CodingKey { case path, shape, type }
}
