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

    // Parameters, copied in by `load(_:)` so the loops use raw pointers.
    let m: ScratchBuffer<Scalar>
    let n: ScratchBuffer<Scalar>
    let j: ScratchBuffer<Scalar>
    let inputVectors: ScratchBuffer<Scalar>
    let readout: ScratchBuffer<Scalar>
    let initialState: ScratchBuffer<Scalar>
    var alpha: Scalar = 0.2
    var nonlinearity: Nonlinearity = .tanh
    var readoutScale: Scalar = 1

    // Trajectories: slot t holds time t for the whole batch (B × N, or B × R, B × outputs).
    /// x_0 … x_T.
    let states: ScratchBuffer<Scalar>
    /// φ(x_0) … φ(x_T).
    let rates: ScratchBuffer<Scalar>
    /// tanh(x_1) … tanh(x_T) when φ is not tanh and there is a readout (otherwise `rates` serves).
    let readoutRates: ScratchBuffer<Scalar>
    /// κ_0 … κ_{T−1}, κ_t = nᵀ φ(x_t) / N.
    let kappa: ScratchBuffer<Scalar>
    /// z_0 … z_{T−1}, the readout of x_1 … x_T.
    let outputs: ScratchBuffer<Scalar>

    // Backward.
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

    public init(
        units: Int, rank: Int?, inputCount: Int, outputCount: Int, batch: Int, steps: Int,
        needsSeparateReadoutRates: Bool = true
    ) {
        self.units = units
        self.rank = rank
        self.inputCount = inputCount
        self.outputCount = outputCount
        self.batch = batch
        self.steps = steps
        let r = rank ?? 0
        let slot = batch * units
        m = ScratchBuffer(count: units * r)
        n = ScratchBuffer(count: units * r)
        j = ScratchBuffer(count: rank == nil ? units * units : 0)
        inputVectors = ScratchBuffer(count: units * inputCount)
        readout = ScratchBuffer(count: units * outputCount)
        initialState = ScratchBuffer(count: units)
        states = ScratchBuffer(count: (steps + 1) * slot)
        rates = ScratchBuffer(count: (steps + 1) * slot)
        readoutRates = ScratchBuffer(
            count: outputCount > 0 && needsSeparateReadoutRates ? steps * slot : 0)
        kappa = ScratchBuffer(count: steps * batch * r)
        outputs = ScratchBuffer(count: steps * batch * outputCount)
        stateGradients = ScratchBuffer(count: steps * slot)
        initialGradient = ScratchBuffer(count: slot)
        kappaGradients = ScratchBuffer(count: steps * batch * r)
        outputGradients = ScratchBuffer(count: steps * batch * outputCount)
        stepScratch = ScratchBuffer(count: slot)
    }

    /// A workspace shaped for `model` on batches of `batch` trials of `steps` steps.
    public convenience init(for model: RNNModel<Scalar>, batch: Int, steps: Int) {
        self.init(
            units: model.unitCount, rank: model.rank, inputCount: model.inputCount,
            outputCount: model.outputCount, batch: batch, steps: steps,
            needsSeparateReadoutRates: model.nonlinearity != .tanh)
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
        switch model.connectivity {
        case .lowRank(let mMatrix, let nMatrix):
            m.copy(from: mMatrix.storage)
            n.copy(from: nMatrix.storage)
        case .fullRank(let jMatrix):
            j.copy(from: jMatrix.storage)
        }
        inputVectors.copy(from: model.inputVectors.storage)
        if let w = model.readout { readout.copy(from: w.storage) }
        initialState.copy(from: model.initialState)
        alpha = model.alpha
        nonlinearity = model.nonlinearity
        readoutScale = model.readoutScale
    }

    /// The buffer holding tanh(x_1) … tanh(x_T) for the readout.
    var readoutRatesStart: UnsafeMutablePointer<Scalar> {
        readoutRates.count > 0 ? readoutRates.pointer : rates.at(batch * units)
    }
}
