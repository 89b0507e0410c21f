extension ImportPlan {
    /// Every step and its parameters, in words, for the `import` string: enough, with the
    /// recording, to do the import again. Example:
    ///
    ///     reaching.nwb (NWB 2.7.0): spike times of 16 units; all 16 units; 240 of 240 trials;
    ///     aligned to move_time; window −800…400 ms; 10 ms bins, rates in Hz; Gaussian
    ///     smoothing σ 25 ms (kernel to ±80 ms; binned 80 ms beyond each end of the window,
    ///     then cut off); grouped by direction into 8 conditions; averaged over the trials of
    ///     each condition (30 each); inputs: cos_dir (constant), sin_dir (constant)
    package var description: String {
        var steps = ["\(file) (\(format)): \(source.phrase)"]
        var units = settings.unitFilters.map { "units with \($0.phrase)" }
        if let minimumRate = settings.minimumRate {
            units.append("units with a mean rate ≥ \(ImportNumber.text(minimumRate)) Hz in the window")
        }
        steps.append(
            units.isEmpty
                ? "all \(channels.count) units"
                : "\(channels.count) of \(source.channelCount) units (\(units.joined(separator: "; ")))")
        steps.append("\(trials.count) of \(recordedTrials) trials")
        for group in dropped { steps.append("dropped \(group.phrase(listed: 20))") }
        if let alignColumn {
            steps.append("aligned to \(alignColumn)")
            steps.append("window \(grid.window.phrase)")
        } else if let origin = settings.recordedStartMilliseconds {
            steps.append("window \(grid.window.phrase) around the event the trials were binned around (their first bin starts at \(ImportNumber.text(origin)) ms)")
        } else {
            steps.append("window \(grid.window.phrase) from each trial's first bin")
        }
        switch source {
        case .spikes: steps.append("spikes counted in \(ImportNumber.text(grid.binMilliseconds)) ms bins, rates in Hz")
        case .series:
            steps.append("samples averaged in \(ImportNumber.text(grid.binMilliseconds)) ms bins (interpolated where a bin holds none)")
        case .binned(let binned):
            steps.append(
                "the file's \(ImportNumber.text(binned.binMilliseconds ?? 0)) ms bins merged into \(ImportNumber.text(grid.binMilliseconds)) ms bins"
                    + (binned.areCounts ? ", counts as rates in Hz" : ""))
        }
        if let smoothing {
            let reach = ImportNumber.text(Double(smoothing.radius) * grid.binMilliseconds)
            steps.append(
                "Gaussian smoothing σ \(ImportNumber.text(smoothing.sigmaMilliseconds)) ms (kernel to ±\(reach) ms; binned \(reach) ms beyond each end of the window, then cut off; renormalised where no data)")
        } else {
            steps.append("no smoothing")
        }
        if let grouping {
            steps.append("grouped by \(grouping.columns.joined(separator: ", ")) into \(grouping.count) condition\(grouping.count == 1 ? "" : "s")")
        }
        if settings.average {
            let counts = grouping?.trialCounts ?? [trials.count]
            let each = Set(counts).count == 1 ? "\(counts[0]) each" : "\(counts.min()!)–\(counts.max()!) each"
            steps.append(grouping == nil ? "averaged over all trials" : "averaged over the trials of each condition (\(each))")
        } else {
            steps.append("single trials")
        }
        steps.append(
            settings.inputs.isEmpty ? "no inputs" : "inputs: " + settings.inputs.map(\.phrase).joined(separator: ", "))
        return steps.joined(separator: "; ")
    }
}
