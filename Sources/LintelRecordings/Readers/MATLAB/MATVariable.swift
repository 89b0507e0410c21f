import CMatio
import LintelData

/// A view of one matio variable — a top-level variable, a struct field or a cell — and what
/// Lintel reads from it. The memory belongs to the top-level ``MATVariableOwner``; views live
/// no longer than it (inside ``NativeLibraries/exclusively(reading:_:)``).
struct MATVariable {
    let pointer: UnsafeMutablePointer<matvar_t>
    /// Where it is, for messages: "trials(3).spikes{2}".
    let place: String

    var classType: matio_classes { pointer.pointee.class_type }

    /// MATLAB's size: every dimension, first (rows) first.
    var dims: [Int] {
        let rank = Int(pointer.pointee.rank)
        guard rank > 0, let dims = pointer.pointee.dims else { return [] }
        return (0..<rank).map { dims[$0] }
    }

    /// The number of elements; nil when the dimensions multiply beyond `Int`.
    var count: Int? {
        var total = 1
        for dimension in dims {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            total = product
        }
        return total
    }

    var isEmpty: Bool { count == 0 }

    /// A vector: at most one dimension above 1 (MATLAB has no one-dimensional arrays).
    var isVector: Bool { dims.count <= 2 && dims.filter { $0 != 1 }.count <= 1 }

    /// An integer class (int8 … uint64), not logical.
    var isInteger: Bool {
        isNumeric && pointer.pointee.isLogical == 0 && classType != MAT_C_DOUBLE && classType != MAT_C_SINGLE
    }

    var isNumeric: Bool { Self.numericClasses.contains(classType.rawValue) && pointer.pointee.isComplex == 0 }

    /// MATLAB's name for the class: "double", "int32", "logical", "char", "cell", "struct".
    var className: String {
        if pointer.pointee.isLogical != 0 { return "logical" }
        let name = Self.classNames[classType.rawValue] ?? "unknown"
        return pointer.pointee.isComplex != 0 ? "complex \(name)" : name
    }

    /// Its elements as numbers, in MATLAB's (column-major) order; nil when it is not a real
    /// numeric or logical array, or its data are missing or of the wrong size.
    func numbers() -> [Double]? {
        guard isNumeric, let count else { return nil }
        guard count > 0 else { return [] }
        guard let data = pointer.pointee.data, Int(pointer.pointee.data_size) == Self.elementBytes[classType.rawValue] else {
            return nil
        }
        switch classType {
        case MAT_C_DOUBLE: return Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: Double.self), count: count))
        case MAT_C_SINGLE: return Self.widen(data, Float.self, count)
        case MAT_C_INT8: return Self.widen(data, Int8.self, count)
        case MAT_C_UINT8: return Self.widen(data, UInt8.self, count)
        case MAT_C_INT16: return Self.widen(data, Int16.self, count)
        case MAT_C_UINT16: return Self.widen(data, UInt16.self, count)
        case MAT_C_INT32: return Self.widen(data, Int32.self, count)
        case MAT_C_UINT32: return Self.widen(data, UInt32.self, count)
        case MAT_C_INT64: return Self.widen(data, Int64.self, count)
        case MAT_C_UINT64: return Self.widen(data, UInt64.self, count)
        default: return nil
        }
    }

    /// One number: a 1×1 numeric or logical array; NaN for an empty one (MATLAB's `[]`, a
    /// value not recorded); nil otherwise.
    func scalar() -> Double? {
        guard isNumeric else { return nil }
        if isEmpty { return .nan }
        guard count == 1 else { return nil }
        return numbers()?.first
    }

    /// The text of a char row (or each row of a char matrix, joined by newlines); nil when it
    /// is not char.
    func text() -> String? {
        guard classType == MAT_C_CHAR, let count else { return nil }
        guard count > 0 else { return "" }
        guard let data = pointer.pointee.data, dims.count == 2 else { return nil }
        let rows = dims[0], columns = dims[1]
        let units: [UInt32]
        switch pointer.pointee.data_size {
        case 1: units = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: count).map(UInt32.init)
        case 2: units = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt16.self), count: count).map(UInt32.init)
        case 4: units = Array(UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt32.self), count: count))
        default: return nil
        }
        // Column-major: row r is units[r], units[r + rows], …
        let lines = (0..<rows).map { row in (0..<columns).map { units[row + rows * $0] } }
        return lines.map { line in
            if pointer.pointee.data_size == 1 && pointer.pointee.data_type == MAT_T_UTF8 {
                return String(decoding: line.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
            }
            if pointer.pointee.data_size == 2 {
                return String(decoding: line.map { UInt16(truncatingIfNeeded: $0) }, as: UTF16.self)
            }
            return String(String.UnicodeScalarView(line.compactMap(Unicode.Scalar.init)))
        }.joined(separator: "\n")
    }

    /// The cells of a cell array, in MATLAB's order; nil when it is not a cell array.
    func cells() -> [MATVariable]? {
        guard classType == MAT_C_CELL, let count else { return nil }
        var cells = [MATVariable]()
        for index in 0..<count {
            guard let cell = Mat_VarGetCell(pointer, Int32(clamping: index)) else { return nil }
            cells.append(MATVariable(pointer: cell, place: "\(place){\(index + 1)}"))
        }
        return cells
    }

    /// Each cell's text, for a cell array of char rows (MATLAB's cellstr); nil otherwise.
    func texts() -> [String]? {
        guard let cells = cells() else { return nil }
        var texts = [String]()
        for cell in cells {
            guard let text = cell.text() else { return nil }
            texts.append(text)
        }
        return texts
    }

    /// The field names of a struct, in the file's order; nil when it is not a struct.
    func fieldNames() -> [String]? {
        guard classType == MAT_C_STRUCT else { return nil }
        let fieldCount = Int(Mat_VarGetNumberOfFields(pointer))
        guard fieldCount > 0 else { return [] }
        guard let names = Mat_VarGetStructFieldnames(pointer) else { return nil }
        return (0..<fieldCount).map { names[$0].map { String(cString: $0) } ?? "" }
    }

    /// Field `index` (of ``fieldNames()``) of struct element `element` (0-based, MATLAB order).
    func field(_ index: Int, of name: String, element: Int) -> MATVariable? {
        guard let field = Mat_VarGetStructFieldByIndex(pointer, index, element) else { return nil }
        let elementPlace = (count ?? 0) > 1 ? "\(place)(\(element + 1))" : place
        return MATVariable(pointer: field, place: "\(elementPlace).\(name)")
    }

    /// What reading it whole takes, estimated from its dimensions (numbers widen to 8 bytes;
    /// each cell and struct element costs a variable header); nil when beyond `Int`. Stops
    /// counting once past `cap` (a damaged file may declare billions of elements), returning
    /// what it has counted. Works on what matio reads before the data (`Mat_VarReadNextInfo`).
    func estimatedBytes(cap: Int, depth: Int = 0) -> Int? {
        guard let count, depth < 64 else { return nil }
        let header = MemoryLayout<matvar_t>.size + 64
        var total = header
        func add(_ bytes: Int?) -> Bool {
            guard let bytes else { return false }
            let (sum, overflow) = total.addingReportingOverflow(bytes)
            total = overflow ? .max : sum
            return !overflow && total <= cap
        }
        switch classType {
        case MAT_C_STRUCT:
            let fields = fieldNames()?.count ?? 0
            let (least, overflow) = count.multipliedReportingOverflow(by: max(fields, 1) * header)
            guard !overflow, add(least) else { return overflow ? nil : total }
            for element in 0..<count {
                for index in 0..<fields {
                    let child = Mat_VarGetStructFieldByIndex(pointer, index, element)
                    let bytes = child.map { MATVariable(pointer: $0, place: place).estimatedBytes(cap: cap, depth: depth + 1) } ?? header
                    guard add(bytes) else { return bytes == nil ? nil : total }
                }
            }
            return total
        case MAT_C_CELL:
            let (least, overflow) = count.multipliedReportingOverflow(by: header)
            guard !overflow, add(least) else { return overflow ? nil : total }
            for index in 0..<count {
                let cell = Mat_VarGetCell(pointer, Int32(clamping: index))
                let bytes = cell.map { MATVariable(pointer: $0, place: place).estimatedBytes(cap: cap, depth: depth + 1) } ?? header
                guard add(bytes) else { return bytes == nil ? nil : total }
            }
            return total
        default:
            let (bytes, overflow) = count.multipliedReportingOverflow(by: 8)
            if overflow { return nil }
            _ = add(bytes)
            return total
        }
    }

    private static func widen<T: BinaryInteger>(_ data: UnsafeMutableRawPointer, _: T.Type, _ count: Int) -> [Double] {
        UnsafeBufferPointer(start: data.assumingMemoryBound(to: T.self), count: count).map { Double($0) }
    }

    private static func widen(_ data: UnsafeMutableRawPointer, _: Float.Type, _ count: Int) -> [Double] {
        UnsafeBufferPointer(start: data.assumingMemoryBound(to: Float.self), count: count).map { Double($0) }
    }

    private static let numericClasses: Set<UInt32> = [
        MAT_C_DOUBLE, MAT_C_SINGLE, MAT_C_INT8, MAT_C_UINT8, MAT_C_INT16, MAT_C_UINT16,
        MAT_C_INT32, MAT_C_UINT32, MAT_C_INT64, MAT_C_UINT64,
    ].map(\.rawValue).reduce(into: []) { $0.insert($1) }

    private static let elementBytes: [UInt32: Int] = [
        MAT_C_DOUBLE.rawValue: 8, MAT_C_SINGLE.rawValue: 4, MAT_C_INT8.rawValue: 1, MAT_C_UINT8.rawValue: 1,
        MAT_C_INT16.rawValue: 2, MAT_C_UINT16.rawValue: 2, MAT_C_INT32.rawValue: 4, MAT_C_UINT32.rawValue: 4,
        MAT_C_INT64.rawValue: 8, MAT_C_UINT64.rawValue: 8,
    ]

    private static let classNames: [UInt32: String] = [
        MAT_C_EMPTY.rawValue: "empty", MAT_C_CELL.rawValue: "cell", MAT_C_STRUCT.rawValue: "struct",
        MAT_C_OBJECT.rawValue: "object", MAT_C_CHAR.rawValue: "char", MAT_C_SPARSE.rawValue: "sparse",
        MAT_C_DOUBLE.rawValue: "double", MAT_C_SINGLE.rawValue: "single", MAT_C_INT8.rawValue: "int8",
        MAT_C_UINT8.rawValue: "uint8", MAT_C_INT16.rawValue: "int16", MAT_C_UINT16.rawValue: "uint16",
        MAT_C_INT32.rawValue: "int32", MAT_C_UINT32.rawValue: "uint32", MAT_C_INT64.rawValue: "int64",
        MAT_C_UINT64.rawValue: "uint64", MAT_C_FUNCTION.rawValue: "function", MAT_C_OPAQUE.rawValue: "opaque",
    ]
}

/// A top-level variable as matio returned it, freed with everything under it when the last
/// reference goes.
final class MATVariableOwner {
    let variable: MATVariable

    init(_ pointer: UnsafeMutablePointer<matvar_t>) {
        variable = MATVariable(pointer: pointer, place: pointer.pointee.name.map { String(cString: $0) } ?? "?")
    }

    deinit { Mat_VarFree(variable.pointer) }
}
