import Foundation
import LintelNumerics

/// The arrays of one `.npz` file, read on demand with the checks every loader needs: presence,
/// number of dimensions, sizes, numeric type and finiteness. Each failure is a ``DataFileError``
/// that names the file, the key, the shape found and the shape expected.
public struct KeyedArrays: Sendable {
    public let reader: NPZReader
    /// The file as the user named it.
    public let file: String

    /// - Parameter limits: the largest array to read (``ReadLimits/standard`` by default).
    public init(contentsOf url: URL, fileLabel: String? = nil, limits: ReadLimits = .standard) throws {
        let label = fileLabel ?? url.path
        self.reader = try NPZReader(contentsOf: url, fileLabel: label, limits: limits)
        self.file = label
    }

    public var keys: [String] { reader.keys }
    public func contains(_ key: String) -> Bool { reader.contains(key) }

    /// A numeric (or boolean) array, with `dimensions` dimensions when given.
    public func numeric(_ key: String, dimensions: Int? = nil, expected: String) throws -> NumpyArray {
        guard reader.contains(key) else {
            throw DataFileError.missingKey(key, in: file, expected: expected)
        }
        let array = try reader.array(key)
        if case .unicode = array.elements {
            throw DataFileError(
                file: file,
                problem: "\(key) holds text (dtype \(array.dtypeDescription)); expected numbers \(expected)")
        }
        if let dimensions, array.shape.count != dimensions {
            throw DataFileError.wrongShape(key, in: file, found: array.shape, expected: expected)
        }
        return array
    }

    /// A finite 3-d array (e.g. (trials, time, neurons)).
    public func tensor3<Scalar: BLASScalar>(
        _ key: String, expected: String, as _: Scalar.Type = Scalar.self
    ) throws -> Tensor3<Scalar> {
        let array = try numeric(key, dimensions: 3, expected: expected)
        let values: [Scalar] = try finiteValues(of: array, key: key)
        return Tensor3(array.shape[0], array.shape[1], array.shape[2], storage: values)
    }

    /// A finite 2-d array.
    public func matrix<Scalar: BLASScalar>(
        _ key: String, expected: String, as _: Scalar.Type = Scalar.self
    ) throws -> Matrix<Scalar> {
        let array = try numeric(key, dimensions: 2, expected: expected)
        let values: [Scalar] = try finiteValues(of: array, key: key)
        return Matrix(rows: array.shape[0], columns: array.shape[1], storage: values)
    }

    /// A finite 1-d array.
    public func vector<Scalar: BLASScalar>(
        _ key: String, expected: String, as _: Scalar.Type = Scalar.self
    ) throws -> [Scalar] {
        try finiteValues(of: numeric(key, dimensions: 1, expected: expected), key: key)
    }

    /// A finite number stored as a 0-d array (or any array with one element).
    public func scalar(_ key: String, expected: String) throws -> Double {
        let array = try numeric(key, expected: expected)
        guard array.count == 1, let value = array.doubles()?.first else {
            throw DataFileError.wrongShape(key, in: file, found: array.shape, expected: expected)
        }
        guard value.isFinite else {
            throw DataFileError.nonFinite(key, in: file, at: array.shape.map { _ in 0 })
        }
        return value
    }

    /// Integer labels in a 1-d array (integers, booleans, or floats holding whole numbers).
    public func integerVector(_ key: String, expected: String) throws -> [Int] {
        let array = try numeric(key, dimensions: 1, expected: expected)
        guard let values = array.integers() else {
            throw DataFileError(
                file: file,
                problem: "\(key) holds non-integer values (dtype \(array.dtypeDescription)); expected integer labels \(expected)")
        }
        return values
    }

    /// A text scalar such as a model's `nonlinearity`.
    public func string(_ key: String, expected: String) throws -> String {
        guard reader.contains(key) else {
            throw DataFileError.missingKey(key, in: file, expected: expected)
        }
        let array = try reader.array(key)
        guard let value = array.stringValue else {
            throw DataFileError(
                file: file,
                problem: "\(key) has dtype \(array.dtypeDescription) and shape \(DataFileError.formatShape(array.shape)); expected \(expected)")
        }
        return value
    }

    private func finiteValues<Scalar: BLASScalar>(of array: NumpyArray, key: String) throws -> [Scalar] {
        let values: [Scalar]
        if Scalar.self == Float.self, let floats = array.floats() {
            values = floats as! [Scalar]
        } else if let doubles = array.doubles() {
            values = doubles.map { Scalar($0) }
        } else {
            throw DataFileError(
                file: file, problem: "\(key) has dtype \(array.dtypeDescription); expected numbers")
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError.nonFinite(
                key, in: file, at: Self.multiIndex(bad, shape: array.shape), stored: array.float64Element(bad))
        }
        return values
    }

    static func multiIndex(_ flat: Int, shape: [Int]) -> [Int] {
        var remainder = flat
        var index = [Int](repeating: 0, count: shape.count)
        for axis in stride(from: shape.count - 1, through: 0, by: -1) where shape[axis] > 0 {
            index[axis] = remainder % shape[axis]
            remainder /= shape[axis]
        }
        return index
    }
}
