extension ImportPlan {
    /// Bins (and smooths, groups, averages) the activity and builds the inputs.
    ///
    /// Each trial is binned over the window and the smoothing margins, smoothed, and cut to
    /// the window; then it becomes a row, or is added to its condition's row to be averaged.
    /// Smoothing is linear, so a trial with data in every bin is smoothed as part of its
    /// condition's sum, once per condition rather than once per trial (the same numbers up to
    /// rounding); a trial near the recording's ends, whose kernel is renormalised, is smoothed
    /// alone.
    /// - Parameter progress: called after each trial with (trials done, trials in all).
    package func run(progress: (Int, Int) -> Void = { _, _ in }) -> ImportedDataset {
        let bins = grid.count
        let units = channels.count
        let inputCount = settings.inputs.count
        let rows = rowCount
        let centres = grid.centres
        var activity = [Float](repeating: 0, count: rows * bins * units)
        var inputs = [Float](repeating: 0, count: rows * bins * inputCount)
        // Averages are summed in double precision.
        var activitySums = [Double](repeating: 0, count: settings.average ? activity.count : 0)
        var inputSums = [Double](repeating: 0, count: settings.average ? inputs.count : 0)
        var rowTrials = [Int](repeating: 0, count: rows)
        let cut = grid.margin * units..<(grid.margin + bins) * units
        let extended = grid.extendedCount * units
        let smoothSums = settings.average && smoothing != nil
        var unsmoothedSums = [Double](repeating: 0, count: smoothSums ? rows * extended : 0)

        for (index, trial) in trials.enumerated() {
            let alignment = alignments[index]
            let row = settings.average ? (grouping?.labels[index] ?? 0) : index
            let binned = source.rates(trial: trial, alignment: alignment, grid: grid, channels: channels, span: span)
            var smoothed: [Double] = []
            if smoothSums, !binned.observed.contains(false) {
                for (offset, value) in binned.values.enumerated() { unsmoothedSums[row * extended + offset] += value }
            } else {
                smoothed = smoothing?.smooth(binned.values, bins: grid.extendedCount, channels: units, observed: binned.observed)
                    ?? binned.values
            }
            var channelValues: [[Double]] = []
            if let table {
                let times = centres.map { alignment + $0 / 1000 }
                channelValues = settings.inputs.map { $0.values(row: trial, table: table, binCentres: times) }
            }
            rowTrials[row] += 1
            let activityStart = row * bins * units
            let inputStart = row * bins * inputCount
            if settings.average {
                if !smoothed.isEmpty {
                    for (offset, value) in smoothed[cut].enumerated() { activitySums[activityStart + offset] += value }
                }
                for (channel, values) in channelValues.enumerated() {
                    for bin in 0..<bins { inputSums[inputStart + bin * inputCount + channel] += values[bin] }
                }
            } else {
                for (offset, value) in smoothed[cut].enumerated() { activity[activityStart + offset] = Float(value) }
                for (channel, values) in channelValues.enumerated() {
                    for bin in 0..<bins { inputs[inputStart + bin * inputCount + channel] = Float(values[bin]) }
                }
            }
            progress(index + 1, trials.count)
        }
        if let smoothing, smoothSums {
            let everyBin = [Bool](repeating: true, count: grid.extendedCount)
            for row in 0..<rows {
                let sum = Array(unsmoothedSums[(row * extended)..<((row + 1) * extended)])
                guard sum.contains(where: { $0 != 0 }) else { continue }
                let smoothed = smoothing.smooth(sum, bins: grid.extendedCount, channels: units, observed: everyBin)
                for (offset, value) in smoothed[cut].enumerated() { activitySums[row * bins * units + offset] += value }
            }
        }
        if settings.average {
            for row in 0..<rows where rowTrials[row] > 0 {
                let count = Double(rowTrials[row])
                for offset in 0..<(bins * units) {
                    activity[row * bins * units + offset] = Float(activitySums[row * bins * units + offset] / count)
                }
                for offset in 0..<(bins * inputCount) {
                    inputs[row * bins * inputCount + offset] = Float(inputSums[row * bins * inputCount + offset] / count)
                }
            }
        }

        let condition: [Int]? = grouping.map { settings.average ? Array(0..<$0.count) : $0.labels }
        let ids = source.channelIDs
        return ImportedDataset(
            activity: activity, inputs: inputs, rowCount: rows, binCount: bins, unitCount: units,
            inputNames: settings.inputs.map(\.name), timeMilliseconds: centres, binMilliseconds: grid.binMilliseconds,
            unitIDs: channels.map { ids[$0] }, conditionColumns: grouping?.columns ?? [],
            condition: condition, conditionValues: condition.map { labels in labels.map { grouping!.keys[$0] } },
            trialCounts: settings.average ? rowTrials : nil, trialIndices: settings.average ? nil : trials,
            steps: description)
    }
}
