import Foundation
import LintelData
import LintelEngine
import LintelNumerics
import LintelTerminal

/// The screens of the workbench. Each has one key (`1`, `2`, …); Tab and Shift-Tab cycle them.
enum WorkbenchScreen: Int, CaseIterable, Sendable, Hashable {
    case fit
    case ranks
    case latents
    case flow
    case populations
    case neurons

    var title: String {
        switch self {
        case .fit: "Fit"
        case .ranks: "Ranks"
        case .latents: "Latents"
        case .flow: "Flow"
        case .populations: "Populations"
        case .neurons: "Neurons"
        }
    }

    /// The key that shows this screen.
    var key: Character { Character(String(rawValue + 1)) }

    /// The screen `delta` places further in the cycle.
    func cycled(by delta: Int) -> WorkbenchScreen {
        let all = WorkbenchScreen.allCases
        let index = ((rawValue + delta) % all.count + all.count) % all.count
        return all[index]
    }
}

/// Where a fit is.
enum FitStatus: Sendable, Hashable {
    case queued
    case running
    case paused
    case finished
    case failed(String)
    case cancelled

    /// Queued, running or paused: the engine still holds it.
    var isActive: Bool {
        switch self {
        case .queued, .running, .paused: true
        default: false
        }
    }

    var label: String {
        switch self {
        case .queued: "queued"
        case .running: "running"
        case .paused: "paused"
        case .finished: "done"
        case .failed: "failed"
        case .cancelled: "stopped"
        }
    }
}

/// One epoch of a fit's history.
struct LossPoint: Sendable, Hashable {
    var epoch: Int
    var trainLoss: Double
    var validationLoss: Double
    var validationR2: Double

    init(epoch: Int, trainLoss: Double, validationLoss: Double, validationR2: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.validationR2 = validationR2
    }
}

/// A fit the workbench shows: one the engine runs now, or one read from a run folder.
struct FitEntry: Sendable, Hashable {
    /// The engine's id while it runs in this session (nil for fits read from disk).
    var engineID: FitID?
    /// "rank2-seed1", as the fit's folder is named.
    var label: String
    var rank: RankChoice?
    var seed: UInt64?
    var status: FitStatus
    /// Epochs planned.
    var epochs: Int
    /// Epochs done.
    var epoch: Int
    var history: [LossPoint]
    var epochsPerSecond: Double?
    var secondsRemaining: Double?
    /// Best validation R² so far (while running) or of the kept parameters.
    var bestR2: Double?
    var bestEpoch: Int?
    /// The finished fit's validation R² (`r2_global` of metrics.json).
    var finalR2: Double?
    var learningRate: Double?
    /// NaN/Inf recoveries (rolled-back epochs).
    var recoveries: Int
    var lastCheckpoint: Int?
    var runDirectory: String?
    /// Index into `WorkbenchState.sweeps` when the fit belongs to a sweep.
    var sweep: Int?
    var wallSeconds: Double?

    init(
        engineID: FitID? = nil, label: String, rank: RankChoice? = nil, seed: UInt64? = nil,
        status: FitStatus = .queued, epochs: Int = 0, epoch: Int = 0, history: [LossPoint] = [],
        runDirectory: String? = nil, sweep: Int? = nil
    ) {
        self.engineID = engineID
        self.label = label
        self.rank = rank
        self.seed = seed
        self.status = status
        self.epochs = epochs
        self.epoch = epoch
        self.history = history
        self.recoveries = 0
        self.runDirectory = runDirectory
        self.sweep = sweep
    }

    /// The R² to compare fits by: the final one when finished, else the best so far.
    var r2: Double? { finalR2 ?? bestR2 }

    /// True when `r2` is not final yet.
    var r2IsProvisional: Bool { finalR2 == nil }

    var latestValidationLoss: Double? { history.last?.validationLoss }

    /// The validation loss of the kept (best) parameters, the one that goes with `r2`; the
    /// latest while the best epoch is not known.
    var bestValidationLoss: Double? {
        guard let bestEpoch, let point = history.last(where: { $0.epoch == bestEpoch }) else { return latestValidationLoss }
        return point.validationLoss
    }

    /// Rank and seed parsed from a run name such as `rank2-seed1` or `full-seed3`.
    static func parseRunName(_ name: String) -> (rank: RankChoice, seed: UInt64)? {
        let parts = name.split(separator: "-")
        guard parts.count == 2, parts[1].hasPrefix("seed"), let seed = UInt64(parts[1].dropFirst(4)) else { return nil }
        if parts[0] == "full" { return (.full, seed) }
        guard parts[0].hasPrefix("rank"), let rank = Int(parts[0].dropFirst(4)), rank >= 1 else { return nil }
        return (.low(rank), seed)
    }
}

/// A rank sweep: fits of ranks × seeds whose validation R² the Ranks screen compares.
struct SweepGroup: Sendable {
    var name: String
    /// The sweep's folder (sweep.json and one sub-folder per fit).
    var directory: String?
    var ranks: [Int]
    var seedCount: Int
    /// Seeds firstSeed…firstSeed + seedCount − 1.
    var firstSeed: UInt64 = 1
    var includeFullRank: Bool
    var tolerance: Double
    /// `sweep.json`: read from disk, or summarised as the sweep's fits finish.
    var summary: SweepSummary?
    /// Started in this session (its fits run now).
    var isLive: Bool

    init(
        name: String, directory: String? = nil, ranks: [Int], seedCount: Int = 1, includeFullRank: Bool = false,
        tolerance: Double = 0.01, summary: SweepSummary? = nil, isLive: Bool = false
    ) {
        self.name = name
        self.directory = directory
        self.ranks = ranks
        self.seedCount = seedCount
        self.includeFullRank = includeFullRank
        self.tolerance = tolerance
        self.summary = summary
        self.isLive = isLive
    }
}

extension SweepGroup {
    /// The plan of a sweep read from disk, for continuing it: its ranks and seeds, and as every
    /// fit's options but rank and seed those sweep.json records, or, in a file of an earlier
    /// version, those of `fit` (the fit being continued; with the file's options, its own rank's
    /// particulars — a full-rank fit starts at random — stay its own).
    func reopenedPlan(continuing fit: FitSettings, finished: [FitSettings], teacher: RNNModel<Float>?) -> RankSweep {
        let template = summary?.settings ?? fit
        var plan = RankSweep(
            ranks: ranks, seedCount: seedCount, includeFullRank: includeFullRank, tolerance: tolerance,
            template: template, teacher: teacher)
        plan.firstSeed = firstSeed
        // A session saved before --split-seed: each seed drew its own trials, and its summary
        // scored the references on the first seed's, whichever fit is continued now.
        let fits = finished + [fit]
        if summary?.splitsFollowSeeds == true || RankSweep.splitsFollowedSeeds(fits) {
            plan.splitsFollowSeeds = true
            plan.firstSeed = min(firstSeed, fits.map(\.seed).min() ?? firstSeed)
        }
        return plan
    }

    /// What to write as this sweep's sweep.json for a `summary` of its plan. A file of an
    /// earlier version does not say which fits were planned, and the plan guessed on reopening
    /// (from the fits there) may miss some: its planned fits stay what the file said.
    func toWrite(_ summary: SweepSummary) -> SweepSummary {
        guard !isLive, let recorded = self.summary, recorded.plannedRuns == nil else { return summary }
        var kept = summary
        kept.plannedRuns = nil
        kept.plannedFits = recorded.plannedFits
        kept.settings = nil
        return kept
    }
}

/// What the Fit screen says about the data.
struct DatasetInfo: Sendable, Hashable {
    var file: String
    var trials: Int
    var steps: Int
    var neurons: Int
    var inputs: Int
    var hasMask: Bool
    var outputs: Int?
    var conditions: Int?
    var dtMilliseconds: Double?
    /// How `lintel prepare` made the data (nil: as recorded).
    var preprocessing: String?
    /// Why the workbench's fits cannot match this data (nil: they can).
    var fitProblem: FitAdvice.Problem?

    init(
        file: String, trials: Int, steps: Int, neurons: Int, inputs: Int, hasMask: Bool = false, outputs: Int? = nil,
        conditions: Int? = nil, dtMilliseconds: Double? = nil, preprocessing: String? = nil,
        fitProblem: FitAdvice.Problem? = nil
    ) {
        self.file = file
        self.trials = trials
        self.steps = steps
        self.neurons = neurons
        self.inputs = inputs
        self.hasMask = hasMask
        self.outputs = outputs
        self.conditions = conditions
        self.dtMilliseconds = dtMilliseconds
        self.preprocessing = preprocessing
        self.fitProblem = fitProblem
    }

    /// What to say of `dataset` when the workbench fits it with `template`.
    init(_ dataset: Dataset, template: FitSettings) {
        self.init(
            file: dataset.file, trials: dataset.trialCount, steps: dataset.stepCount, neurons: dataset.neuronCount,
            inputs: dataset.inputCount, hasMask: dataset.mask != nil, outputs: dataset.targets?.dim2,
            conditions: dataset.condition.map { Set($0).count }, dtMilliseconds: dataset.dtMilliseconds,
            preprocessing: dataset.preprocessing, fitProblem: FitAdvice.problem(template, for: dataset))
    }
}

/// How the Ranks screen's rank × seed table is ordered (`o` cycles).
enum RankTableOrder: Int, CaseIterable, Sendable, Hashable {
    case rank
    /// Best validation R² first.
    case r2
    case validationLoss
    case status

    var title: String {
        switch self {
        case .rank: "rank, seed"
        case .r2: "R² (best first)"
        case .validationLoss: "validation loss"
        case .status: "state"
        }
    }

    var next: RankTableOrder { RankTableOrder(rawValue: (rawValue + 1) % RankTableOrder.allCases.count)! }
}

/// A line for the user under the screen: what just happened, or what went wrong.
struct WorkbenchMessage: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case info
        case error
    }

    var text: String
    var kind: Kind
    /// Says what the running fits do ("sweeping ranks 1–3 …"): gone once none runs.
    var whileFitsRun: Bool

    init(_ text: String, kind: Kind = .info, whileFitsRun: Bool = false) {
        self.text = text
        self.kind = kind
        self.whileFitsRun = whileFitsRun
    }
}

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
