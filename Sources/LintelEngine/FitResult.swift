import Foundation
import LintelNumerics

/// One row of `history.csv`: `epoch,train_loss,validation_loss,validation_r2,seconds`.
public struct HistoryRow: Sendable, Equatable, Codable {
    public var epoch: Int
    public var trainLoss: Double
    public var validationLoss: Double
    public var validationR2: Double
    /// Training seconds since the fit started (pauses excluded).
    public var seconds: Double

    public init(epoch: Int, trainLoss: Double, validationLoss: Double, validationR2: Double, seconds: Double) {
        self.epoch = epoch
        self.trainLoss = trainLoss
        self.validationLoss = validationLoss
        self.validationR2 = validationR2
        self.seconds = seconds
    }
}

/// `metrics.json` (docs/FORMATS.md, "Run directory"); also what `lintel fit --json` prints.
public struct FitMetrics: Sendable, Equatable, Codable {
    public var rank: RankChoice
    public var seed: UInt64
    public var epochs: Int
    /// The epoch whose parameters the selection rule kept (`settings.selection`); 0 is the
    /// starting parameters.
    public var bestEpoch: Int
    /// Global R² of the kept parameters on the validation trials, which chose nothing.
    public var r2Global: Double
    /// The median per-neuron R² of the neurons above the variance floor (``FitScores/medianR2``).
    public var r2Median: Double
    /// The validation neurons left out of `r2Median`: their variance is below 1 % of the median
    /// neuron's (nil in files of earlier versions).
    public var neuronsBelowFloor: Int? = nil
    /// Global R² on the validation trials in the recorded units of prepared data: activity and
    /// prediction multiplied back by `activity_scale`, so neurons weigh by their recorded
    /// variance (nil for data without `activity_scale`).
    public var r2GlobalOriginalUnits: Double? = nil
    /// Global R² on the validation trials against the activity before PCA denoising
    /// (`activity_undenoised`; nil for data without it).
    public var r2GlobalUndenoised: Double? = nil
    /// null for a neuron without variance in the validation trials.
    public var r2PerNeuron: [Double?]
    /// The loss of the kept parameters on the training trials (noise-free for activity).
    public var trainLoss: Double
    /// Global R² of the kept parameters on the training trials they were fitted to (nil in
    /// files of earlier versions).
    public var trainR2Global: Double? = nil
    /// The number the selection rule kept the parameters by: under the training rule, the mean
    /// minibatch training loss of the kept epoch (the starting parameters: their training
    /// loss); nil for the last-epoch rule and in files of earlier versions.
    public var selectionLoss: Double? = nil
    public var validationLoss: Double
    public var wallSeconds: Double
    public var settings: FitSettings
    public var dataSha256: String
    public var version: String
    /// The data file as given to the command.
    public var data: String
    /// The data file's absolute path when the fit ran (nil in files of older versions).
    public var dataPath: String? = nil
    /// "completed" or "cancelled".
    public var status: String
    public var epochsCompleted: Int
    public var trainingTrials: Int
    public var validationTrials: [Int]
    /// Singular values of m nᵀ / N after SVD reparametrisation (low-rank fits).
    public var singularValues: [Double]?
    /// Task networks: the fraction of validation trials decided correctly (docs/METHOD.md §3).
    public var accuracy: Double? = nil
    /// Task networks: whether the accuracy reaches the acceptance threshold for a teacher.
    public var accepted: Bool? = nil

    enum CodingKeys: String, CodingKey {
        case rank, seed, epochs
        case bestEpoch = "best_epoch"
        case r2Global = "r2_global"
        case r2Median = "r2_median"
        case neuronsBelowFloor = "neurons_below_floor"
        case r2GlobalOriginalUnits = "r2_global_original_units"
        case r2GlobalUndenoised = "r2_global_undenoised"
        case r2PerNeuron = "r2_per_neuron"
        case trainLoss = "train_loss"
        case trainR2Global = "train_r2_global"
        case selectionLoss = "selection_loss"
        case validationLoss = "validation_loss"
        case wallSeconds = "wall_seconds"
        case settings
        case dataSha256 = "data_sha256"
        case version, data, status
        case dataPath = "data_path"
        case epochsCompleted = "epochs_completed"
        case trainingTrials = "training_trials"
        case validationTrials = "validation_trials"
        case singularValues = "singular_values"
        case accuracy, accepted
    }
}

/// A finished fit: the kept parameters (SVD form for low-rank networks), their scores, the history.
public struct FitResult: Sendable {
    public var model: RNNModel<Float>
    public var metrics: FitMetrics
    public var history: [HistoryRow]
    public var runDirectory: URL?

    public init(model: RNNModel<Float>, metrics: FitMetrics, history: [HistoryRow], runDirectory: URL?) {
        self.model = model
        self.metrics = metrics
        self.history = history
        self.runDirectory = runDirectory
    }
}
