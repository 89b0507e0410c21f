import LintelNumerics

/// Trials laid out time-major — element (t, b, i) at `(t * trials + b) * width + i` — so that each
/// time step of the whole batch is one contiguous block for the GEMMs of the time loop.
public struct TrialBatch<Scalar: BLASScalar>: Sendable {
    public private(set) var trials: Int
    public private(set) var steps: Int
    public private(set) var inputCount: Int
    /// T × B × K.
    public var inputs: [Scalar]
    /// T × B × N, the activity the network is compared with (x_{t+1} against time bin t).
    public var activity: [Scalar]?
    /// T × B × N weights of the activity loss; nil means every entry counts.
    public var activityMask: [Scalar]?
    /// T × B × outputs.
    public var targets: [Scalar]?
    /// T × B weights of the readout loss; nil means every step counts.
    public var targetMask: [Scalar]?

    /// A batch of inputs only (simulation).
    public init(inputs trialMajor: Tensor3<Scalar>) {
        trials = trialMajor.dim0
        steps = trialMajor.dim1
        inputCount = trialMajor.dim2
        self.inputs = Self.timeMajor(trialMajor, trials: Array(0..<trialMajor.dim0))
    }

    /// Gathers the given trials of trial-major tensors (trials, T, ·) into time-major order.
    /// `activityMask` may be (trials, T, N) or (trials, T, 1) (broadcast over neurons).
    public init(
        trials indices: [Int], steps: Int, inputs: Tensor3<Scalar>?, activity: Tensor3<Scalar>? = nil,
        activityMask: Tensor3<Scalar>? = nil, targets: Tensor3<Scalar>? = nil,
        targetMask: Matrix<Scalar>? = nil
    ) {
        trials = indices.count
        self.steps = steps
        inputCount = inputs?.dim2 ?? 0
        self.inputs = inputs.map { Self.timeMajor($0, trials: indices) } ?? []
        self.activity = activity.map { Self.timeMajor($0, trials: indices) }
        if let activityMask, let activity {
            if activityMask.dim2 == activity.dim2 {
                self.activityMask = Self.timeMajor(activityMask, trials: indices)
            } else {
                precondition(activityMask.dim2 == 1, "mask must be per step or per neuron")
                let broadcast = Tensor3<Scalar>(
                    activityMask.dim0, activityMask.dim1, activity.dim2,
                    storage: activityMask.storage.flatMap {
                        Array(repeating: $0, count: activity.dim2)
                    })
                self.activityMask = Self.timeMajor(broadcast, trials: indices)
            }
        }
        self.targets = targets.map { Self.timeMajor($0, trials: indices) }
        if let targetMask {
            var mask = [Scalar](repeating: 0, count: steps * indices.count)
            for (b, trial) in indices.enumerated() {
                for t in 0..<steps { mask[t * indices.count + b] = targetMask[trial, t] }
            }
            self.targetMask = mask
        }
    }

    static func timeMajor(_ tensor: Tensor3<Scalar>, trials indices: [Int]) -> [Scalar] {
        let steps = tensor.dim1, width = tensor.dim2, batch = indices.count
        var result = [Scalar](repeating: 0, count: steps * batch * width)
        tensor.storage.withUnsafeBufferPointer { source in
            result.withUnsafeMutableBufferPointer { target in
                for (b, trial) in indices.enumerated() {
                    for t in 0..<steps {
                        let from = (trial * steps + t) * width
                        let to = (t * batch + b) * width
                        for i in 0..<width { target[to + i] = source[from + i] }
                    }
                }
            }
        }
        return result
    }
}
