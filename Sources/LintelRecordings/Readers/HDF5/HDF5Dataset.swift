import CHDF5
import LintelData

/// An HDF5 dataset: its shape and element kind at once, its values when asked for, each read
/// counted against the file's ``ReadAllowance`` before anything is allocated.
struct HDF5Dataset: HDF5Object {
    let handle: HDF5Handle
    let path: String
    let file: String
    /// The dimensions, outermost first (HDF5's order, which is numpy's); `[]` for a scalar.
    let shape: [Int]
    let element: HDF5Element

    /// Takes ownership of the open dataset `id`, found at `path` (absolute) in `file`.
    init(opening id: hid_t, path: String, file: String) throws(DataFileError) {
        handle = HDF5Handle(id, close: H5Dclose)
        self.path = path
        self.file = file
        let space = HDF5Handle(H5Dget_space(id), close: H5Sclose)
        let type = HDF5Handle(H5Dget_type(id), close: H5Tclose)
        guard space.id >= 0, type.id >= 0 else { throw .hdf5("cannot read \(path)", file: file) }
        let rank = H5Sget_simple_extent_ndims(space.id)
        guard rank >= 0, rank <= 32 else { throw .hdf5("\(path) has a damaged shape", file: file) }
        var dimensions = [hsize_t](repeating: 0, count: Int(rank))
        guard H5Sget_simple_extent_dims(space.id, &dimensions, nil) >= 0 else {
            throw .hdf5("\(path) has a damaged shape", file: file)
        }
        shape = dimensions.map { Int(clamping: $0) }
        element = HDF5Element(type: type.id)
    }

    /// The number of elements; nil when it is beyond `Int` (a damaged or forged shape).
    var count: Int? {
        var total = 1
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            total = product
        }
        return total
    }

    /// How `lintel inspect` lists it.
    var stored: StoredArray { StoredArray(path: path, shape: shape, type: element.name) }

    /// Every element as a number, in C order.
    /// - Throws: when it holds no numbers, would exceed the allowance, or cannot be read.
    func numbers(_ allowance: ReadAllowance) throws(DataFileError) -> [Double] {
        guard element.isNumber else {
            throw DataFileError(file: file, problem: "\(path) holds \(element.name) values; expected numbers")
        }
        try allowance.reserve(elements: count, bytesEach: 8, for: path)
        var values = [Double](repeating: 0, count: count!)
        let status = values.withUnsafeMutableBytes {
            H5Dread(handle.id, lintel_h5t_native_double(), lintel_h5s_all(), lintel_h5s_all(), lintel_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw .hdf5("cannot read \(path); the file is damaged", file: file) }
        return values
    }

    /// Every element as a whole number (ids, ragged indices), in C order.
    /// - Throws: when it holds other than integers (whole floating-point numbers pass), or
    ///   integers beyond `Int64`.
    func integers(_ allowance: ReadAllowance) throws(DataFileError) -> [Int] {
        if case .float = element {
            let values = try numbers(allowance)
            if let index = values.firstIndex(where: { $0 != $0.rounded() || abs($0) > 0x1p62 }) {
                throw DataFileError(file: file, problem: "\(path) holds \(values[index]) at index \(index); expected whole numbers")
            }
            return values.map { Int($0) }
        }
        guard case .integer(_, let signed) = element else {
            throw DataFileError(file: file, problem: "\(path) holds \(element.name) values; expected integers")
        }
        try allowance.reserve(elements: count, bytesEach: 8, for: path)
        var values = [Int64](repeating: 0, count: count!)
        // Unsigned values read as unsigned, so one beyond Int64 is found rather than wrapped.
        let memoryType = signed ? lintel_h5t_native_int64() : lintel_h5t_native_uint64()
        let status = values.withUnsafeMutableBytes {
            H5Dread(handle.id, memoryType, lintel_h5s_all(), lintel_h5s_all(), lintel_h5p_default(), $0.baseAddress)
        }
        guard status >= 0 else { throw .hdf5("cannot read \(path); the file is damaged", file: file) }
        if !signed, let index = values.firstIndex(where: { $0 < 0 }) {
            throw DataFileError(file: file, problem: "\(path) holds \(UInt64(bitPattern: values[index])) at index \(index), beyond what Lintel counts")
        }
        return values.map { Int($0) }
    }

    /// Every element as text, in C order.
    func texts(_ allowance: ReadAllowance) throws(DataFileError) -> [String] {
        guard element == .text else {
            throw DataFileError(file: file, problem: "\(path) holds \(element.name) values; expected text")
        }
        let type = HDF5Handle(H5Dget_type(handle.id), close: H5Tclose)
        let space = HDF5Handle(H5Dget_space(handle.id), close: H5Sclose)
        let size = H5Tis_variable_str(type.id) > 0 ? 8 : H5Tget_size(type.id)
        // Each text costs its stored bytes, and a Swift string (16 bytes) once decoded.
        try allowance.reserve(elements: count, bytesEach: 16 + size, for: path)
        guard let texts = HDF5Strings.read(count: count!, fileType: type.id, space: space.id, byteLimit: .max, { memoryType, buffer in
            H5Dread(handle.id, memoryType, lintel_h5s_all(), lintel_h5s_all(), lintel_h5p_default(), buffer)
        }) else {
            throw .hdf5("cannot read the texts of \(path); the file is damaged", file: file)
        }
        return texts
    }

    /// A one-dimensional dataset as a table column: numbers or texts.
    func column(_ allowance: ReadAllowance) throws(DataFileError) -> TableColumn {
        element == .text ? .texts(try texts(allowance)) : .numbers(try numbers(allowance))
    }
}
