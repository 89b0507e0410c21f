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
    /// Set instead of `activity` by ``gather(trials:steps:inputs:activity:activityMask:targets:targetMask:activityInPlace:)``
    /// with `activityInPlace`: the activity is read where it lies, in this trial-major tensor
    /// (trials, T, N), batch trial b being trial `activityTrials[b]` — no copy per step.
    public private(set) var activitySource: Tensor3<Scalar>? = nil
    /// The tensor trial of each batch trial, with ``activitySource``.
    public private(set) var activityTrials: [Int] = []

    /// Whether the batch has activity, laid out or in place.
    public var hasActivity: Bool { activity != nil || activitySource != nil }

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
        trials = 0
        self.steps = steps
        inputCount = 0
        self.inputs = []
        gather(
            trials: indices, steps: steps, inputs: inputs, activity: activity,
            activityMask: activityMask, targets: targets, targetMask: targetMask)
    }

    /// Refills the batch with other trials, exactly as ``init(trials:steps:inputs:activity:activityMask:targets:targetMask:)``
    /// would lay them out, reusing the arrays' storage when their sizes allow (the training loop
    /// gathers a batch every optimiser step without allocating).
    ///
    /// - Parameter activityInPlace: keep a reference to `activity` and the trial indices
    ///   (``activitySource``) instead of copying the batch's activity; `activity` is then nil.
    public mutating func gather(
        trials indices: [Int], steps: Int, inputs: Tensor3<Scalar>?, activity: Tensor3<Scalar>? = nil,
        activityMask: Tensor3<Scalar>? = nil, targets: Tensor3<Scalar>? = nil,
        targetMask: Matrix<Scalar>? = nil, activityInPlace: Bool = false
    ) {
        trials = indices.count
        self.steps = steps
        inputCount = inputs?.dim2 ?? 0
        var reused: [Scalar] = []
        swap(&reused, &self.inputs)
        if let inputs {
            Self.fill(&reused, from: inputs, trials: indices, width: inputs.dim2)
        } else {
            reused.removeAll(keepingCapacity: true)
        }
        self.inputs = reused
        if activityInPlace, let activity {
            precondition(activity.dim1 == steps, "activity must have the batch's steps")
            self.activity = nil
            activitySource = activity
            activityTrials.removeAll(keepingCapacity: true)
            activityTrials.append(contentsOf: indices)
        } else {
            activitySource = nil
            activityTrials.removeAll(keepingCapacity: true)
            self.activity = Self.refilled(Self.take(&self.activity), from: activity, trials: indices)
        }
        if let activityMask, let activity {
            precondition(
                activityMask.dim2 == activity.dim2 || activityMask.dim2 == 1,
                "mask must be per step or per neuron")
            var mask = Self.take(&self.activityMask)
            Self.fill(&mask, from: activityMask, trials: indices, width: activity.dim2)
            self.activityMask = mask
        } else {
            self.activityMask = nil
        }
        self.targets = Self.refilled(Self.take(&self.targets), from: targets, trials: indices)
        if let targetMask {
            var mask = Self.take(&self.targetMask)
            let batch = indices.count
            Self.resize(&mask, to: steps * batch)
            mask.withUnsafeMutableBufferPointer { target in
                for (b, trial) in indices.enumerated() {
                    for t in 0..<steps { target[t * batch + b] = targetMask[trial, t] }
                }
            }
            self.targetMask = mask
        } else {
            self.targetMask = nil
        }
    }

    /// The array's storage, moved out (so that refilling it does not copy); the array is left nil.
    private static func take(_ array: inout [Scalar]?) -> [Scalar] {
        guard array != nil else { return [] }
        var storage: [Scalar] = []
        swap(&storage, &array!)
        array = nil
        return storage
    }

    /// `existing` refilled from `tensor` (nil when there is no tensor).
    private static func refilled(
        _ existing: consuming [Scalar], from tensor: Tensor3<Scalar>?, trials indices: [Int]
    ) -> [Scalar]? {
        guard let tensor else { return nil }
        var storage = existing
        fill(&storage, from: tensor, trials: indices, width: tensor.dim2)
        return storage
    }

    private static func resize(_ array: inout [Scalar], to count: Int) {
        if array.count != count {
            array.removeAll(keepingCapacity: true)
            array.append(contentsOf: repeatElement(0, count: count))
        }
    }

    /// Writes the trials of a trial-major tensor time-major into `array`; a tensor of width 1
    /// is broadcast to `width`.
    private static func fill(
        _ array: inout [Scalar], from tensor: Tensor3<Scalar>, trials indices: [Int], width: Int
    ) {
        let batch = indices.count, sourceWidth = tensor.dim2, steps = tensor.dim1
        precondition(sourceWidth == width || sourceWidth == 1, "tensor width does not match")
        resize(&array, to: steps * batch * width)
        tensor.storage.withUnsafeBufferPointer { source in
            array.withUnsafeMutableBufferPointer { target in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                for (b, trial) in indices.enumerated() {
                    for t in 0..<steps {
                        let origin = from + (trial * steps + t) * sourceWidth
                        let destination = to + (t * batch + b) * width
                        if sourceWidth == width {
                            destination.update(from: origin, count: width)
                        } else {
                            destination.update(repeating: origin[0], count: width)
                        }
                    }
                }
            }
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
