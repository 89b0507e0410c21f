/// An import's settings resolved against one recording: which activity, which trials (and
/// which were dropped, and why), which units, the bins and the conditions — everything checked
/// and nothing large allocated yet, so that the memory the import will need is known
/// (``estimatedBytes``) before ``run(progress:)`` bins the activity.
///
/// ```swift
/// let plan = try ImportPlan(recording: recording, settings: settings)
/// try budget.require([("the import", plan.estimatedBytes)], for: recording.file)
/// let dataset = plan.run()
/// ```
package struct ImportPlan: Sendable {
    package let file: String
    package let format: String
    package let settings: ImportSettings
    package let source: ActivitySource
    package let table: TrialsTable?
    /// The alignment column; nil for binned trials (aligned as their file has them).
    package let alignColumn: String?
    package let grid: BinGrid
    /// nil without smoothing.
    package let smoothing: GaussianSmoothing?
    /// The recorded time, in seconds on the source's clock.
    package let span: ClosedRange<Double>
    /// The trials imported: rows of the trials table (or of the binned array), ascending.
    package let trials: [Int]
    /// Each imported trial's alignment time, in seconds (binned trials: the event's time from
    /// the start of their first bin).
    package let alignments: [Double]
    /// How many trials the recording has.
    package let recordedTrials: Int
    package let dropped: [DroppedTrials]
    /// The conditions of the imported trials, when grouped.
    package let grouping: ConditionGrouping?
    /// The units (channels) imported, as indices into the source's units.
    package let channels: [Int]
    /// How many units passed the unit filters (before the minimum rate).
    package let unitsPassingFilters: Int

    /// Resolves `settings` against `recording`.
    /// - Throws: ``ImportError`` for anything that cannot be imported as asked.
    package init(recording: Recording, settings: ImportSettings) throws(ImportError) {
        let file = recording.file
        self.file = file
        format = recording.format
        self.settings = settings
        let source = try ActivitySource.of(recording, series: settings.series)
        let table = recording.trials
        self.table = table

        // Trials table and its columns.
        if table == nil {
            if source.hasClock { throw .noTrialsTable(file: file, purpose: .align) }
            if !settings.conditionColumns.isEmpty { throw .noTrialsTable(file: file, purpose: .condition) }
            if let input = settings.inputs.first {
                throw .noTrialsTable(file: file, purpose: { if case .cue = input { return .cue } else { return .input } }())
            }
        }
        if source.hasClock, settings.recordedBinMilliseconds != nil || settings.recordedStartMilliseconds != nil {
            throw .notBinned(file: file)
        }
        if !source.hasClock {
            if let align = settings.align { throw .binnedCannotAlign(file: file, column: align) }
            for case .cue(_, let on, _) in settings.inputs { throw .binnedCannotAlign(file: file, column: on) }
        }
        let alignColumn = source.hasClock ? (settings.align ?? "start_time") : nil
        self.alignColumn = alignColumn
        if let table {
            func require(_ column: String, _ role: ColumnRole, numeric: Bool) throws(ImportError) {
                guard let values = table[column] else {
                    throw .missingTrialsColumn(file: file, column: column, role: role, available: table.order)
                }
                if numeric, case .texts = values { throw .textColumn(file: file, column: column, role: role) }
            }
            if let alignColumn { try require(alignColumn, .align, numeric: true) }
            for column in settings.conditionColumns { try require(column, .condition, numeric: false) }
            for input in settings.inputs {
                switch input {
                case .constant(let column): try require(column, .input, numeric: true)
                case .cue(_, let on, let off):
                    try require(on, .cue, numeric: true)
                    if let off { try require(off, .cue, numeric: true) }
                }
            }
        }

        // Bins.
        var binned: BinnedTrials?
        if case .binned(var trials) = source {
            trials.binMilliseconds = trials.binMilliseconds ?? settings.recordedBinMilliseconds
            guard trials.binMilliseconds != nil else { throw .binnedWidthUnknown(file: file) }
            if let table, table.count != trials.trialCount {
                throw .binnedTrialsMismatch(file: file, binned: trials.trialCount, table: table.count)
            }
            binned = trials
        }
        let recordedWidth = binned?.binMilliseconds
        guard let width = settings.binMilliseconds ?? recordedWidth else { throw .binWidthNeeded(file: file) }
        // Binned trials' own clock starts with their first bin; the event they were cut around
        // lies `origin` ms before that start.
        let origin = settings.recordedStartMilliseconds ?? 0
        let wholeTrial = binned.map {
            TimeWindow(startMilliseconds: origin, stopMilliseconds: origin + Double($0.binCount) * recordedWidth!)
        }
        guard let window = settings.window ?? wholeTrial else { throw .windowNeeded(file: file) }
        let smoothing = settings.smoothMilliseconds > 0
            ? GaussianSmoothing(sigmaMilliseconds: settings.smoothMilliseconds, binMilliseconds: width) : nil
        self.smoothing = smoothing
        let grid = try BinGrid(window: window, binMilliseconds: width, margin: smoothing?.radius ?? 0)
        self.grid = grid
        if let binned, let wholeTrial {
            _ = try BinnedRebinning.factor(binned, grid: grid, origin: origin, file: file)
            guard window.startMilliseconds >= origin - 1e-9, window.stopMilliseconds <= wholeTrial.stopMilliseconds + 1e-9 else {
                throw .binnedWindowOutside(file: file, window: window, trial: wholeTrial)
            }
        }
        let activity: ActivitySource = binned.map { .binned($0) } ?? source
        self.source = activity

        // Trials: aligned, inside their trial and the recording, with every value they need.
        let recordedTrials = table?.count ?? binned?.trialCount ?? 0
        self.recordedTrials = recordedTrials
        let starts = table.flatMap { Self.numbers($0, "start_time") }
        let stops = table.flatMap { Self.numbers($0, "stop_time") }
        let span = activity.span(earliest: starts?.filter { !$0.isNaN }.min(), latest: stops?.filter { !$0.isNaN }.max())
        self.span = span
        var dropped = DroppedTrialsCollector()
        var trials: [Int] = []
        var alignments: [Double] = []
        let tolerance = 1e-9
        rows: for row in 0..<recordedTrials {
            var alignment = -origin / 1000
            if let alignColumn, let table {
                alignment = table.number(alignColumn, row) ?? .nan
                guard !alignment.isNaN else {
                    dropped.drop(row, .noAlignTime(column: alignColumn))
                    continue
                }
                let low = alignment + window.startMilliseconds / 1000
                let high = alignment + window.stopMilliseconds / 1000
                if let start = starts?[row], low < start - tolerance {
                    dropped.drop(row, .beforeTrialStart(window: window))
                    continue
                }
                if let stop = stops?[row], high > stop + tolerance {
                    dropped.drop(row, .afterTrialStop(window: window))
                    continue
                }
                guard span.contains(low + tolerance), span.contains(high - tolerance) else {
                    dropped.drop(row, .outsideRecording(window: window))
                    continue
                }
            }
            if let table {
                for column in settings.conditionColumns where table.number(column, row)?.isNaN == true {
                    dropped.drop(row, .noConditionValue(column: column))
                    continue rows
                }
                for case .constant(let column) in settings.inputs where table.number(column, row)?.isNaN == true {
                    dropped.drop(row, .noInputValue(column: column))
                    continue rows
                }
            }
            trials.append(row)
            alignments.append(alignment)
        }
        self.trials = trials
        self.alignments = alignments
        self.dropped = dropped.all
        guard !trials.isEmpty else { throw .noTrialLeft(file: file, trials: recordedTrials, dropped: dropped.all) }

        // Conditions: every condition of the table must keep a trial.
        if let table, !settings.conditionColumns.isEmpty {
            let columns = settings.conditionColumns
            let grouping = ConditionGrouping(columns: columns, values: trials.map { Self.conditionValues(table, columns, $0) })
            let kept = Set(grouping.keys)
            let nanFree = (0..<table.count).filter { row in !columns.contains { table.number($0, row)?.isNaN == true } }
            var recorded: [[ConditionValue]: Int] = [:]
            for row in nanFree { recorded[Self.conditionValues(table, columns, row), default: 0] += 1 }
            if let lost = recorded.keys.filter({ !kept.contains($0) }).sorted(by: { $0.lexicographicallyPrecedes($1) }).first {
                let phrase = zip(columns, lost).map { "\($0) = \($1.text)" }.joined(separator: ", ")
                throw .conditionLostAllTrials(file: file, condition: phrase, trials: recorded[lost]!, dropped: dropped.all)
            }
            self.grouping = grouping
        } else {
            grouping = nil
        }

        // Units.
        var passing = [Bool](repeating: true, count: activity.channelCount)
        if !settings.unitFilters.isEmpty {
            guard case .spikes(let units) = activity else { throw .unitFiltersNeedUnits(file: file) }
            for filter in settings.unitFilters {
                let matches = try filter.matches(in: units, file: file)
                for index in passing.indices where !matches[index] { passing[index] = false }
            }
        }
        let filtered = passing.indices.filter { passing[$0] }
        unitsPassingFilters = filtered.count
        var channels = filtered
        if let minimumRate = settings.minimumRate, !filtered.isEmpty {
            let rates = Self.meanRates(activity, channels: filtered, trials: trials, alignments: alignments, grid: grid, span: span)
            channels = zip(filtered, rates).filter { $0.1 >= minimumRate }.map(\.0)
        }
        guard !channels.isEmpty else {
            throw .noUnitLeft(
                file: file, units: activity.channelCount, filters: settings.unitFilters,
                minimumRate: settings.minimumRate, passedFilters: filtered.count)
        }
        self.channels = channels
    }

    /// Rows of the dataset: one per condition (one in all without conditions) when averaging,
    /// else one per trial.
    package var rowCount: Int { settings.average ? (grouping?.count ?? 1) : trials.count }

    /// The memory the import holds at its peak, in bytes: the dataset's float32 arrays twice
    /// (once more as the archive is encoded), float64 sums per row when averaging (over the
    /// margins too when smoothing), and one trial's float64 work arrays. Saturates at Int.max.
    package var estimatedBytes: Int {
        func product(_ factors: [Int]) -> Int {
            factors.reduce(1) { total, factor in
                let (result, overflow) = total.multipliedReportingOverflow(by: max(factor, 0))
                return overflow ? .max : result
            }
        }
        let width = channels.count + settings.inputs.count
        var parts = [product([rowCount, grid.count, width, 4 * 2]), product([grid.extendedCount, channels.count, 8 * 3])]
        if settings.average {
            parts.append(product([rowCount, grid.count, width, 8]))
            if smoothing != nil { parts.append(product([rowCount, grid.extendedCount, channels.count, 8])) }
        }
        return parts.reduce(0) { total, part in
            let (result, overflow) = total.addingReportingOverflow(part)
            return overflow ? .max : result
        }
    }

    // MARK: helpers

    static func numbers(_ table: TrialsTable, _ column: String) -> [Double]? {
        guard case .numbers(let values)? = table[column] else { return nil }
        return values
    }

    static func conditionValues(_ table: TrialsTable, _ columns: [String], _ row: Int) -> [ConditionValue] {
        columns.map { column in
            switch table[column]! {
            case .numbers(let values): .number(values[row])
            case .texts(let values): .text(values[row])
            }
        }
    }

    /// Each channel's mean rate over the trials' windows (without margins).
    static func meanRates(
        _ source: ActivitySource, channels: [Int], trials: [Int], alignments: [Double], grid: BinGrid, span: ClosedRange<Double>
    ) -> [Double] {
        let window = grid.window
        let seconds = window.durationMilliseconds / 1000 * Double(trials.count)
        if case .spikes(let units) = source {
            return channels.map { unit in
                let spikes = zip(trials, alignments).reduce(0) { total, trial in
                    total + SpikeBinning.count(
                        units.spikeTimes[unit], from: trial.1 + window.startMilliseconds / 1000,
                        to: trial.1 + window.stopMilliseconds / 1000)
                }
                return Double(spikes) / seconds
            }
        }
        var plain = grid
        plain.margin = 0
        var sums = [Double](repeating: 0, count: channels.count)
        for (trial, alignment) in zip(trials, alignments) {
            let values = source.rates(trial: trial, alignment: alignment, grid: plain, channels: channels, span: span).values
            for (index, value) in values.enumerated() { sums[index % channels.count] += value }
        }
        return sums.map { $0 / Double(trials.count * plain.count) }
    }
}
