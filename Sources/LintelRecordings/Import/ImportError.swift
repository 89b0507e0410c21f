/// Why a recording cannot be imported as asked. The facts only: the command line words them
/// with its options (Sources/LintelCommands/ErrorWording.swift), one line naming the file.
package enum ImportError: Error, Sendable, Equatable {
    /// The recording holds no spike times, time series or binned trials.
    case nothingToImport(file: String)
    /// Activity with a clock (spikes, series) needs a trials table to cut it into trials; or
    /// grouping or inputs need one. `purpose` names what needed it.
    case noTrialsTable(file: String, purpose: ColumnRole)
    /// A named trials-table column is not there.
    case missingTrialsColumn(file: String, column: String, role: ColumnRole, available: [String])
    /// A column that must hold numbers (times, input values) holds texts.
    case textColumn(file: String, column: String, role: ColumnRole)
    /// Spikes or series need a bin width.
    case binWidthNeeded(file: String)
    /// Spikes or series need a window around the alignment event.
    case windowNeeded(file: String)
    case badBinWidth(Double)
    case emptyWindow(TimeWindow)
    case windowNotWholeBins(TimeWindow, binMilliseconds: Double)
    /// A time series was asked for by a name the file does not have.
    case seriesNotFound(file: String, name: String, available: [String])
    /// The file holds several time series and no spikes; one must be chosen.
    case seriesAmbiguous(file: String, available: [String])
    /// Binned trials have no clock: no alignment column, no cue times.
    case binnedCannotAlign(file: String, column: String)
    /// The file does not say how wide its bins are.
    case binnedWidthUnknown(file: String)
    /// Bins or a window that do not fall on the file's own bin edges.
    case binnedGridMismatch(file: String, recordedMilliseconds: Double, binMilliseconds: Double, window: TimeWindow)
    /// A window beyond the binned trials (`trial`: the time they cover).
    case binnedWindowOutside(file: String, window: TimeWindow, trial: TimeWindow)
    /// A binned file's bin width or start was given for activity that is not binned trials.
    case notBinned(file: String)
    /// The binned trials and the trials table disagree on the number of trials.
    case binnedTrialsMismatch(file: String, binned: Int, table: Int)
    /// Every trial was dropped.
    case noTrialLeft(file: String, trials: Int, dropped: [DroppedTrials])
    /// Every trial of a condition was dropped.
    case conditionLostAllTrials(file: String, condition: String, trials: Int, dropped: [DroppedTrials])
    /// A units-table column named by a unit filter is not there.
    case missingUnitsColumn(file: String, column: String, available: [String])
    /// A filter value that is not a number, on a numeric units column.
    case unitValueNotNumber(file: String, column: String, value: String)
    /// Unit filters need a units table (the activity is a series or binned).
    case unitFiltersNeedUnits(file: String)
    /// No unit (or channel) passed the filters.
    case noUnitLeft(file: String, units: Int, filters: [UnitFilter], minimumRate: Double?, passedFilters: Int)
}

/// What a trials-table column is used for, to say which option named it.
package enum ColumnRole: Sendable, Equatable {
    case align, condition, input, cue
}
