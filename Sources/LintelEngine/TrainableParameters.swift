import LintelNumerics

/// Which parameters of a network an optimiser changes. Connectivity (m and n, or J) and input
/// vectors are always fitted in LINT; h0 only on request; the readout when training on a task.
public struct TrainableParameters: OptionSet, Sendable, Codable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let connectivity = TrainableParameters(rawValue: 1 << 0)
    public static let inputVectors = TrainableParameters(rawValue: 1 << 1)
    public static let readout = TrainableParameters(rawValue: 1 << 2)
    public static let initialState = TrainableParameters(rawValue: 1 << 3)

    /// What LINT fits by default: m, n (or J) and the input vectors.
    public static let lint: TrainableParameters = [.connectivity, .inputVectors]
}

/// Lays the trainable parameters of a model (or their gradients) end to end in one vector, in a
/// fixed order — m, n (or J), input vectors, readout, h0 — so that the optimiser and checkpoints
/// see one flat array.
public struct ParameterLayout: Sendable, Equatable {
    public let trainable: TrainableParameters

    public init(_ trainable: TrainableParameters) {
        self.trainable = trainable
    }

    public func count<Scalar: BLASScalar>(for model: RNNModel<Scalar>) -> Int {
        var total = 0
        if trainable.contains(.connectivity) {
            switch model.connectivity {
            case .lowRank(let m, let n): total += m.count + n.count
            case .fullRank(let j): total += j.count
            }
        }
        if trainable.contains(.inputVectors) { total += model.inputVectors.count }
        if trainable.contains(.readout) { total += model.readout?.count ?? 0 }
        if trainable.contains(.initialState) { total += model.unitCount }
        return total
    }

    /// The trainable tensors of a model — or their gradients — end to end.
    public func vector<Tensors: ParameterTensors>(of tensors: Tensors) -> [Tensors.Scalar] {
        var result: [Tensors.Scalar] = []
        if trainable.contains(.connectivity) {
            switch tensors.connectivity {
            case .lowRank(let m, let n):
                result += m.storage
                result += n.storage
            case .fullRank(let j):
                result += j.storage
            }
        }
        if trainable.contains(.inputVectors) { result += tensors.inputVectors.storage }
        if trainable.contains(.readout), let readout = tensors.readout { result += readout.storage }
        if trainable.contains(.initialState) { result += tensors.initialState }
        return result
    }

    /// Writes `vector` back into the trainable parameters of `model`.
    public func assign<Scalar: BLASScalar>(_ vector: [Scalar], to model: inout RNNModel<Scalar>) {
        precondition(vector.count == count(for: model), "parameter vector does not match the model")
        var offset = 0
        func take(_ count: Int) -> [Scalar] {
            defer { offset += count }
            return Array(vector[offset..<(offset + count)])
        }
        if trainable.contains(.connectivity) {
            switch model.connectivity {
            case .lowRank(let m, let n):
                model.connectivity = .lowRank(
                    m: Matrix(rows: m.rows, columns: m.columns, storage: take(m.count)),
                    n: Matrix(rows: n.rows, columns: n.columns, storage: take(n.count)))
            case .fullRank(let j):
                model.connectivity = .fullRank(
                    j: Matrix(rows: j.rows, columns: j.columns, storage: take(j.count)))
            }
        }
        if trainable.contains(.inputVectors) {
            model.inputVectors.storage = take(model.inputVectors.count)
        }
        if trainable.contains(.readout), let readout = model.readout {
            model.readout!.storage = take(readout.count)
        }
        if trainable.contains(.initialState) { model.initialState = take(model.unitCount) }
    }
}

/// Something shaped like a network's parameters: the parameters themselves or their gradients.
public protocol ParameterTensors {
    associatedtype Scalar: BLASScalar
    var connectivity: Connectivity<Scalar> { get }
    var inputVectors: Matrix<Scalar> { get }
    var readout: Matrix<Scalar>? { get }
    var initialState: [Scalar] { get }
}

extension RNNModel: ParameterTensors {}
extension RNNGradient: ParameterTensors {}
