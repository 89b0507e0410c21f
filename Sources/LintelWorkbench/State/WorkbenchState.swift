import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import LintelTerminal

/// Everything the workbench shows: screens render it, keys and engine events change it. It holds
/// no terminal and no engine, so tests build it from fixed data.
struct WorkbenchState: Sendable {
    var screen: WorkbenchScreen = .fit
    var showHelp = false
    var showFramesPerSecond = false
    /// Measured by the run loop (frames drawn in the last second).
    var framesPerSecond: Double?
    var marker: Marker
    var themeName: String
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
    /// Where new runs go.
    var runsDirectory: String?
    /// Ranks of a sweep started with `s`.
    var sweepRanks: [Int] = [1, 2, 3]
    /// Rank of a single fit started with `n`.
    var nextRank = 1

    var entries: [FitEntry] = []
    /// Index into `entries` of the fit the Fit screen shows.
    var selectedFit: Int?
    /// Select each fit as it starts, until the user picks one.
    var followRunningFit = true
    var sweeps: [SweepGroup] = []
    /// Index into `sweeps` of the sweep the Ranks screen shows.
    var shownSweep: Int?
    /// Selection of the Ranks screen's rank × seed table (an index into `rankRows`).
    var rankTable = TableState()
    /// The order of the rank × seed table.
    var rankOrder: RankTableOrder = .rank

    /// The Latents, Flow, Populations and Neurons screens: the analysed fit and their controls.
    var analysis = AnalysisSession()

    var message: WorkbenchMessage?
    /// Quitting: waiting for running fits to stop and save.
    var isStopping = false

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

    var selectedEntry: FitEntry? {
        guard let selectedFit, entries.indices.contains(selectedFit) else { return nil }
        return entries[selectedFit]
    }

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

    /// Indices into `entries` of the shown sweep's fits in the table's order (by rank then seed,
    /// full rank last, unless `rankOrder` says otherwise; ties keep that order).
    var rankRows: [Int] {
        guard let shownSweep else { return [] }
        let byRank = entries.indices.filter { entries[$0].sweep == shownSweep }.sorted { a, b in
            let x = entries[a], y = entries[b]
            let rx = x.rank ?? .full, ry = y.rank ?? .full
            if rx != ry { return rx < ry }
            return (x.seed ?? 0, a) < (y.seed ?? 0, b)
        }
        func key(_ i: Int) -> SortKey {
            let e = entries[i]
            switch rankOrder {
            case .rank: return .number(0)
            case .r2: return .number(-(e.r2 ?? -.infinity))
            case .validationLoss: return .number(e.bestValidationLoss ?? .infinity)
            case .status: return .text(e.status.label)
            }
        }
        let position = Dictionary(uniqueKeysWithValues: byRank.enumerated().map { ($1, $0) })
        return byRank.sorted { a, b in
            let ka = key(a), kb = key(b)
            return ka == kb ? position[a]! < position[b]! : ka < kb
        }
    }

    /// The fit under the cursor of the current screen: the Fit screen's selected fit (also on the
    /// analysis screens), or the Ranks table's selected row.
    var focusedFit: Int? {
        switch screen {
        case .fit, .latents, .flow, .populations, .neurons: return selectedEntry == nil ? nil : selectedFit
        case .ranks:
            let rows = rankRows
            guard let row = rankTable.selected, rows.indices.contains(row) else { return nil }
            return rows[row]
        }
    }

    /// The index of the entry the engine knows as `id`.
    func entryIndex(of id: FitID) -> Int? {
        entries.lastIndex { $0.engineID == id }
    }
}
