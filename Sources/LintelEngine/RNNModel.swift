import LintelNumerics

/// A recurrent network in the conventions of docs/METHOD.md §1:
///
///     x_{t+1} = x_t + α ( −x_t + J φ(x_t) + Σ_k I_k u_{t,k} ) + σ ξ_t
///
/// with J = m nᵀ / N (low rank) or a full matrix, an optional readout z = wᵀ tanh(x) (divided by
/// N for low-rank networks), and x_0 = h0.
public struct RNNModel<Scalar: BLASScalar>: Sendable, Equatable {
    public var connectivity: Connectivity<Scalar>
    /// N × K; column k is I_k.
    public var inputVectors: Matrix<Scalar>
    /// N × outputs, or nil when the network has no readout.
    public var readout: Matrix<Scalar>?
    /// x_0, length N.
    public var initialState: [Scalar]
    public var alpha: Scalar
    public var noiseStandardDeviation: Scalar
    public var nonlinearity: Nonlinearity
    /// The task the network was trained on (`pdm`, `cdm`, `romo`, `dms`), if any.
    public var task: String?
    /// Population label of each unit, once clustered.
    public var clusterLabels: [Int]?

    public init(
        connectivity: Connectivity<Scalar>,
        inputVectors: Matrix<Scalar>? = nil,
        readout: Matrix<Scalar>? = nil,
        initialState: [Scalar]? = nil,
        alpha: Scalar = 0.2,
        noiseStandardDeviation: Scalar = 0,
        nonlinearity: Nonlinearity = .tanh,
        task: String? = nil,
        clusterLabels: [Int]? = nil
    ) {
        let unitCount = connectivity.unitCount
        self.connectivity = connectivity
        self.inputVectors = inputVectors ?? Matrix(rows: unitCount, columns: 0)
        self.readout = readout
        self.initialState = initialState ?? Array(repeating: 0, count: unitCount)
        self.alpha = alpha
        self.noiseStandardDeviation = noiseStandardDeviation
        self.nonlinearity = nonlinearity
        self.task = task
        self.clusterLabels = clusterLabels
        precondition(self.inputVectors.rows == unitCount, "input vectors need N rows")
        precondition(self.initialState.count == unitCount, "h0 needs N entries")
        precondition(readout.map { $0.rows == unitCount } ?? true, "readout needs N rows")
    }

    public var unitCount: Int { connectivity.unitCount }
    public var rank: Int? { connectivity.rank }
    public var inputCount: Int { inputVectors.columns }
    public var outputCount: Int { readout?.columns ?? 0 }

    /// The factor in front of the readout: 1/N for low-rank networks, 1 for full-rank ones.
    public var readoutScale: Scalar {
        connectivity.isFullRank ? 1 : 1 / Scalar(unitCount)
    }

    /// A random low-rank network with m, n and I entries ~ N(0, 1) (docs/METHOD.md §1).
    public static func randomLowRank(
        units: Int, rank: Int, inputs: Int, outputs: Int = 0,
        nonlinearity: Nonlinearity = .tanh, random: inout SeededRandom
    ) -> RNNModel {
        let m = Matrix<Scalar>(rows: units, columns: rank, storage: random.gaussians(units * rank))
        let n = Matrix<Scalar>(rows: units, columns: rank, storage: random.gaussians(units * rank))
        let inputVectors = Matrix<Scalar>(
            rows: units, columns: inputs, storage: random.gaussians(units * inputs))
        let readout =
            outputs > 0
            ? Matrix<Scalar>(rows: units, columns: outputs, storage: random.gaussians(units * outputs))
            : nil
        return RNNModel(
            connectivity: .lowRank(m: m, n: n), inputVectors: inputVectors, readout: readout,
            nonlinearity: nonlinearity)
    }

    /// A random full-rank network with J ~ N(0, ρ²/N) and I ~ N(0, 1) (docs/METHOD.md §1).
    public static func randomFullRank(
        units: Int, inputs: Int, outputs: Int = 0, spectralRadius rho: Double = 1,
        nonlinearity: Nonlinearity = .tanh, random: inout SeededRandom
    ) -> RNNModel {
        let j = Matrix<Scalar>(
            rows: units, columns: units,
            storage: random.gaussians(units * units, standardDeviation: rho / Double(units).squareRoot()))
        let inputVectors = Matrix<Scalar>(
            rows: units, columns: inputs, storage: random.gaussians(units * inputs))
        let readout =
            outputs > 0
            ? Matrix<Scalar>(
                rows: units, columns: outputs,
                storage: random.gaussians(units * outputs, standardDeviation: 1 / Double(units)))
            : nil
        return RNNModel(
            connectivity: .fullRank(j: j), inputVectors: inputVectors, readout: readout,
            nonlinearity: nonlinearity)
    }

    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> RNNModel<Other> {
        RNNModel<Other>(
            connectivity: connectivity.converted(),
            inputVectors: inputVectors.converted(),
            readout: readout?.converted(),
            initialState: initialState.map { Other($0) },
            alpha: Other(alpha),
            noiseStandardDeviation: Other(noiseStandardDeviation),
            nonlinearity: nonlinearity,
            task: task,
            clusterLabels: clusterLabels)
    }

    public var allFinite: Bool {
        let connectivityFinite: Bool
        switch connectivity {
        case .lowRank(let m, let n): connectivityFinite = m.allFinite && n.allFinite
        case .fullRank(let j): connectivityFinite = j.allFinite
        }
        return connectivityFinite && inputVectors.allFinite && (readout?.allFinite ?? true)
            && initialState.allSatisfy { $0.isFinite }
    }
}
