/// What an import was asked to do: every step and its parameters (the options of
/// `lintel import`), before they meet a recording (``ImportPlan``).
///
/// ```swift
/// var settings = ImportSettings()
/// settings.align = "move_time"
/// settings.window = TimeWindow(startMilliseconds: -800, stopMilliseconds: 400)
/// settings.binMilliseconds = 10
/// settings.smoothMilliseconds = 25
/// settings.conditionColumns = ["direction"]
/// settings.average = true
/// settings.inputs = [.constant(column: "cos_dir"), .constant(column: "sin_dir")]
/// ```
package struct ImportSettings: Sendable, Equatable {
    /// The trials-table time column each trial's window is placed around; nil: `start_time`
    /// (for activity with a clock; binned trials are not aligned).
    package var align: String?
    /// The window around the alignment event, in ms; nil only for binned trials (all of each).
    package var window: TimeWindow?
    /// The bin width in ms; nil only for binned trials (the file's own bins).
    package var binMilliseconds: Double?
    /// σ of the Gaussian smoothing kernel in ms; 0 for none.
    package var smoothMilliseconds: Double = 0
    /// The trials-table columns whose values define the conditions; empty for none.
    package var conditionColumns: [String] = []
    /// Average the trials of each condition (of all trials without conditions).
    package var average = false
    /// The input channels, in order.
    package var inputs: [InputChannel] = []
    /// Keep the units that pass every filter.
    package var unitFilters: [UnitFilter] = []
    /// Keep the units whose mean rate over the imported windows is at least this (Hz).
    package var minimumRate: Double?
    /// The width of a file's bins in ms, for binned trials whose file does not say it.
    package var recordedBinMilliseconds: Double?
    /// Binned trials: when their first bin starts, in ms relative to the event they were cut
    /// around (−800 for trials binned from 800 ms before movement onset); windows and bin
    /// times then count from that event. nil: from the first bin.
    package var recordedStartMilliseconds: Double?
    /// The time series to import, by name, when the file has several (or to prefer it over spikes).
    package var series: String?

    package init() {}
}
