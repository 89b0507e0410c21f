import LintelData
import LintelNumerics

/// A cross-validation scheme: the folds a sweep fits each rank and seed on, each fold one
/// ``ValidationChoice`` (its held-out data), so that every fold is exactly a `lintel fit`.
///
/// Across its folds every trial (`conditions`, `kfold:K`) or every time step (`time:K`) is held
/// out exactly once.
///
/// ```swift
/// let scheme = try CrossValidation(argument: "kfold:5")
/// let folds = try scheme.folds(for: dataset, splitSeed: 1)   // 5 ValidationChoices
/// ```
public enum CrossValidation: Sendable, Hashable {
    /// One fold per condition label, holding out every trial of that label.
    case conditions
    /// K folds: K groups of condition labels when the data has them, otherwise K groups of
    /// trials, drawn from the split seed.
    case kFold(Int)
    /// K contiguous blocks of the time steps, each held out in every trial in turn.
    case time(Int)

    /// Parses `conditions`, `kfold:K` or `time:K` (K ≥ 2).
    public init(argument: String) throws(CrossValidationProblem) {
        if argument == "conditions" {
            self = .conditions
            return
        }
        for (prefix, make) in [("kfold:", Self.kFold), ("time:", Self.time)] where argument.hasPrefix(prefix) {
            guard let count = Int(argument.dropFirst(prefix.count)) else { break }
            guard count >= 2 else { throw .tooFewFolds(argument: argument) }
            self = make(count)
            return
        }
        throw .unknown(argument: argument)
    }

    /// The spelling ``init(argument:)`` reads: "conditions", "kfold:5", "time:4".
    public var argument: String {
        switch self {
        case .conditions: "conditions"
        case .kFold(let count): "kfold:\(count)"
        case .time(let count): "time:\(count)"
        }
    }

    /// The folds of `dataset`, in order (fold 1 first). K-fold groups are drawn from `splitSeed`.
    public func folds(for dataset: Dataset, splitSeed: UInt64) throws(CrossValidationProblem) -> [ValidationChoice] {
        switch self {
        case .conditions:
            guard let labels = dataset.condition else { throw .needsConditions(file: dataset.file, scheme: self) }
            let distinct = Array(Set(labels)).sorted()
            guard distinct.count >= 2 else {
                throw .tooManyFolds(file: dataset.file, scheme: self, available: distinct.count, of: "condition label")
            }
            return distinct.map { .condition($0) }
        case .kFold(let count):
            var random = SeededRandom(seed: splitSeed ^ 0xC0_5F01D)
            if let labels = dataset.condition {
                let distinct = Array(Set(labels)).sorted()
                guard count <= distinct.count else {
                    throw .tooManyFolds(file: dataset.file, scheme: self, available: distinct.count, of: "condition label")
                }
                let order = random.permutation(distinct.count)
                return (0..<count).map { fold in
                    let labels = order.indices.filter { $0 % count == fold }.map { distinct[order[$0]] }.sorted()
                    // One label is held out as `--holdout-condition C` holds it out, in the same form.
                    return labels.count == 1 ? .condition(labels[0]) : .conditions(labels)
                }
            }
            guard count <= dataset.trialCount else {
                throw .tooManyFolds(file: dataset.file, scheme: self, available: dataset.trialCount, of: "trial")
            }
            let order = random.permutation(dataset.trialCount)
            return (0..<count).map { fold in .trials(order.indices.filter { $0 % count == fold }.map { order[$0] }.sorted()) }
        case .time(let count):
            guard count <= dataset.stepCount else {
                throw .tooManyFolds(file: dataset.file, scheme: self, available: dataset.stepCount, of: "time step")
            }
            return (1...count).map { .timeBlock(index: $0, of: count) }
        }
    }
}

/// Why a cross-validation scheme cannot be used (the front ends word these with their option).
public enum CrossValidationProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not `conditions`, `kfold:K` or `time:K`.
    case unknown(argument: String)
    /// K below 2.
    case tooFewFolds(argument: String)
    /// Folds over conditions asked of data without a `condition` key.
    case needsConditions(file: String, scheme: CrossValidation)
    /// More folds than the data has conditions, trials or time steps (`of` names one of them).
    case tooManyFolds(file: String, scheme: CrossValidation, available: Int, of: String)

    public var description: String {
        switch self {
        case .unknown(let argument):
            "cross-validation must be 'conditions', 'kfold:K' or 'time:K', not '\(argument)'"
        case .tooFewFolds(let argument):
            "cross-validation '\(argument)' needs at least 2 folds"
        case .needsConditions(let file, let scheme):
            "\(file): cross-validation '\(scheme.argument)' needs a 'condition' key ((trials,) integer labels)"
        case .tooManyFolds(let file, let scheme, let available, let unit):
            "\(file): has \(available) \(unit)\(available == 1 ? "" : "s"), too few for cross-validation '\(scheme.argument)'"
        }
    }
}
