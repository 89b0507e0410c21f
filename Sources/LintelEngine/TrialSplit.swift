import LintelData
import LintelNumerics

/// Training and validation trials of a dataset, and, for a held-out block of time, the steps
/// each side sees.
public struct TrialSplit: Sendable, Equatable, Codable {
    public var training: [Int]
    public var validation: [Int]
    /// The held-out time steps (``ValidationChoice/timeBlock(index:of:)``): the training side
    /// sees every step outside them, the validation side only these; nil means every step on
    /// both sides. With a block, both sides hold every trial.
    public var validationSteps: Range<Int>? = nil

    public init(training: [Int], validation: [Int], validationSteps: Range<Int>? = nil) {
        self.training = training
        self.validation = validation
        self.validationSteps = validationSteps
    }

    /// Block `index` (1…`count`) of `count` contiguous blocks of `steps` time steps:
    /// ⌊(index−1)·steps/count⌋ ..< ⌊index·steps/count⌋, so the blocks tile the steps and differ
    /// in length by at most one.
    public static func timeBlock(_ index: Int, of count: Int, steps: Int) -> Range<Int> {
        ((index - 1) * steps / count)..<(index * steps / count)
    }

    /// Splits `dataset` as `choice` says; the result always has at least one trial (and, for a
    /// time block, one step) on each side.
    public static func make(
        _ choice: ValidationChoice, dataset: Dataset, seed: UInt64
    ) throws -> TrialSplit {
        let trials = dataset.trialCount
        if case .timeBlock(let index, let count) = choice {
            let steps = dataset.stepCount
            guard count >= 2, (1...count).contains(index) else {
                throw DataFileError(
                    file: dataset.file,
                    problem: "time block \(index) of \(count) does not exist; expected 2 or more blocks, numbered from 1")
            }
            guard count <= steps else {
                throw DataFileError(
                    file: dataset.file,
                    problem: "has \(steps) time steps, too few for \(count) time blocks (at most one block per step)")
            }
            guard trials >= 1 else {
                throw DataFileError(file: dataset.file, problem: "activity has no trials; expected at least 1")
            }
            return TrialSplit(
                training: Array(0..<trials), validation: Array(0..<trials),
                validationSteps: timeBlock(index, of: count, steps: steps))
        }
        guard trials >= 2 else {
            throw DataFileError(
                file: dataset.file,
                problem: "activity has \(trials) trial; expected at least 2 (one to train on, one to validate)")
        }
        var validation: [Int]
        switch choice {
        case .fraction(let fraction):
            var random = SeededRandom(seed: seed ^ 0x5EED_5917)
            let count = min(trials - 1, max(1, Int((Double(trials) * fraction).rounded())))
            validation = Array(random.permutation(trials).prefix(count)).sorted()
        case .trials(let indices):
            if let bad = indices.first(where: { $0 < 0 || $0 >= trials }) {
                throw DataFileError(
                    file: dataset.file,
                    problem: "held-out trial \(bad) does not exist; expected indices 0…\(trials - 1)")
            }
            validation = Array(Set(indices)).sorted()
        case .condition(let label):
            validation = try conditionTrials([label], dataset: dataset)
        case .conditions(let labels):
            validation = try conditionTrials(labels, dataset: dataset)
        case .timeBlock:
            preconditionFailure("handled above")
        }
        let held = Set(validation)
        let training = (0..<trials).filter { !held.contains($0) }
        guard !training.isEmpty else {
            throw DataFileError(
                file: dataset.file, problem: "holding out \(validation.count) of \(trials) trials leaves none to train on")
        }
        guard !validation.isEmpty else {
            throw DataFileError(file: dataset.file, problem: "no validation trial; expected at least one")
        }
        return TrialSplit(training: training, validation: validation)
    }

    /// The trials labelled with any of `labels`; every label must have some.
    private static func conditionTrials(_ labels: [Int], dataset: Dataset) throws -> [Int] {
        let named = labels.count == 1 ? "condition \(labels[0])" : "conditions \(labels.map(String.init).joined(separator: ", "))"
        guard let conditions = dataset.condition else {
            throw DataFileError.missingKey(
                "condition", in: dataset.file,
                expected: "(\(dataset.trialCount),) integer labels to hold out \(named)")
        }
        let present = Set(conditions)
        if let absent = labels.first(where: { !present.contains($0) }) {
            let listed = present.sorted().map(String.init).joined(separator: ", ")
            throw DataFileError(
                file: dataset.file, problem: "condition has no trial labelled \(absent); labels present: \(listed)")
        }
        let wanted = Set(labels)
        return conditions.indices.filter { wanted.contains(conditions[$0]) }
    }
}

extension TrialSplit {
    /// The data each side of the split is fitted or scored on: `dataset` itself, or, with held-out
    /// time steps, `dataset` with the steps the side does not see weighted 0 in its activity mask
    /// (and target mask). The network still runs through every step of every trial; only the
    /// loss and the scores leave steps out. Made once per fit, before any training.
    public func sides(of dataset: Dataset) -> (training: Dataset, validation: Dataset) {
        guard let block = validationSteps else { return (dataset, dataset) }
        return (Self.weighting(dataset, steps: { !block.contains($0) }), Self.weighting(dataset, steps: block.contains))
    }

    /// `dataset` with the masks multiplied by 1 on the steps `keeps` and 0 elsewhere.
    private static func weighting(_ dataset: Dataset, steps keeps: (Int) -> Bool) -> Dataset {
        let (trials, steps) = (dataset.trialCount, dataset.stepCount)
        let weight = (0..<steps).map { keeps($0) ? Float(1) : 0 }
        var side = dataset
        if let mask = dataset.mask {
            var weighted = mask
            let width = mask.dim2
            weighted.storage.withUnsafeMutableBufferPointer { values in
                for trial in 0..<trials {
                    for t in 0..<steps where weight[t] == 0 {
                        let row = (trial * steps + t) * width
                        for i in 0..<width { values[row + i] = 0 }
                    }
                }
            }
            side.mask = weighted
        } else {
            side.mask = Tensor3(trials, steps, 1, storage: (0..<trials).flatMap { _ in weight })
        }
        if let targetMask = dataset.targetMask {
            var weighted = targetMask
            for trial in 0..<trials {
                for t in 0..<steps where weight[t] == 0 { weighted[trial, t] = 0 }
            }
            side.targetMask = weighted
        } else if dataset.targets != nil {
            side.targetMask = Matrix(rows: trials, columns: steps, storage: (0..<trials).flatMap { _ in weight })
        }
        return side
    }
}
