import LintelNumerics

/// ∂loss/∂parameter for every trainable parameter of an ``RNNModel``, shaped like the parameters
/// themselves (dm and dn, or dJ, in ``connectivity``).
public struct RNNGradient<Scalar: BLASScalar>: Sendable, Equatable {
    public var connectivity: Connectivity<Scalar>
    public var inputVectors: Matrix<Scalar>
    public var readout: Matrix<Scalar>?
    public var initialState: [Scalar]

    /// The Euclidean norm over all parameter gradients together.
    public var norm: Scalar {
        var sum: Scalar = 0
        func add(_ values: [Scalar]) { for v in values { sum += v * v } }
        switch connectivity {
        case .lowRank(let m, let n):
            add(m.storage)
            add(n.storage)
        case .fullRank(let j):
            add(j.storage)
        }
        add(inputVectors.storage)
        if let readout { add(readout.storage) }
        add(initialState)
        return sum.squareRoot()
    }
}
