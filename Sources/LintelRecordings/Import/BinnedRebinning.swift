/// Trials already binned (a `.mat` of counts or rates), cut to a window and merged into wider
/// bins. Binned trials have no clock: times count from the event they were cut around, which
/// lies `origin` ms before the start of each trial's first bin (0 when the user does not say),
/// and the new bins must fall on the file's own bin edges (a width that is a whole number of
/// the file's bins, a window starting on one of its edges). A merged bin holds the mean rate of
/// the file's bins in it; counts become rates in Hz.
///
/// ```swift
/// // 5 ms bins of counts [1, 0, 2, 1]; 10 ms bins from 0: [100, 300] Hz
/// ```
package enum BinnedRebinning {
    /// How many of the file's bins make one bin of `grid`; throws when the grid does not fall
    /// on the file's bin edges.
    package static func factor(_ binned: BinnedTrials, grid: BinGrid, origin: Double, file: String) throws(ImportError) -> Int {
        guard let recorded = binned.binMilliseconds, recorded > 0 else { throw .binnedWidthUnknown(file: file) }
        let factor = grid.binMilliseconds / recorded
        let offset = (grid.startMilliseconds - origin) / recorded
        guard isWhole(factor), factor.rounded() >= 1, isWhole(offset) else {
            throw .binnedGridMismatch(
                file: file, recordedMilliseconds: recorded, binMilliseconds: grid.binMilliseconds, window: grid.window)
        }
        return Int(factor.rounded())
    }

    /// One trial's rates in the extended bins of `grid`, (bins, channels) row-major, and which
    /// bins lie inside the trial. `alignment` is the grid's zero in seconds from the start of
    /// the trial's first bin; `grid` must fall on the file's bin edges (``factor(_:grid:origin:file:)``).
    package static func rates(
        _ binned: BinnedTrials, trial: Int, alignment: Double, grid: BinGrid, channels: [Int]
    ) -> (values: [Double], observed: [Bool]) {
        let recorded = binned.binMilliseconds ?? grid.binMilliseconds
        let factor = max(1, Int((grid.binMilliseconds / recorded).rounded()))
        let firstRecorded = Int(((alignment * 1000 + grid.extendedStart(0)) / recorded).rounded())
        let toRate = binned.areCounts ? 1000 / recorded : 1
        let bins = grid.extendedCount
        var values = [Double](repeating: 0, count: bins * channels.count)
        var observed = [Bool](repeating: false, count: bins)
        let trialOffset = trial * binned.binCount * binned.unitCount
        for bin in 0..<bins {
            let from = firstRecorded + bin * factor
            guard from >= 0, from + factor <= binned.binCount else { continue }
            observed[bin] = true
            for recordedBin in from..<(from + factor) {
                let row = trialOffset + recordedBin * binned.unitCount
                for (column, channel) in channels.enumerated() {
                    values[bin * channels.count + column] += binned.values[row + channel]
                }
            }
            for column in channels.indices { values[bin * channels.count + column] *= toRate / Double(factor) }
        }
        return (values, observed)
    }

    private static func isWhole(_ value: Double) -> Bool {
        abs(value - value.rounded()) <= 1e-6 * max(1, abs(value))
    }
}
