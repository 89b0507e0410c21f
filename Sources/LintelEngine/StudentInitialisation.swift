import Foundation
import LintelData
import LintelNumerics

/// The network a fit starts from: one unit per recorded neuron, one input vector per input.
enum StudentInitialisation {
    static func model(for dataset: Dataset, settings: FitSettings) throws -> RNNModel<Float> {
        var random = SeededRandom(seed: settings.seed)
        let units = settings.units ?? dataset.neuronCount, inputs = dataset.inputCount
        let outputs = settings.objective == .readout ? dataset.targets?.dim2 ?? 0 : 0
        var model: RNNModel<Float>
        switch (settings.rank, settings.initialisation) {
        case (.low(let rank), .random), (.low(let rank), .aligned):
            model = .randomLowRank(
                units: units, rank: rank, inputs: inputs, outputs: outputs,
                nonlinearity: settings.nonlinearity, random: &random)
            if case .aligned(let gain) = settings.initialisation, case .lowRank(let m, var n) = model.connectivity {
                for index in n.storage.indices { n.storage[index] += Float(gain) * m.storage[index] }
                model.connectivity = .lowRank(m: m, n: n)
            }
        case (.full, .random):
            model = .randomFullRank(
                units: units, inputs: inputs, outputs: outputs, nonlinearity: settings.nonlinearity,
                random: &random)
        case (.low(let rank), .svd(let path)):
            try InitialisationLeakage.check(source: path, settings: settings, dataset: dataset)
            let file = RunFolder(URL(fileURLWithPath: path)).model
            let source: RNNModel<Float> = try ModelFile.load(file, fileLabel: file.path)
            guard case .fullRank(let j) = source.connectivity else {
                throw DataFileError(file: file.path, problem: "holds a low-rank network; expected a full-rank fit (key J) to initialise from")
            }
            guard source.unitCount == units, source.inputCount == inputs else {
                throw DataFileError(
                    file: file.path,
                    problem: "has \(source.unitCount) units and \(source.inputCount) inputs; expected \(units) and \(inputs), like \(dataset.file)")
            }
            if outputs > 0 && source.readout?.columns != outputs {
                throw DataFileError(
                    file: file.path, problem: "has no readout with \(outputs) outputs to start a readout fit from")
            }
            let factors = try LowRankGeometry.truncated(j, rank: rank)
            model = RNNModel(
                connectivity: .lowRank(m: factors.m, n: factors.n), inputVectors: source.inputVectors,
                readout: outputs > 0 ? source.readout : nil, initialState: source.initialState,
                nonlinearity: settings.nonlinearity)
        case (.full, .svd), (.full, .aligned):
            throw FitFailure.invalidSettings(.startNeedsLowRank(settings.initialisation))
        }
        model.alpha = Float(settings.alpha)
        model.noiseStandardDeviation = Float(settings.noiseStandardDeviation)
        return model
    }
}

/// Settings that cannot work with a dataset, caught before any training.
public enum FitSettingsCheck {
    /// Checks the settings against the dataset and returns the trial split they give.
    @discardableResult
    public static func validate(_ settings: FitSettings, for dataset: Dataset) throws -> TrialSplit {
        func fail(_ message: String) throws -> Never {
            throw DataFileError(file: dataset.file, problem: message)
        }
        if settings.epochs < 1 { try fail("epochs must be at least 1 (got \(settings.epochs))") }
        if settings.batchSize < 1 { try fail("batch must be at least 1 (got \(settings.batchSize))") }
        let rate = settings.effectiveLearningRate
        if !(rate > 0 && rate.isFinite) { try fail("the learning rate must be a positive number (got \(rate))") }
        if !(settings.gradientClip > 0) { try fail("clip must be positive (got \(settings.gradientClip))") }
        if !(settings.alpha > 0 && settings.alpha <= 1) { try fail("alpha must be in (0, 1] (got \(settings.alpha))") }
        if !(settings.noiseStandardDeviation >= 0) { try fail("noise must be ≥ 0") }
        if settings.checkpointEvery < 1 { try fail("checkpoints need an interval of at least 1 epoch") }
        if !settings.selection.usesTrainingTrialsOnly { throw FitSettingsProblem.selectionOnValidationTrials }
        if case .fraction(let fraction) = settings.validation, !(fraction > 0 && fraction < 1) {
            try fail("the validation fraction must be between 0 and 1 (got \(fraction))")
        }
        let units = settings.units ?? dataset.neuronCount
        if settings.units == nil && settings.objective == .activity && dataset.neuronCount == 0 {
            try fail("activity has no neurons; expected (trials, time, neurons) with neurons ≥ 1")
        }
        let limit = String(format: "%g", Double(largestFittableMagnitude))
        if settings.objective == .activity, let (low, high) = dataset.recordedActivityRange,
           max(abs(low), abs(high)) > largestFittableMagnitude
        {
            throw FitSettingsProblem.activityTooLarge(
                file: dataset.file, largest: max(abs(low), abs(high)), limit: largestFittableMagnitude)
        }
        let largestInput = dataset.inputs.storage.reduce(Float(0)) { max($0, abs($1)) }
        if largestInput > largestFittableMagnitude {
            try fail("inputs reach \(String(format: "%.3g", Double(largestInput))); beyond \(limit) the network's single-precision currents overflow — rescale the inputs")
        }
        if settings.objective == .activity, let value = constantActivity(dataset) {
            try fail("activity holds the same number (\(value)) in every entry; expected activity that varies (R² and the fit are undefined for constant data)")
        }
        if let rank = settings.rank.rank, rank > units {
            try fail("has \(units) neurons; rank \(rank) needs at least as many")
        }
        if settings.objective == .readout {
            guard let targets = dataset.targets, targets.dim2 > 0 else {
                try fail("has no targets; expected 'targets' (trials, T, outputs) to train a readout")
            }
        }
        if dataset.inputCount == 0 && !settings.trainInitialState && settings.noiseStandardDeviation == 0 {
            throw FitSettingsProblem.noInputs(file: dataset.file)
        }
        let split = try TrialSplit.make(settings.validation, dataset: dataset, seed: settings.splitSeed)
        // A mask that hides one side of the split entirely leaves nothing to fit or to score.
        if settings.objective == .activity, dataset.mask != nil {
            let sides = split.sides(of: dataset)
            func counted(_ trials: [Int], in side: Dataset) -> Bool {
                guard let mask = side.mask else { return true }
                let perTrial = dataset.stepCount * mask.dim2
                return trials.contains { trial in (0..<perTrial).contains { mask.storage[trial * perTrial + $0] > 0 } }
            }
            if !counted(split.training, in: sides.training) {
                try fail("mask is 0 on every entry of the \(split.training.count) training trials; expected some activity to fit")
            }
            if !counted(split.validation, in: sides.validation) {
                throw FitSettingsProblem.validationMasked(file: dataset.file, trials: split.validation)
            }
        }
        return split
    }

    /// Checks that a fit started with `settings` (from the SVD of a full-rank fit, `--init
    /// svd:RUN`) does not start from a fit trained on any of the data it holds out
    /// (``InitialisationLeakage``); nothing to check for other starts. Also done when the fit
    /// starts; a front end calls it first to refuse before making anything.
    public static func validateStart(_ settings: FitSettings, for dataset: Dataset) throws {
        guard settings.rank != .full, case .svd(let path) = settings.initialisation else { return }
        try InitialisationLeakage.check(source: path, settings: settings, dataset: dataset)
    }

    /// The largest |value| of activity or inputs a fit accepts: squares of larger values (1e30
    /// and up) come near Float32's 3.4e38, and their sums overflow, which would otherwise show
    /// up only as a fit that diverges three times for no reason the user can see.
    public static let largestFittableMagnitude: Float = 1e15

    /// The number every activity entry holds, when they all hold the same one (stops at the
    /// first difference, so real data costs almost nothing).
    static func constantActivity(_ dataset: Dataset) -> Float? {
        dataset.activity.storage.withUnsafeBufferPointer { values in
            guard let first = values.first else { return nil }
            for value in values where value != first { return nil }
            return first
        }
    }
}

/// Settings that cannot fit a dataset, found before any training (by ``FitSettingsCheck``, or
/// when the start does not suit the rank). The front ends word these in terms of their own
/// options; ``description`` is a plain fallback that names none.
public enum FitSettingsProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// Activity reaching `largest` in magnitude, beyond `limit`
    /// (``FitSettingsCheck/largestFittableMagnitude``): the fit's single-precision squares overflow.
    case activityTooLarge(file: String, largest: Float, limit: Float)
    /// No inputs, no noise and an initial state that is not fitted: a network started at x = 0
    /// would stay there.
    case noInputs(file: String)
    /// The mask is 0 on every entry of the validation trials `trials`: nothing to score.
    case validationMasked(file: String, trials: [Int])
    /// A start only a low-rank fit has (``InitialisationChoice/svd(runDirectory:)`` or
    /// ``InitialisationChoice/aligned(gain:)``), asked of a full-rank fit.
    case startNeedsLowRank(InitialisationChoice)
    /// The epoch to keep chosen by validation loss (``FitSelection/validationOfEarlierVersions``,
    /// the settings of a fit of an earlier version), asked of a new fit: it would choose on the
    /// trials it is then scored on.
    case selectionOnValidationTrials

    /// The dataset the problem is with, as the user named it (nil: the problem is the settings alone).
    public var file: String? {
        switch self {
        case .activityTooLarge(let file, _, _), .noInputs(let file), .validationMasked(let file, _): file
        case .startNeedsLowRank, .selectionOnValidationTrials: nil
        }
    }

    public var description: String {
        switch self {
        case .activityTooLarge(let file, let largest, let limit):
            "\(file): activity reaches \(String(format: "%.3g", Double(largest))); beyond \(String(format: "%g", Double(limit))) the fit's single-precision squares overflow — rescale it"
        case .noInputs(let file):
            "\(file): has no inputs, so a network started at x = 0 would stay there; fit its initial state too"
        case .validationMasked(let file, let trials):
            "\(file): mask is 0 on every entry of the \(trials.count) validation trials; expected some activity to score"
        case .startNeedsLowRank(.svd):
            "a start from the SVD of a full-rank fit's J is for low-rank fits; a full-rank fit starts at random"
        case .startNeedsLowRank:
            "an aligned start (n = gain · m + noise) is for low-rank fits; a full-rank fit starts at random"
        case .selectionOnValidationTrials:
            "keeping the epoch of lowest validation loss would choose on the trials the fit is scored on (an earlier version's rule); choose by training loss or keep the last epoch"
        }
    }
}
