import Foundation
import LintelData
import LintelEngine

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
    /// What the data call each condition label and trial ("cond 3 (135°)", "trial 3 (135°)";
    /// ``Dataset/conditionDescription(_:)``), when they name them; empty otherwise.
    var conditionDescriptions: [Int: String] = [:]
    var trialDescriptions: [String] = []

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
        if dataset.conditionText != nil {
            trialDescriptions = (0..<dataset.trialCount).map(dataset.trialDescription)
            for label in Set(dataset.condition ?? []) { conditionDescriptions[label] = dataset.conditionDescription(label) }
        }
    }

    /// "condition 3" as the data name it: "cond 3 (135°)".
    func conditionName(_ label: Int) -> String { conditionDescriptions[label] ?? "condition \(label)" }

    /// The held-out trials in words: "trial 3 (135°)" for one or two named trials, else a count.
    func trialsName(_ trials: [Int]) -> String {
        if trials.count <= 2, !trialDescriptions.isEmpty, trials.allSatisfy(trialDescriptions.indices.contains) {
            return trials.map { trialDescriptions[$0] }.joined(separator: ", ")
        }
        return "\(trials.count) trial\(trials.count == 1 ? "" : "s")"
    }
}
