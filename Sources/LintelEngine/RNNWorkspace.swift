import LintelNumerics

/// Preallocated buffers for running one network on a batch of B trials of T steps, forward and
/// backward. Everything the backward pass needs is kept from the forward pass; nothing is
/// allocated inside the time loop. One workspace serves one task at a time.
public final class RNNWorkspace<Scalar: BLASScalar> {
    public let units: Int
    /// R for low-rank networks, nil for full-rank ones.
    public let rank: Int?
    public let inputCount: Int
    public let outputCount: Int
    public let batch: Int
    public let steps: Int

    // Parameters, copied in by `load(_:)` so the loops use raw pointers. (m, n and I are kept
    // only as the column layouts below.)
    let j: ScratchBuffer<Scalar>
    let readout: ScratchBuffer<Scalar>
    let initialState: ScratchBuffer<Scalar>
    /// (R + K) × N: the columns of m, then the input vectors I_k, each contiguous — what the
    /// Euler update combines with the coefficients [α κ_t, α u_t] of each trial.
    let driveVectors: ScratchBuffer<Scalar>
    /// R × N: the columns of n, each contiguous.
    let nColumns: ScratchBuffer<Scalar>
    /// Jᵀ and wᵀ: every product of the time loop is then a GEMM with a transposed operand
    /// (OpenBLAS's small-matrix "nn" kernels allocate on every call; the others do not).
    let jTransposed: ScratchBuffer<Scalar>
    let readoutTransposed: ScratchBuffer<Scalar>
    var alpha: Scalar = 0.2
    var nonlinearity: Nonlinearity = .tanh
    var readoutScale: Scalar = 1

    /// R + K: the coefficients per trial and step.
    let coefficientWidth: Int

    // Trajectories: slot t holds time t for the whole batch (B × N, or B × R, B × outputs).
    /// x_0 … x_T.
    let states: ScratchBuffer<Scalar>
    /// φ(x_0) … φ(x_T).
    let rates: ScratchBuffer<Scalar>
    /// tanh(x_1) … tanh(x_T) when φ is not tanh and there is a readout (otherwise `rates` serves).
    let readoutRates: ScratchBuffer<Scalar>
    /// Per step t and trial b, the R + K numbers [κ_t, u_t] with κ_t = nᵀ φ(x_t) / N: the drive
    /// of the Euler update (scaled by α) and, over all steps, the right-hand side of the
    /// gradients of m and of the input vectors.
    let coefficients: ScratchBuffer<Scalar>
    /// z_0 … z_{T−1}, the readout of x_1 … x_T.
    let outputs: ScratchBuffer<Scalar>

    // Backward (empty in a forward-only workspace).
    /// ∂L/∂x_1 … ∂L/∂x_T.
    let stateGradients: ScratchBuffer<Scalar>
    /// ∂L/∂x_0.
    let initialGradient: ScratchBuffer<Scalar>
    /// ∂L/∂κ_0 … ∂L/∂κ_{T−1}.
    let kappaGradients: ScratchBuffer<Scalar>
    /// ∂L/∂z_0 … ∂L/∂z_{T−1}.
    let outputGradients: ScratchBuffer<Scalar>
    /// One time step of the batch (B × N).
    let stepScratch: ScratchBuffer<Scalar>
    /// The constant 1, as a one-element coefficient vector.
    let one: ScratchBuffer<Scalar>
    /// One trial's row of noise draws ξ_t (N), before σ scales it.
    let noiseDraws: ScratchBuffer<Double>

    // Parameter gradients of the last backward pass.
    /// N × (R + K): [∂L/∂m | ∂L/∂I].
    let coefficientGradient: ScratchBuffer<Scalar>
    /// N × R: ∂L/∂n.
    let nGradient: ScratchBuffer<Scalar>
    /// Low rank: (R + K) × N and R × N, the sums behind `coefficientGradient` and `nGradient`
    /// (without their factors α and 1/N), added step by step during the backward time loop.
    let coefficientGradientColumns: ScratchBuffer<Scalar>
    let nGradientColumns: ScratchBuffer<Scalar>
    /// N × N: ∂L/∂J.
    let jGradient: ScratchBuffer<Scalar>
    /// N × outputs: ∂L/∂w.
    let readoutGradient: ScratchBuffer<Scalar>
    /// N: ∂L/∂h0.
    let initialStateGradient: ScratchBuffer<Scalar>

    /// Whether the backward buffers exist.
    public let supportsTraining: Bool

    /// - Parameter training: false for a forward-only workspace (simulation, validation), which
    ///   allocates none of the gradient buffers.
    public init(
        units: Int, rank: Int?, inputCount: Int, outputCount: Int, batch: Int, steps: Int,
        needsSeparateReadoutRates: Bool = true, training: Bool = true
    ) {
        self.units = units
        self.rank = rank
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.batch = batch
        self.steps = steps
        supportsTraining = training
        let r = rank ?? 0
        let slot = batch * units
        let width = r + inputCount
        coefficientWidth = width
        func backward(_ count: Int) -> ScratchBuffer<Scalar> { ScratchBuffer(count: training ? count : 0) }
        j = ScratchBuffer(count: rank == nil ? units * units : 0)
        readout = ScratchBuffer(count: units * outputCount)
        initialState = ScratchBuffer(count: units)
        driveVectors = ScratchBuffer(count: width * units)
        nColumns = ScratchBuffer(count: r * units)
        jTransposed = ScratchBuffer(count: rank == nil && training ? units * units : 0)
        readoutTransposed = ScratchBuffer(count: units * outputCount)
        states = ScratchBuffer(count: (steps + 1) * slot)
        rates = ScratchBuffer(count: (steps + 1) * slot)
        readoutRates = ScratchBuffer(
            count: outputCount > 0 && needsSeparateReadoutRates ? steps * slot : 0)
        coefficients = ScratchBuffer(count: steps * batch * width)
        outputs = ScratchBuffer(count: steps * batch * outputCount)
        stateGradients = backward(steps * slot)
        initialGradient = backward(slot)
        kappaGradients = backward(steps * batch * r)
        outputGradients = backward(steps * batch * outputCount)
        stepScratch = ScratchBuffer(count: slot)
        one = ScratchBuffer(count: 1)
        one.pointer[0] = 1
        noiseDraws = ScratchBuffer(count: units)
        coefficientGradient = backward(units * width)
        nGradient = backward(units * r)
        coefficientGradientColumns = backward(rank == nil ? 0 : units * width)
        nGradientColumns = backward(units * r)
        jGradient = backward(rank == nil ? units * units : 0)
        readoutGradient = backward(units * outputCount)
        initialStateGradient = backward(units)
    }

    /// A workspace shaped for `model` on batches of `batch` trials of `steps` steps.
    public convenience init(
        for model: RNNModel<Scalar>, batch: Int, steps: Int, training: Bool = true
    ) {
        self.init(
            units: model.unitCount, rank: model.rank, inputCount: model.inputCount,
            outputCount: model.outputCount, batch: batch, steps: steps,
            needsSeparateReadoutRates: model.nonlinearity != .tanh, training: training)
        load(model)
    }

    public func fits(_ model: RNNModel<Scalar>) -> Bool {
        model.unitCount == units && model.rank == rank && model.inputCount == inputCount
            && model.outputCount == outputCount
            && (model.nonlinearity == .tanh || outputCount == 0 || readoutRates.count > 0)
    }

    /// Copies the model's parameters into the workspace.
    public func load(_ model: RNNModel<Scalar>) {
        precondition(fits(model), "model does not match the workspace")
        // Columns of m, n and I laid out contiguously for the per-trial loops.
        let r = rank ?? 0
        switch model.connectivity {
        case .lowRank(let m, let n):
            for q in 0..<r {
                for i in 0..<units {
                    driveVectors.pointer[q * units + i] = m.storage[i * r + q]
                    nColumns.pointer[q * units + i] = n.storage[i * r + q]
                }
            }
        case .fullRank(let jMatrix):
            j.copy(from: jMatrix.storage)
        }
        let inputVectors = model.inputVectors.storage
        for k in 0..<inputCount {
            for i in 0..<units {
                driveVectors.pointer[(r + k) * units + i] = inputVectors[i * inputCount + k]
            }
        }
        if let w = model.readout { readout.copy(from: w.storage) }
        initialState.copy(from: model.initialState)
        if jTransposed.count > 0 {
            for i in 0..<units {
                for k in 0..<units { jTransposed.pointer[k * units + i] = j.pointer[i * units + k] }
            }
        }
        for i in 0..<units {
            for o in 0..<outputCount {
                readoutTransposed.pointer[o * units + i] = readout.pointer[i * outputCount + o]
            }
        }
        alpha = model.alpha
        nonlinearity = model.nonlinearity
        readoutScale = model.readoutScale
    }

    /// The buffer holding tanh(x_1) … tanh(x_T) for the readout.
    var readoutRatesStart: UnsafeMutablePointer<Scalar> {
        readoutRates.count > 0 ? readoutRates.pointer : rates.at(batch * units)
    }
}
