import LintelNumerics

/// A batch of task trials, trial-major like datasets (docs/FORMATS.md, "Dataset").
///
/// Every trial lasts `steps` steps in the arrays; variable-delay tasks (Romo, DMS) pad shorter
/// trials at the end, where `mask`, `targetMask`, `targets` and `inputs` are all 0.
public struct TaskTrials: Sendable, Equatable {
    /// The task the trials belong to.
    public var task: TaskName
    /// (trials, T, K): the *noisy* inputs actually fed to a network (0 on end padding).
    public var inputs: Tensor3<Float>
    /// (trials, T, 1): the target readout; 0 outside the decision window.
    public var targets: Tensor3<Float>
    /// (trials, T): 1 in the decision window, 0 elsewhere (including padding).
    public var targetMask: Matrix<Float>
    /// (trials, T): 0 on the end padding of variable-length trials, 1 elsewhere.
    public var mask: Matrix<Float>
    /// The integer condition label of each trial; each task documents its encoding.
    public var condition: [Int]
    /// Per trial, the stimulus parameters that define it; each task documents the layout:
    /// PDM `[coherence]`; CDM `[context (0 = A, 1 = B), coherence A, coherence B]`;
    /// Romo `[f1 (Hz), f2 (Hz), delay (steps)]`; DMS `[first (0 = A, 1 = B), second, delay (steps)]`.
    public var parameters: [[Double]]

    /// Trials from their arrays; shapes must agree: (trials, T, K), (trials, T, 1), (trials, T),
    /// (trials, T), one label and one parameter list per trial.
    public init(
        task: TaskName, inputs: Tensor3<Float>, targets: Tensor3<Float>, targetMask: Matrix<Float>,
        mask: Matrix<Float>, condition: [Int], parameters: [[Double]]
    ) {
        let (trials, steps) = (inputs.dim0, inputs.dim1)
        precondition(
            targets.dim0 == trials && targets.dim1 == steps && targets.dim2 == 1,
            "targets must be (trials, T, 1)")
        precondition(targetMask.rows == trials && targetMask.columns == steps, "targetMask must be (trials, T)")
        precondition(mask.rows == trials && mask.columns == steps, "mask must be (trials, T)")
        precondition(condition.count == trials, "condition must have one label per trial")
        precondition(parameters.count == trials, "parameters must have one entry per trial")
        self.task = task
        self.inputs = inputs
        self.targets = targets
        self.targetMask = targetMask
        self.mask = mask
        self.condition = condition
        self.parameters = parameters
    }

    public var trialCount: Int { inputs.dim0 }
    /// T, the padded length of every trial.
    public var steps: Int { inputs.dim1 }
    public var inputCount: Int { inputs.dim2 }

    /// The number of real (unpadded) steps of trial `index`.
    public func length(ofTrial index: Int) -> Int {
        var length = 0
        for t in 0..<steps where mask[index, t] != 0 { length = t + 1 }
        return length
    }

    /// The trials at `indices`, in that order.
    public func selecting(_ indices: [Int]) -> TaskTrials {
        precondition(indices.allSatisfy { (0..<trialCount).contains($0) }, "trial indices must lie in 0..<\(trialCount)")
        func rows(_ matrix: Matrix<Float>) -> Matrix<Float> {
            Matrix(rows: indices.count, columns: matrix.columns, storage: indices.flatMap { matrix.row($0) })
        }
        return TaskTrials(
            task: task, inputs: inputs.selecting(indices), targets: targets.selecting(indices),
            targetMask: rows(targetMask), mask: rows(mask), condition: indices.map { condition[$0] },
            parameters: indices.map { parameters[$0] })
    }
}
