import LintelData
import LintelNumerics

/// Training and validation trials of a dataset.
public struct TrialSplit: Sendable, Equatable, Codable {
    public var training: [Int]
    public var validation: [Int]

    /// Splits `dataset` as `choice` says; the result always has at least one trial on each side.
    public static func make(
        _ choice: ValidationChoice, dataset: Dataset, seed: UInt64
    ) throws -> TrialSplit {
        let trials = dataset.trialCount
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
            guard let conditions = dataset.condition else {
                throw DataFileError.missingKey(
                    "condition", in: dataset.file,
                    expected: "(\(trials),) integer labels to hold out condition \(label)")
            }
            validation = conditions.indices.filter { conditions[$0] == label }
            if validation.isEmpty {
                let labels = Array(Set(conditions)).sorted().map(String.init).joined(separator: ", ")
                throw DataFileError(
                    file: dataset.file,
                    problem: "condition has no trial labelled \(label); labels present: \(labels)")
            }
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
}
