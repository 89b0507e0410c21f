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
