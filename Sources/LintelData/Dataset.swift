import Foundation
import LintelNumerics

/// A recording to fit, as `lintel fit` and the workbench open it (docs/FORMATS.md, "Dataset"): the
/// activity of each trial over time, the task inputs that drove it, and the optional masks,
/// behavioural targets and condition labels. ``load(_:fileLabel:)`` checks every array.
public struct Dataset: Sendable {
    /// Recorded activity, (trials, T, neurons). Entries that are missing (NaN under mask 0 in
    /// the file) hold 0.
    public var activity: Tensor3<Float>
    /// Task inputs, (trials, T, K); K = 0 when the file has no `inputs`.
    public var inputs: Tensor3<Float>
    /// Loss weights, (trials, T, neurons) or (trials, T, 1) for one weight per time step (a
    /// (trials, T) mask in the file); nil means all ones.
    public var mask: Tensor3<Float>?
    /// Behavioural targets, (trials, T, outputs).
    public var targets: Tensor3<Float>?
    /// Where the targets count, (trials, T); nil means all ones.
    public var targetMask: Matrix<Float>?
    /// The integer condition label of each trial.
    public var condition: [Int]?
    /// The bin width in milliseconds, when the file gives it.
    public var dtMilliseconds: Double?
    /// Each bin's time in ms (`time_ms`, (T,)), when the file gives it; see ``milliseconds(atBin:)``.
    public var timeMilliseconds: [Double]? = nil
    /// Each trial's condition in words ("135°"; `condition_angle_deg` or `condition_values`),
    /// when the file gives it; see ``trialName(_:)``.
    public var conditionText: [String]? = nil
    /// Each input channel's name (`input_names`, (K,) text), when the file gives it.
    public var inputNames: [String]? = nil
    /// How `lintel prepare` transformed the activity (its `preprocessing` text); nil for data
    /// as recorded. Prepared activity is currents, to be fitted with `--target currents`.
    public var preprocessing: String?
    /// What `lintel prepare` divided each neuron by in all (its `activity_scale`, (neurons,)):
    /// multiplying by it brings the activity back to the recorded units (less the neuron's mean).
    public var activityScale: [Float]?
    /// The prepared activity without the principal-component projection (`lintel prepare
    /// --pca` writes it as `activity_undenoised`, same shape and scaling as ``activity``).
    public var undenoisedActivity: Tensor3<Float>?
    /// The file as the user named it.
    public var file: String
    /// The SHA-256 of the file's bytes, as 64 lowercase hexadecimal digits.
    public var sha256: String

    /// A dataset built in memory. Shapes must agree as they do in a file: `inputs`, `mask`,
    /// `targets`, `targetMask` and `condition` share the trials (and time) of `activity`.
    /// - Parameter inputs: nil for no inputs (K = 0).
    public init(
        activity: Tensor3<Float>, inputs: Tensor3<Float>? = nil, mask: Tensor3<Float>? = nil,
        targets: Tensor3<Float>? = nil, targetMask: Matrix<Float>? = nil, condition: [Int]? = nil,
        dtMilliseconds: Double? = nil, file: String = "(memory)", sha256: String = ""
    ) {
        let (trials, steps, neurons) = (activity.dim0, activity.dim1, activity.dim2)
        let inputs = inputs ?? Tensor3(trials, steps, 0)
        precondition(inputs.dim0 == trials && inputs.dim1 == steps, "inputs must share the trials and time of activity")
        if let mask {
            precondition(
                mask.dim0 == trials && mask.dim1 == steps && (mask.dim2 == neurons || mask.dim2 == 1),
                "mask must be (trials, T, neurons) or (trials, T, 1)")
        }
        if let targets {
            precondition(targets.dim0 == trials && targets.dim1 == steps, "targets must share the trials and time of activity")
        }
        if let targetMask {
            precondition(targetMask.rows == trials && targetMask.columns == steps, "targetMask must be (trials, T)")
        }
        if let condition {
            precondition(condition.count == trials, "condition must have one label per trial")
        }
        self.activity = activity
        self.inputs = inputs
        self.mask = mask
        self.targets = targets
        self.targetMask = targetMask
        self.condition = condition
        self.dtMilliseconds = dtMilliseconds
        self.file = file
        self.sha256 = sha256
    }

    public var trialCount: Int { activity.dim0 }
    public var stepCount: Int { activity.dim1 }
    public var neuronCount: Int { activity.dim2 }
    public var inputCount: Int { inputs.dim2 }

    /// The trials at `indices`, in that order, with their inputs, masks, targets and conditions.
    public func selectingTrials(_ indices: [Int]) -> Dataset {
        precondition(
            indices.allSatisfy { (0..<trialCount).contains($0) },
            "trial indices must lie in 0..<\(trialCount)")
        var subset = self
        subset.activity = activity.selecting(indices)
        subset.inputs = inputs.selecting(indices)
        subset.mask = mask?.selecting(indices)
        subset.targets = targets?.selecting(indices)
        subset.targetMask = targetMask.map { matrix in
            Matrix(rows: indices.count, columns: matrix.columns, storage: indices.flatMap { matrix.row($0) })
        }
        subset.condition = condition.map { labels in indices.map { labels[$0] } }
        subset.undenoisedActivity = undenoisedActivity?.selecting(indices)
        subset.conditionText = conditionText.map { texts in indices.map { texts[$0] } }
        return subset
    }

    /// One line for people: "data.npz: 240 trials × 68 steps × 128 neurons, 4 inputs, mask,
    /// targets (1 output), 12 conditions, dt 10 ms". Parts for absent arrays are left out.
    public var summary: String {
        var parts = [
            summaryShape,
            inputCount == 0 ? "no inputs" : Self.counted(inputCount, "input"),
        ]
        if mask != nil { parts.append("mask") }
        if let targets { parts.append("targets (\(Self.counted(targets.dim2, "output")))") }
        if targetMask != nil { parts.append("target mask") }
        if let condition { parts.append(Self.counted(Set(condition).count, "condition")) }
        if let dtMilliseconds { parts.append("dt \(Self.number(dtMilliseconds)) ms") }
        return "\(file): " + parts.joined(separator: ", ")
    }

    /// "240 trials × 68 steps × 1 neuron".
    public var summaryShape: String {
        "\(Self.counted(trialCount, "trial")) × \(Self.counted(stepCount, "step")) × " + Self.counted(neuronCount, "neuron")
    }

    private static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// `10` rather than `10.0` for whole numbers.
    private static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
