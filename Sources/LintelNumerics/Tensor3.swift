/// A dense three-dimensional array stored contiguously in C order: element (i, j, k) is at
/// `(i * dim1 + j) * dim2 + k`. Datasets use (trials, time, neurons) in this layout.
public struct Tensor3<Scalar: BLASScalar>: Equatable, Sendable {
    public let dim0: Int
    public let dim1: Int
    public let dim2: Int
    public var storage: [Scalar]

    public init(_ dim0: Int, _ dim1: Int, _ dim2: Int, repeating value: Scalar = 0) {
        precondition(dim0 >= 0 && dim1 >= 0 && dim2 >= 0, "dimensions must be non-negative")
        self.dim0 = dim0
        self.dim1 = dim1
        self.dim2 = dim2
        self.storage = Array(repeating: value, count: dim0 * dim1 * dim2)
    }

    public init(_ dim0: Int, _ dim1: Int, _ dim2: Int, storage: [Scalar]) {
        precondition(storage.count == dim0 * dim1 * dim2, "storage does not match the shape")
        self.dim0 = dim0
        self.dim1 = dim1
        self.dim2 = dim2
        self.storage = storage
    }

    public var shape: [Int] { [dim0, dim1, dim2] }
    public var count: Int { storage.count }

    public subscript(i: Int, j: Int, k: Int) -> Scalar {
        get { storage[(i * dim1 + j) * dim2 + k] }
        set { storage[(i * dim1 + j) * dim2 + k] = newValue }
    }

    /// The (dim1 × dim2) slice at index `i` of the first axis.
    public func slice(_ i: Int) -> Matrix<Scalar> {
        let size = dim1 * dim2
        return Matrix(
            rows: dim1, columns: dim2, storage: Array(storage[(i * size)..<((i + 1) * size)]))
    }

    /// The tensor restricted to the given indices of the first axis, in that order.
    public func selecting(_ indices: [Int]) -> Tensor3 {
        let size = dim1 * dim2
        var result = [Scalar]()
        result.reserveCapacity(indices.count * size)
        for i in indices { result.append(contentsOf: storage[(i * size)..<((i + 1) * size)]) }
        return Tensor3(indices.count, dim1, dim2, storage: result)
    }

    public func converted<Other: BLASScalar>(to _: Other.Type = Other.self) -> Tensor3<Other> {
        Tensor3<Other>(dim0, dim1, dim2, storage: storage.map { Other($0) })
    }

    /// Inlinable so that it is specialised where it is used: the generic `allSatisfy`, called
    /// through witness tables for every element, was 7 % of a small fit (a check per
    /// optimiser step).
    @inlinable public var allFinite: Bool {
        storage.withUnsafeBufferPointer { elements in
            for element in elements where !element.isFinite { return false }
            return true
        }
    }
}
