import Foundation

/// Reading and writing single arrays in numpy's `.npy` format (NEP 1, `numpy.lib.format`).
///
/// Reading accepts format versions 1.0, 2.0 and 3.0, either byte order, C or Fortran order and
/// the dtypes of `NumpyElements`. Writing produces the bytes `np.save` produces for the same
/// array: version 1.0 when the header fits, little-endian, C order.
public enum NPYFormat {
    /// Decodes a complete `.npy` file or `.npz` member.
    ///
    /// - Parameters:
    ///   - fileLabel: the file as the user named it, for messages.
    ///   - key: the member's key inside an `.npz` archive, for messages; nil for a `.npy` file.
    ///   - limits: the largest array to decode.
    /// - Throws: `DataFileError` when the bytes are not a readable numpy array, or would take
    ///   more memory than `limits` allow.
    public static func decode(
        _ data: Data, fileLabel: String, key: String? = nil, limits: ReadLimits = .standard
    ) throws -> NumpyArray {
        try decodeTyped(data, fileLabel: fileLabel, key: key, limits: limits)
    }

    static func decodeTyped(
        _ data: Data, fileLabel: String, key: String?, limits: ReadLimits
    ) throws(DataFileError) -> NumpyArray {
        func failure(_ problem: String) -> DataFileError {
            .array(problem, file: fileLabel, key: key)
        }
        let header = try NPYHeader.read(from: data, fileLabel: fileLabel, key: key)
        let dtype: NPYDtype
        switch header.descr {
        case .string(let descr):
            do throws(NPYDtype.Failure) {
                dtype = try NPYDtype.parse(descr)
            } catch {
                switch error {
                case .object: throw .pickledObjectArray(file: fileLabel, key: key, descr: descr)
                case .unsupported(let reason): throw failure(reason)
                }
            }
        case .list:
            throw failure(
                "structured dtype \(header.descr.pythonDescription) is not supported; \(NPYDtype.supportedSummary)")
        default:
            throw failure("unsupported dtype \(header.descr.pythonDescription); \(NPYDtype.supportedSummary)")
        }
        guard let count = NumpyArray.checkedElementCount(header.shape) else {
            throw failure("shape \(DataFileError.formatShape(header.shape)) is too large")
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.itemSize)
        guard !overflow else {
            throw failure("shape \(DataFileError.formatShape(header.shape)) is too large")
        }
        let available = data.count - header.dataOffset
        guard available >= byteCount else {
            throw failure("truncated: header says \(byteCount) bytes of data, found \(available)")
        }
        // Decoded arrays outgrow their bytes (narrow integers widen, each string becomes a
        // 16-byte Swift String), so the limit applies to the larger of the two.
        let (decodedBytes, decodedOverflow) = count.multipliedReportingOverflow(by: dtype.decodedSize)
        try limits.check(
            decodedOverflow ? nil : max(byteCount, decodedBytes),
            "in memory for shape \(DataFileError.formatShape(header.shape)) of dtype \(header.descr.pythonDescription)",
            failure: failure)
        var elements = try decodeElements(
            data, offset: header.dataOffset, count: count, dtype: dtype, failure: failure)
        if header.fortranOrder && header.shape.count >= 2 {
            elements = elements.fortranToCOrder(shape: header.shape)
        }
        return NumpyArray(shape: header.shape, elements: elements)
    }

    private static func decodeElements(
        _ data: Data, offset: Int, count: Int, dtype: NPYDtype, failure: (String) -> DataFileError
    ) throws(DataFileError) -> NumpyElements {
        let big = dtype.bigEndian
        switch dtype.kind {
        case .float32: return .float32(BulkCopy.float32s(from: data, offset: offset, count: count, bigEndian: big))
        case .float64: return .float64(BulkCopy.float64s(from: data, offset: offset, count: count, bigEndian: big))
        case .int32:
            return .int32(BulkCopy.integers(Int32.self, from: data, offset: offset, count: count, bigEndian: big))
        case .int64:
            return .int64(BulkCopy.integers(Int64.self, from: data, offset: offset, count: count, bigEndian: big))
        case .uint8: return .uint8(BulkCopy.values(UInt8.self, from: data, offset: offset, count: count))
        case .bool: return .bool(BulkCopy.values(UInt8.self, from: data, offset: offset, count: count).map { $0 != 0 })
        case .int8:
            return .int32(BulkCopy.values(Int8.self, from: data, offset: offset, count: count).map(Int32.init))
        case .int16:
            return .int32(
                BulkCopy.integers(Int16.self, from: data, offset: offset, count: count, bigEndian: big).map(Int32.init))
        case .uint16:
            return .int32(
                BulkCopy.integers(UInt16.self, from: data, offset: offset, count: count, bigEndian: big).map(Int32.init))
        case .uint32:
            return .int64(
                BulkCopy.integers(UInt32.self, from: data, offset: offset, count: count, bigEndian: big).map(Int64.init))
        case .uint64:
            let raw = BulkCopy.integers(UInt64.self, from: data, offset: offset, count: count, bigEndian: big)
            var values = [Int64]()
            values.reserveCapacity(raw.count)
            for (index, value) in raw.enumerated() {
                guard let converted = Int64(exactly: value) else {
                    throw failure("uint64 element \(index) is \(value), beyond the int64 range Lintel reads")
                }
                values.append(converted)
            }
            return .int64(values)
        case .unicode(let characters):
            let units = BulkCopy.integers(
                UInt32.self, from: data, offset: offset, count: count * characters, bigEndian: big)
            var strings = [String]()
            strings.reserveCapacity(count)
            for index in 0..<count {
                let element = units[(index * characters)..<((index + 1) * characters)]
                var end = element.endIndex
                while end > element.startIndex, element[end - 1] == 0 { end -= 1 }
                var scalars = String.UnicodeScalarView()
                for unit in element[element.startIndex..<end] {
                    guard let scalar = Unicode.Scalar(unit) else {
                        throw failure(
                            "element \(index) holds 0x\(String(unit, radix: 16)), not a unicode code point")
                    }
                    scalars.append(scalar)
                }
                strings.append(String(scalars))
            }
            return .unicode(strings)
        case .bytes(let length):
            let bytes = BulkCopy.values(UInt8.self, from: data, offset: offset, count: count * length)
            var strings = [String]()
            strings.reserveCapacity(count)
            for index in 0..<count {
                var element = bytes[(index * length)..<((index + 1) * length)]
                while let last = element.last, last == 0 { element = element.dropLast() }
                // numpy's `S` strings are bytes; Lintel reads them as latin-1 text.
                strings.append(String(String.UnicodeScalarView(element.map { Unicode.Scalar($0) })))
            }
            return .unicode(strings)
        }
    }

    /// The `.npy` bytes `np.save` writes for this array: a version 1.0 header (2.0 or 3.0 only
    /// when needed), little-endian data in C order.
    public static func encode(_ array: NumpyArray) -> Data {
        var data = NPYHeader.encode(descr: array.dtypeDescription, shape: array.shape)
        switch array.elements {
        case .float32(let values): BulkCopy.appendLittleEndian(values, to: &data)
        case .float64(let values): BulkCopy.appendLittleEndian(values, to: &data)
        case .int32(let values): BulkCopy.appendLittleEndian(values, to: &data)
        case .int64(let values): BulkCopy.appendLittleEndian(values, to: &data)
        case .uint8(let values): data.append(contentsOf: values)
        case .bool(let values): data.append(contentsOf: values.map { $0 ? 1 : 0 })
        case .unicode(let values):
            let width = NumpyElements.unicodeWidth(values)
            var units = [UInt32]()
            units.reserveCapacity(values.count * width)
            for value in values {
                var written = 0
                for scalar in value.unicodeScalars {
                    units.append(scalar.value)
                    written += 1
                }
                units.append(contentsOf: repeatElement(0, count: width - written))
            }
            BulkCopy.appendLittleEndian(units, to: &data)
        }
        return data
    }

    /// Reads a `.npy` file.
    ///
    /// - Parameters:
    ///   - fileLabel: the file as the user named it, for messages.
    ///   - limits: the largest array to decode.
    /// - Throws: `DataFileError` ("no such file", unreadable, or not a readable array).
    public static func read(
        contentsOf url: URL, fileLabel: String, limits: ReadLimits = .standard
    ) throws -> NumpyArray {
        let data = try FileReading.contents(of: url, fileLabel: fileLabel)
        return try decodeTyped(data, fileLabel: fileLabel, key: nil, limits: limits)
    }

    /// Writes `array` as a `.npy` file, atomically (a temporary file in the same directory,
    /// then a rename).
    public static func write(_ array: NumpyArray, to url: URL) throws {
        try AtomicFile.write(encode(array), to: url)
    }
}

extension NumpyElements {
    /// The same elements reordered from Fortran to C order for an array of this shape.
    func fortranToCOrder(shape: [Int]) -> NumpyElements {
        switch self {
        case .float32(let values): .float32(LintelData.fortranToCOrder(values, shape: shape))
        case .float64(let values): .float64(LintelData.fortranToCOrder(values, shape: shape))
        case .int32(let values): .int32(LintelData.fortranToCOrder(values, shape: shape))
        case .int64(let values): .int64(LintelData.fortranToCOrder(values, shape: shape))
        case .uint8(let values): .uint8(LintelData.fortranToCOrder(values, shape: shape))
        case .bool(let values): .bool(LintelData.fortranToCOrder(values, shape: shape))
        case .unicode(let values): .unicode(LintelData.fortranToCOrder(values, shape: shape))
        }
    }
}
