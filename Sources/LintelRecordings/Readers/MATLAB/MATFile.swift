import CMatio
import LintelData

/// A MATLAB MAT-file (v5/v7, or v7.3 — HDF5 behind the header) open for reading with matio.
final class MATFile {
    /// The file as the user named it.
    let label: String
    /// "5" or "7.3".
    let version: String
    /// Each top-level variable as matio describes it before reading its data, in file order.
    let variables: [MATVariableOwner]
    private let handle: OpaquePointer

    /// Opens `path` and reads the description of every variable.
    /// - Throws: when matio cannot open it or its variables' descriptions are damaged.
    init(path: String, label: String) throws(DataFileError) {
        guard let handle = Mat_Open(path, Int32(MAT_ACC_RDONLY.rawValue)) else {
            throw Self.failure("is damaged or cut short: matio cannot open it as a MAT-file", file: label)
        }
        self.handle = handle
        self.label = label
        switch Mat_GetVersion(handle) {
        case MAT_FT_MAT73: version = "7.3"
        case MAT_FT_MAT5: version = "5"
        default: version = "4"
        }
        var variables = [MATVariableOwner]()
        while variables.count < 100_000, let info = Mat_VarReadNextInfo(handle) {
            variables.append(MATVariableOwner(info))
        }
        // matio ends the list on a damaged variable as it does at the end of the file; it
        // tells them apart only in what it logs.
        let problem = Self.takeError()
        guard problem.isEmpty else {
            throw DataFileError(
                file: label, problem: "is damaged or cut short after \(variables.count) variable(s) (matio: \(problem))")
        }
        self.variables = variables
    }

    deinit { Mat_Close(handle) }

    /// How `lintel inspect` lists each variable.
    var storedArrays: [StoredArray] {
        variables.map { StoredArray(path: $0.variable.place, shape: $0.variable.dims, type: $0.variable.className) }
    }

    /// The description of the variable `name`, nil when the file has none.
    func info(_ name: String) -> MATVariable? {
        variables.first { $0.variable.place == name }?.variable
    }

    /// Runs `body` on the variable `name` read whole, once its estimated size is counted
    /// against `allowance` (twice: matio's copy and Lintel's). The variable is freed when
    /// `body` returns: views of it must not outlive it.
    func withVariable<T>(
        _ name: String, allowance: ReadAllowance, _ body: (MATVariable) throws(DataFileError) -> T
    ) throws(DataFileError) -> T {
        guard let info = info(name) else {
            throw DataFileError(file: label, problem: "has no variable '\(name)'")
        }
        let estimate = info.estimatedBytes(cap: allowance.limits.maximumArrayBytes)
        try allowance.reserve(bytes: estimate.flatMap { $0 > Int.max / 2 ? nil : 2 * $0 }, for: "variable '\(name)'")
        guard let pointer = Mat_VarRead(handle, name) else {
            throw Self.failure("cannot read variable '\(name)'; the file is damaged", file: label)
        }
        let owner = MATVariableOwner(pointer)
        return try withExtendedLifetime(owner) { () throws(DataFileError) -> T in try body(owner.variable) }
    }

    private static func failure(_ problem: String, file: String) -> DataFileError {
        let reason = takeError()
        return DataFileError(file: file, problem: reason.isEmpty ? problem : "\(problem) (matio: \(reason))")
    }

    /// What matio last logged as an error on this thread ("" when nothing), forgotten.
    private static func takeError() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        buffer.withUnsafeMutableBufferPointer { lintel_matio_take_error($0.baseAddress!) }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
