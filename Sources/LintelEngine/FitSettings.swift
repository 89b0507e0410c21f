import Foundation

/// How validation trials are chosen.
public enum ValidationChoice: Sendable, Hashable, Codable {
    /// A seeded random fraction of the trials (at least one).
    case fraction(Double)
    /// These trial indices.
    case trials([Int])
    /// Every trial of this condition label.
    case condition(Int)
    /// Every trial of these condition labels (one fold of k-fold cross-validation over conditions).
    case conditions([Int])
    /// Block `index` (1…`of`) of `of` contiguous blocks of the time steps, in every trial: the
    /// fit trains on the steps outside it and is scored on the steps inside it (one fold of
    /// cross-validation over time). Block k spans steps ⌊(k−1)T/K⌋ ..< ⌊kT/K⌋.
    case timeBlock(index: Int, of: Int)
}

extension ValidationChoice {
    /// Whether the trials are drawn at random (from the split seed) rather than named.
    public var isRandom: Bool {
        if case .fraction = self { return true }
        return false
    }

    /// Whether a block of time steps of every trial is held out rather than whole trials.
    public var isTimeBlock: Bool {
        if case .timeBlock = self { return true }
        return false
    }

    /// What is held out, for people: "20 % of the trials", "trials 3, 7", "condition 2",
    /// "conditions 1, 5", "time block 2 of 5".
    public var heldOutDescription: String {
        func list(_ values: [Int]) -> String { values.map(String.init).joined(separator: ", ") }
        switch self {
        case .fraction(let fraction): return "\(String(format: "%g", fraction * 100)) % of the trials"
        case .trials(let trials): return trials.count == 1 ? "trial \(trials[0])" : "trials \(list(trials))"
        case .condition(let label): return "condition \(label)"
        case .conditions(let labels): return labels.count == 1 ? "condition \(labels[0])" : "conditions \(list(labels))"
        case .timeBlock(let index, let count): return "time block \(index) of \(count)"
        }
    }
}

// In metrics.json and checkpoints: {"fraction": 0.2}, {"trials": [3, 7]}, {"condition": 2},
// {"conditions": [1, 5]} or {"time_block": {"index": 2, "of": 5}}.
// (Swift's synthesised form, {"fraction": {"_0": 0.2}}, written by earlier versions, is still read.)
extension ValidationChoice {
    private enum CodingKeys: String, CodingKey {
        case fraction, trials, condition, conditions
        case timeBlock = "time_block"
    }

    private enum BlockKeys: String, CodingKey {
        case index, of
    }

    private enum LegacyKeys: String, CodingKey {
        case value = "_0"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ type: T.Type) throws -> T {
            if let plain = try? container.decode(T.self, forKey: key) { return plain }
            return try container.nestedContainer(keyedBy: LegacyKeys.self, forKey: key).decode(T.self, forKey: .value)
        }
        if container.contains(.fraction) {
            self = .fraction(try value(.fraction, Double.self))
        } else if container.contains(.trials) {
            self = .trials(try value(.trials, [Int].self))
        } else if container.contains(.condition) {
            self = .condition(try value(.condition, Int.self))
        } else if container.contains(.conditions) {
            self = .conditions(try container.decode([Int].self, forKey: .conditions))
        } else if container.contains(.timeBlock) {
            let block = try container.nestedContainer(keyedBy: BlockKeys.self, forKey: .timeBlock)
            self = .timeBlock(index: try block.decode(Int.self, forKey: .index), of: try block.decode(Int.self, forKey: .of))
        } else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription: "expected fraction, trials, condition, conditions or time_block"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .fraction(let fraction): try container.encode(fraction, forKey: .fraction)
        case .trials(let trials): try container.encode(trials, forKey: .trials)
        case .condition(let condition): try container.encode(condition, forKey: .condition)
        case .conditions(let conditions): try container.encode(conditions, forKey: .conditions)
        case .timeBlock(let index, let count):
            var block = container.nestedContainer(keyedBy: BlockKeys.self, forKey: .timeBlock)
            try block.encode(index, forKey: .index)
            try block.encode(count, forKey: .of)
        }
    }
}

/// How the parameters start.
public enum InitialisationChoice: Sendable, Hashable, Codable {
    /// m, n and I entries ~ N(0, 1); J ~ N(0, 1/N) (docs/METHOD.md §1).
    case random
    /// From the SVD of a full-rank fit's J: m = U_R S_R √N, n = V_R √N (docs/METHOD.md §2).
    case svd(runDirectory: String)
    /// Low rank only: m, I ~ N(0, 1) and n = gain · m + N(0, 1), so that nᵀm/N ≈ gain · I and the
    /// latent loop starts near the edge of stability instead of decaying within a few steps.
    /// Gradients then survive long memory periods; from `.random` a DMS teacher's loss stays at
    /// the trivial readout (z ≈ 0).
    case aligned(gain: Double)

    /// Parses a command-line value: `random`, `svd:RUN_DIR` or `aligned:GAIN`; nil otherwise.
    public init?(argument: String) {
        if argument == "random" {
            self = .random
        } else if argument.hasPrefix("svd:"), argument.count > 4 {
            self = .svd(runDirectory: String(argument.dropFirst(4)))
        } else if argument.hasPrefix("aligned:"), let gain = Double(argument.dropFirst(8)), gain.isFinite {
            self = .aligned(gain: gain)
        } else {
            return nil
        }
    }
}

/// What the loss compares.
public enum FitObjective: String, Sendable, Hashable, Codable {
    /// The network's activity against the dataset's activity (LINT).
    case activity
    /// The network's readout against the dataset's targets in the decision window (task training).
    case readout
}

/// Every option of a LINT fit; defaults from docs/METHOD.md §2. Stored in metrics.json and checkpoints.
public struct FitSettings: Sendable, Hashable, Codable {
    public var rank: RankChoice
    public var objective: FitObjective = .activity
    /// Units of the network; nil means one per recorded neuron. Task training, which has no
    /// activity to match, sets it.
    public var units: Int? = nil
    public var epochs: Int = 500
    /// nil takes the method's default: 1e-2 for low-rank students, 1e-4 for full-rank ones.
    public var learningRate: Double? = nil
    public var batchSize: Int = 32
    public var gradientClip: Double = 1
    public var alpha: Double = 0.2
    public var noiseStandardDeviation: Double = 0
    public var target: ActivityTarget = .rates
    public var nonlinearity: Nonlinearity = .tanh
    public var seed: UInt64 = 1
    public var validation: ValidationChoice = .fraction(0.2)
    /// Seeds the random validation fraction apart from `seed`, so that fits with other seeds
    /// (a sweep's, the workbench's) are scored on the same held-out trials. Runs written before
    /// it existed drew their split from `seed`, and read back so.
    public var splitSeed: UInt64 = 1
    /// Which epoch's parameters the fit returns; never chosen on the validation trials.
    public var selection: FitSelection = .training
    public var trainInitialState: Bool = false
    public var initialisation: InitialisationChoice = .random
    /// A checkpoint (parameters and optimiser moments) every this many epochs (spaced in time
    /// too unless the job says otherwise: ``FitJob/checkpointSpacing``).
    public var checkpointEvery: Int = 10

    public init(rank: RankChoice) {
        self.rank = rank
    }

    public var effectiveLearningRate: Double {
        learningRate ?? (rank == .full ? 1e-4 : 1e-2)
    }

    public var trainable: TrainableParameters {
        var parameters = TrainableParameters.lint
        if objective == .readout { parameters.insert(.readout) }
        if trainInitialState { parameters.insert(.initialState) }
        return parameters
    }

    /// The loss terms of this objective.
    public var trainingObjective: TrainingObjective {
        objective == .readout ? .task : TrainingObjective(activity: target, readout: false)
    }

    enum CodingKeys: String, CodingKey {
        case rank, objective, units, epochs
        case learningRate = "lr"
        case batchSize = "batch"
        case gradientClip = "clip"
        case alpha
        case noiseStandardDeviation = "noise_std"
        case target, nonlinearity, seed, validation
        case splitSeed = "split_seed"
        case selection = "select"
        case trainInitialState = "train_h0"
        case initialisation = "init"
        case checkpointEvery = "checkpoint_every"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rank = try container.decode(RankChoice.self, forKey: .rank)
        objective = try container.decode(FitObjective.self, forKey: .objective)
        units = try container.decodeIfPresent(Int.self, forKey: .units)
        epochs = try container.decode(Int.self, forKey: .epochs)
        learningRate = try container.decodeIfPresent(Double.self, forKey: .learningRate)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        gradientClip = try container.decode(Double.self, forKey: .gradientClip)
        alpha = try container.decode(Double.self, forKey: .alpha)
        noiseStandardDeviation = try container.decode(Double.self, forKey: .noiseStandardDeviation)
        target = try container.decode(ActivityTarget.self, forKey: .target)
        nonlinearity = try container.decode(Nonlinearity.self, forKey: .nonlinearity)
        seed = try container.decode(UInt64.self, forKey: .seed)
        validation = try container.decode(ValidationChoice.self, forKey: .validation)
        splitSeed = try container.decodeIfPresent(UInt64.self, forKey: .splitSeed) ?? seed
        // Settings written before the rule was a setting are those of a fit that kept its
        // epoch of lowest validation loss: read so, their scores are not taken for honest ones.
        selection = try container.decodeIfPresent(FitSelection.self, forKey: .selection) ?? .validationOfEarlierVersions
        trainInitialState = try container.decode(Bool.self, forKey: .trainInitialState)
        initialisation = try container.decode(InitialisationChoice.self, forKey: .initialisation)
        checkpointEvery = try container.decode(Int.self, forKey: .checkpointEvery)
    }
}

extension FitSettings {
    /// The same settings for another rank.
    public func with(rank: RankChoice) -> FitSettings {
        var copy = self
        copy.rank = rank
        return copy
    }

    /// The same settings with another epoch count.
    public func with(epochs: Int) -> FitSettings {
        var copy = self
        copy.epochs = epochs
        return copy
    }
}
