import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import LintelTerminal

/// Everything the workbench knows: screens render it, and ``update(_:)`` alone changes it in the
/// run loop (keys, engine events, results of other tasks). It holds no terminal and no engine, so
/// tests build it from fixed data and drive it with inputs.
struct WorkbenchState: Sendable {
    var screen: WorkbenchScreen = .fit
    var showHelp = false
    var showFramesPerSecond = false
    /// Measured by the run loop (frames drawn in the last second).
    var framesPerSecond: Double?
    var marker: Marker
    var themeName: String
    /// The themes `t` cycles through.
    var themes: [Theme] = []
    /// Loss charts on a log-10 y axis (else linear).
    var logLoss = true
    /// The Ranks chart's R² axis fits the data (else it spans 0…1, or lower for negative R²).
    var zoomRanks = false

    var dataset: DatasetInfo?
    /// The open dataset's file and the teacher's, as the twin commands name them.
    var dataPath: String?
    var teacherPath: String?
    /// Why no dataset is open (e.g. the data file of loaded runs is gone).
    var datasetNote: String?
    /// Settings of the fits the workbench starts (rank and seed set per fit).
    var template: FitSettings
    /// A dataset is open and an engine runs: `s` and `n` can start fits.
    var canStartFits: Bool
    /// The data new fits are fitted to and the analyses run on (nil: none is open).
    var fitData: FitData?
    /// Where the fits started here go, and which folder names are taken.
    var sessionRuns: SessionRuns?
    /// Where new runs go, as the title bar says.
    var runsDirectory: String?
    /// Ranks of a sweep started with `s`.
    var sweepRanks: [Int] = [1, 2, 3]
    /// Rank of a single fit started with `n`.
    var nextRank = 1

    /// Every fit shown, in the order they came (the Fit screen's table and colours).
    var entries: KeyedList<FitKey, FitEntry> = []
    /// The fit the Fit screen shows.
    var selectedFit: FitKey?
    /// Select each fit as it starts, until the user picks one.
    var followRunningFit = true
    var sweeps: KeyedList<SweepID, SweepGroup> = []
    /// The sweep the Ranks screen shows.
    var shownSweep: SweepID?
    /// The fit selected in the Ranks screen's rank × seed table (it stays selected when the
    /// table is reordered).
    var rankSelection: FitKey?
    /// The order of the rank × seed table.
    var rankOrder: RankTableOrder = .rank

    /// The Latents, Flow, Populations and Neurons screens: the analysed fit and their controls.
    var analysis = AnalysisSession()

    var message: WorkbenchMessage?
    /// `q`, Ctrl-C or a signal: the loop leaves once the fits have stopped.
    var isQuitting = false
    /// Quitting: waiting for running fits to stop and save.
    var isStopping = false
    /// Closed by SIGHUP or SIGTERM rather than by the user.
    var terminatedBySignal = false

    init(
        marker: Marker = .braille, themeName: String = "dark", dataset: DatasetInfo? = nil,
        template: FitSettings = FitSettings(rank: .low(1)), canStartFits: Bool = false
    ) {
        self.marker = marker
        self.themeName = themeName
        self.dataset = dataset
        self.template = template
        self.canStartFits = canStartFits
    }

    // MARK: Derived

    var selectedEntry: FitEntry? { selectedFit.flatMap { entries[$0] } }

    /// Fits by status, for the title bar.
    var counts: (running: Int, queued: Int, paused: Int, done: Int, failed: Int) {
        var c = (running: 0, queued: 0, paused: 0, done: 0, failed: 0)
        for entry in entries {
            switch entry.status {
            case .running: c.running += 1
            case .queued: c.queued += 1
            case .paused: c.paused += 1
            case .finished: c.done += 1
            case .failed: c.failed += 1
            case .cancelled: break
            }
        }
        return c
    }

    var hasActiveFits: Bool { entries.contains { $0.status.isActive } }

    /// The shown sweep's fits in the table's order (by rank then seed, full rank last, unless
    /// `rankOrder` says otherwise; ties keep that order).
    var rankRows: [FitKey] {
        guard let shownSweep else { return [] }
        let members = entries.keyed.filter { $0.1.sweep == shownSweep }
        let byRank = members.sorted { a, b in
            let x = a.1, y = b.1
            let rx = x.rank ?? .full, ry = y.rank ?? .full
            if rx != ry { return rx < ry }
            return (x.seed ?? 0, a.0) < (y.seed ?? 0, b.0)
        }
        func key(_ e: FitEntry) -> SortKey {
            switch rankOrder {
            case .rank: return .number(0)
            case .r2: return .number(-(e.r2 ?? -.infinity))
            case .validationLoss: return .number(e.keptValidationLoss ?? .infinity)
            case .status: return .text(e.status.label)
            }
        }
        // A stable sort on the order's key: ties keep the rank-and-seed order.
        return byRank.enumerated().sorted { a, b in
            let ka = key(a.element.1), kb = key(b.element.1)
            return ka == kb ? a.offset < b.offset : ka < kb
        }.map(\.element.0)
    }

    /// The row of the Ranks table's selected fit (nil when it is not in the shown sweep).
    var rankTableRow: Int? { rankSelection.flatMap { rankRows.firstIndex(of: $0) } }

    /// The fit under the cursor of the current screen: the Fit screen's selected fit (also on the
    /// analysis screens), or the Ranks table's selected row.
    var focusedFit: FitKey? {
        switch screen {
        case .fit, .latents, .flow, .populations, .neurons: return selectedEntry == nil ? nil : selectedFit
        case .ranks: return rankTableRow == nil ? nil : rankSelection
        }
    }

    /// The fit the engine knows as `id` (the latest, should a continued fit's old id come back).
    func entryKey(of id: FitID) -> FitKey? {
        entries.lastKey { $0.engineID == id }
    }
}
