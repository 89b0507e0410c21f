/// What simpler models score on a sweep's held-out data, pooled over its folds like the
/// networks' scores (`"baselines"` in sweep.json, docs/FORMATS.md): each baseline is fitted on
/// the training trials of every fold and scored on that fold's held-out data, and the R² is of
/// all folds' held-out predictions together.
public struct SweepBaselines: Sendable, Codable, Equatable {
    /// The held-out sets pooled over.
    public var folds: Int
    /// The training trials' mean at each time and neuron.
    public var trainingMean: Double
    /// Ridge regression on the inputs, its own weights per time bin, its penalty chosen on each
    /// fold's training trials; nil without inputs or with fewer than two training trials.
    public var inputRegression: Double?
    /// PCA reconstruction with as many dimensions as each rank, axes fitted on the training trials.
    public var pcaReconstruction: [RankBaseline]

    /// One rank's baseline R².
    public struct RankBaseline: Sendable, Codable, Equatable {
        public var rank: Int
        public var r2Pooled: Double

        public init(rank: Int, r2Pooled: Double) {
            self.rank = rank
            self.r2Pooled = r2Pooled
        }

        enum CodingKeys: String, CodingKey {
            case rank
            case r2Pooled = "r2_pooled"
        }
    }

    public init(folds: Int, trainingMean: Double, inputRegression: Double?, pcaReconstruction: [RankBaseline]) {
        self.folds = folds
        self.trainingMean = trainingMean
        self.inputRegression = inputRegression
        self.pcaReconstruction = pcaReconstruction
    }

    /// PCA reconstruction's R² with `rank` dimensions.
    public func pca(_ rank: Int) -> Double? { pcaReconstruction.first { $0.rank == rank }?.r2Pooled }

    enum CodingKeys: String, CodingKey {
        case folds
        case trainingMean = "training_mean"
        case inputRegression = "input_regression"
        case pcaReconstruction = "pca_reconstruction"
    }
}
