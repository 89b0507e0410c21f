/// The elements of a numpy array, typed, in C (row-major) order and native byte order.
///
/// Files in Fortran order or big-endian byte order are converted on read. Narrower integer
/// dtypes that numpy can write (`i1`, `i2`, `u2`, `u4`, `u8`) are widened on read to `int32` or
/// `int64`, and byte strings (`S`) are read as unicode.
public enum NumpyElements: Sendable, Equatable {
    /// numpy `float32` (`<f4`).
    case float32([Float])
    /// numpy `float64` (`<f8`).
    case float64([Double])
    /// numpy `int32` (`<i4`).
    case int32([Int32])
    /// numpy `int64` (`<i8`).
    case int64([Int64])
    /// numpy `uint8` (`|u1`).
    case uint8([UInt8])
    /// numpy `bool` (`|b1`).
    case bool([Bool])
    /// numpy fixed-width unicode strings (`<U…`); trailing NUL characters are not kept, as in numpy.
    case unicode([String])

    /// The number of elements.
    public var count: Int {
        switch self {
        case .float32(let values): values.count
        case .float64(let values): values.count
        case .int32(let values): values.count
        case .int64(let values): values.count
        case .uint8(let values): values.count
        case .bool(let values): values.count
        case .unicode(let values): values.count
        }
    }

    /// numpy's spelling of the dtype Lintel writes for these elements: `<f4`, `<f8`, `<i4`,
    /// `<i8`, `|u1`, `|b1`, or `<U` followed by the longest string's length in characters
    /// (at least 1, as numpy does).
    public var dtypeDescription: String {
        switch self {
        case .float32: "<f4"
        case .float64: "<f8"
        case .int32: "<i4"
        case .int64: "<i8"
        case .uint8: "|u1"
        case .bool: "|b1"
        case .unicode(let values): "<U\(NumpyElements.unicodeWidth(values))"
        }
    }

    /// The character width numpy gives an array of these strings: the longest length in Unicode
    /// scalars, at least 1.
    static func unicodeWidth(_ values: [String]) -> Int {
        values.reduce(1) { Swift.max($0, $1.unicodeScalars.count) }
    }
}
