import Foundation
import LintelEngine

/// Where a fit is.
enum FitStatus: Sendable, Hashable {
    case queued
    case running
    case paused
    case finished
    case failed(String)
    case cancelled

    /// Stopped, or failed (diverged, or its folder was in use): `p` continues it from what its
    /// folder holds.
    var canContinue: Bool {
        switch self {
        case .cancelled, .failed: true
        default: false
        }
    }

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

    /// A row of the fit's history (history.csv, or a finished fit's result).
    init(_ row: HistoryRow) {
        self.init(epoch: row.epoch, trainLoss: row.trainLoss, validationLoss: row.validationLoss, validationR2: row.validationR2)
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
    /// Validation R² of the parameters kept so far (while running) or of the kept parameters.
    var keptR2: Double?
    /// The epoch the selection rule kept (metrics.json's `best_epoch`).
    var keptEpoch: Int?
    /// The finished fit's validation R² (`r2_global` of metrics.json).
    var finalR2: Double?
    /// The finished fit's R² on its training trials (nil while it runs, and for fits of
    /// versions that did not record it).
    var trainR2: Double?
    /// The rule that kept its epoch, when known (a fit of an earlier version: by validation loss).
    var selection: FitSelection?
    var learningRate: Double?
    /// NaN/Inf recoveries (rolled-back epochs).
    var recoveries: Int
    var lastCheckpoint: Int?
    var runDirectory: String?
    /// The sweep the fit belongs to (nil for a fit of its own).
    var sweep: SweepID?
    var wallSeconds: Double?

    init(
        engineID: FitID? = nil, label: String, rank: RankChoice? = nil, seed: UInt64? = nil,
        status: FitStatus = .queued, epochs: Int = 0, epoch: Int = 0, history: [LossPoint] = [],
        runDirectory: String? = nil, sweep: SweepID? = nil
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

    /// The validation R² to compare fits by: the final one when finished, else the kept one's so far.
    var r2: Double? { finalR2 ?? keptR2 }

    /// True when `r2` is not final yet.
    var r2IsProvisional: Bool { finalR2 == nil }

    var latestValidationLoss: Double? { history.last?.validationLoss }

    /// The validation loss of the kept parameters, the one that goes with `r2`; the latest
    /// while the kept epoch is not known.
    var keptValidationLoss: Double? {
        guard let keptEpoch, let point = history.last(where: { $0.epoch == keptEpoch }) else { return latestValidationLoss }
        return point.validationLoss
    }

    /// The number the training rule kept the parameters by: the kept epoch's training loss (nil
    /// for other rules and while no epoch is kept).
    var keptSelectionLoss: Double? {
        guard selection == .training, let keptEpoch else { return nil }
        return history.last { $0.epoch == keptEpoch }?.trainLoss
    }

    /// The fold of a cross-validated sweep's fit (`rank1-seed1-fold2`: 2), from its name; nil otherwise.
    var fold: Int? { RankSweep.parseRunName(label)?.fold }

    /// Rank and seed parsed from a run name such as `rank2-seed1` or `full-seed3`.
    static func parseRunName(_ name: String) -> (rank: RankChoice, seed: UInt64)? {
        // A cross-validated sweep's fold (rank1-seed1-fold2) is a fit of its own, listed under its name.
        RankSweep.parseRunName(name).map { ($0.rank, $0.seed) }
    }
}
