/// The activity an import bins: a recording's spike times, one of its time series, or its
/// binned trials. Each gives, for one trial, a rate per bin of a ``BinGrid`` for chosen
/// channels (units), and says which bins hold data (for the smoothing's edges).
package enum ActivitySource: Sendable {
    case spikes(UnitsTable)
    case series(TimeSeries)
    case binned(BinnedTrials)

    /// The source of `recording`: the time series `named` (its path, or the last part of it)
    /// when given; else its spikes when it has them; else its only time series; else its
    /// binned trials.
    package static func of(_ recording: Recording, series named: String? = nil) throws(ImportError) -> ActivitySource {
        let names = recording.series.map(\.name)
        if let named {
            // The full path, or its last part when only one series ends so.
            let byLastPart = recording.series.filter { $0.name.split(separator: "/").last.map(String.init) == named }
            guard let series = recording.series.first(where: { $0.name == named }) ?? (byLastPart.count == 1 ? byLastPart[0] : nil) else {
                throw .seriesNotFound(file: recording.file, name: named, available: names)
            }
            return .series(series)
        }
        if let units = recording.units, units.count > 0 { return .spikes(units) }
        if recording.series.count == 1 { return .series(recording.series[0]) }
        if recording.series.count > 1 { throw .seriesAmbiguous(file: recording.file, available: names) }
        if let binned = recording.binned { return .binned(binned) }
        throw .nothingToImport(file: recording.file)
    }

    /// Units, or channels of a series or of binned trials.
    package var channelCount: Int {
        switch self {
        case .spikes(let units): units.count
        case .series(let series): series.channelCount
        case .binned(let binned): binned.unitCount
        }
    }

    /// The ids written as `unit_ids`: the units table's ids, else channel numbers 0, 1, ….
    package var channelIDs: [Int] {
        switch self {
        case .spikes(let units): units.ids
        case .series, .binned: Array(0..<channelCount)
        }
    }

    /// Whether the source has a clock that trials-table times refer to.
    package var hasClock: Bool {
        if case .binned = self { return false }
        return true
    }

    /// "spike times of 16 units", for the import's description.
    package var phrase: String {
        switch self {
        case .spikes(let units): "spike times of \(units.count) unit\(units.count == 1 ? "" : "s")"
        case .series(let series):
            "time series \(series.name) (\(series.channelCount) channel\(series.channelCount == 1 ? "" : "s")\(series.unit.map { ", \($0)" } ?? ""))"
        case .binned(let binned):
            "binned trials (\(binned.trialCount) × \(binned.binCount) bins × \(binned.unitCount) channels, \(binned.areCounts ? "counts" : "rates"))"
        }
    }

    /// The rate (spikes: Hz; series: as recorded; binned counts: Hz) of each of `channels` in
    /// each extended bin of `grid` for one trial: (bins, channels) row-major, and whether each
    /// bin holds data.
    ///
    /// - Parameters:
    ///   - trial: the trial's index (binned trials: its row in the binned array).
    ///   - alignment: the time the grid counts from, in seconds on the source's clock (binned
    ///     trials: from the start of their first bin).
    ///   - span: the recorded time, in seconds; bins outside it hold no data.
    package func rates(trial: Int, alignment: Double, grid: BinGrid, channels: [Int], span: ClosedRange<Double>) -> (values: [Double], observed: [Bool]) {
        let bins = grid.extendedCount
        let width = grid.binMilliseconds / 1000
        let start = alignment + grid.extendedStart(0) / 1000
        switch self {
        case .spikes(let units):
            var values = [Double](repeating: 0, count: bins * channels.count)
            for (column, unit) in channels.enumerated() {
                let rates = SpikeBinning.rates(units.spikeTimes[unit], start: start, width: width, bins: bins)
                for bin in 0..<bins { values[bin * channels.count + column] = rates[bin] }
            }
            let observed = (0..<bins).map { bin in
                span.contains(start + Double(bin) * width) && span.contains(start + Double(bin + 1) * width)
            }
            return (values, observed)
        case .series(let series):
            return SeriesResampling.rates(series, start: start, width: width, bins: bins, channels: channels)
        case .binned(let binned):
            return BinnedRebinning.rates(binned, trial: trial, alignment: alignment, grid: grid, channels: channels)
        }
    }

    /// The recorded time in seconds: from the earliest spike or sample (or the earliest
    /// `earliest`, a trial's start) to the latest. Binned trials: each trial's own length.
    package func span(earliest: Double?, latest: Double?) -> ClosedRange<Double> {
        var low = earliest ?? .infinity
        var high = latest ?? -.infinity
        switch self {
        case .spikes(let units):
            for times in units.spikeTimes {
                if let first = times.first { low = min(low, first) }
                if let last = times.last { high = max(high, last) }
            }
        case .series(let series):
            // Samples mark the series' own extent, whatever the trials table says.
            guard let extent = SeriesResampling.extent(of: series) else { return 0...0 }
            return extent
        case .binned(let binned):
            low = 0
            high = Double(binned.binCount) * (binned.binMilliseconds ?? 0) / 1000
        }
        return low <= high ? low...high : 0...0
    }
}
