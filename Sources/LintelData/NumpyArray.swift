/// A numpy array as Lintel holds it: a shape and typed elements in C (row-major) order.
/// A 0-d array (a numpy scalar) has shape `[]` and one element.
public struct NumpyArray: Sendable, Equatable {
    /// The dimensions, outermost first; `[]` for a 0-d scalar.
    public let shape: [Int]
    /// The elements in C order.
    public let elements: NumpyElements

    /// An array of the given shape. The element count must equal the product of the dimensions.
    public init(shape: [Int], elements: NumpyElements) {
        precondition(shape.allSatisfy { $0 >= 0 }, "array dimensions must be non-negative")
        precondition(
            elements.count == NumpyArray.checkedElementCount(shape),
            "\(elements.count) elements do not fill shape \(DataFileError.formatShape(shape))")
        self.shape = shape
        self.elements = elements
    }

    /// A `float32` array; a 1-d array when `shape` is nil.
    public init(_ values: [Float], shape: [Int]? = nil) {
        self.init(shape: shape ?? [values.count], elements: .float32(values))
    }

    /// A `float64` array; a 1-d array when `shape` is nil.
    public init(_ values: [Double], shape: [Int]? = nil) {
        self.init(shape: shape ?? [values.count], elements: .float64(values))
    }

    /// A 0-d `float64` array, like `np.array(0.5)`.
    public static func scalar(_ value: Double) -> NumpyArray {
        NumpyArray(shape: [], elements: .float64([value]))
    }

    /// A 0-d unicode array, like `np.array("tanh")`.
    public static func string(_ value: String) -> NumpyArray {
        NumpyArray(shape: [], elements: .unicode([value]))
    }

    /// A 1-d unicode array, like `np.array(["stimulus", "context"])`.
    public static func strings(_ values: [String]) -> NumpyArray {
        NumpyArray(shape: [values.count], elements: .unicode(values))
    }

    /// The number of elements (1 for a 0-d array).
    public var count: Int { elements.count }

    /// numpy's dtype spelling, e.g. `<f4`, `|b1`, `<U4`.
    public var dtypeDescription: String { elements.dtypeDescription }

    /// The elements as `Double` (booleans as 0 and 1); nil for strings. `int64` values beyond
    /// 2^53 are rounded.
    public func doubles() -> [Double]? {
        switch elements {
        case .float32(let values): values.map(Double.init)
        case .float64(let values): values
        case .int32(let values): values.map(Double.init)
        case .int64(let values): values.map(Double.init)
        case .uint8(let values): values.map(Double.init)
        case .bool(let values): values.map { $0 ? 1 : 0 }
        case .unicode: nil
        }
    }

    /// The element at a flat (C-order) index of a float64 array; nil for other dtypes.
    public func float64Element(_ flatIndex: Int) -> Double? {
        if case .float64(let values) = elements, values.indices.contains(flatIndex) { return values[flatIndex] }
        return nil
    }

    /// The elements as `Float` (booleans as 0 and 1); nil for strings. Values are rounded to
    /// the nearest `Float`.
    public func floats() -> [Float]? {
        switch elements {
        case .float32(let values): values
        case .float64(let values): values.map(Float.init)
        case .int32(let values): values.map(Float.init)
        case .int64(let values): values.map(Float.init)
        case .uint8(let values): values.map(Float.init)
        case .bool(let values): values.map { $0 ? 1 : 0 }
        case .unicode: nil
        }
    }

    /// The elements as `Int` for integer and bool arrays, and for float arrays whose every value
    /// is an integer that `Int` holds exactly; otherwise nil.
    public func integers() -> [Int]? {
        switch elements {
        case .float32(let values): NumpyArray.exactIntegers(values)
        case .float64(let values): NumpyArray.exactIntegers(values)
        case .int32(let values): values.map(Int.init)
        case .int64(let values): NumpyArray.exactIntegers(values)
        case .uint8(let values): values.map(Int.init)
        case .bool(let values): values.map { $0 ? 1 : 0 }
        case .unicode: nil
        }
    }

    /// The string held by a one-element unicode array (0-d like `np.array("tanh")`, or with one
    /// element); nil otherwise.
    public var stringValue: String? {
        guard case .unicode(let values) = elements, values.count == 1 else { return nil }
        return values.first
    }

    /// The product of the dimensions, or nil when a dimension is negative or the product
    /// overflows `Int`.
    static func checkedElementCount(_ shape: [Int]) -> Int? {
        guard shape.allSatisfy({ $0 >= 0 }) else { return nil }
        if shape.contains(0) { return 0 }
        var product = 1
        for dimension in shape {
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            guard !overflow else { return nil }
            product = next
        }
        return product
    }

    private static func exactIntegers<T: BinaryFloatingPoint>(_ values: [T]) -> [Int]? {
        var result = [Int]()
        result.reserveCapacity(values.count)
        for value in values {
            guard let integer = Int(exactly: value) else { return nil }
            result.append(integer)
        }
        return result
    }

    private static func exactIntegers<T: BinaryInteger>(_ values: [T]) -> [Int]? {
        var result = [Int]()
        result.reserveCapacity(values.count)
        for value in values {
            guard let integer = Int(exactly: value) else { return nil }
            result.append(integer)
        }
        return result
    }
}
