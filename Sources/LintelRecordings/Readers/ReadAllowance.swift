import LintelData

/// What reading one file may fill in memory, counted as its arrays are read. Each array's size
/// as the file declares it (a shape, a MATLAB variable's dimensions) is checked against what is
/// left of ``ReadLimits/maximumArrayBytes`` before anything is allocated, so a damaged or
/// forged file that claims a huge array is refused with one line instead of exhausting memory.
///
/// ```swift
/// let allowance = ReadAllowance(limits: limits, file: "session.nwb")
/// try allowance.reserve(elements: 800, bytesEach: 8, for: "/units/spike_times")
/// ```
final class ReadAllowance {
    let limits: ReadLimits
    /// The file as the user named it, for messages.
    let file: String
    private(set) var bytesReserved = 0

    init(limits: ReadLimits, file: String) {
        self.limits = limits
        self.file = file
    }

    /// Counts `elements` values of `bytesEach` bytes for `what` (a dataset path, a variable
    /// name); nil elements means more than `Int` can count.
    func reserve(elements: Int?, bytesEach: Int, for what: String) throws(DataFileError) {
        let bytes = elements.flatMap { count -> Int? in
            let (product, overflow) = count.multipliedReportingOverflow(by: bytesEach)
            return overflow ? nil : product
        }
        try reserve(bytes: bytes, for: what, declared: elements.map { "\($0) values" } ?? "more values than can be counted")
    }

    /// Counts `bytes` (nil: more than `Int` can count) for `what`, an estimate made from what
    /// the file declares (a MATLAB variable's dimensions).
    func reserve(bytes: Int?, for what: String) throws(DataFileError) {
        try reserve(bytes: bytes, for: what, declared: nil)
    }

    private func reserve(bytes: Int?, for what: String, declared: String?) throws(DataFileError) {
        let total = bytes.flatMap { bytes -> Int? in
            let (sum, overflow) = bytesReserved.addingReportingOverflow(bytes)
            return overflow ? nil : sum
        }
        guard let total, total <= limits.maximumArrayBytes else {
            let size = bytes.map { "\(ReadLimits.binary($0)) in memory" } ?? "more memory than can be counted"
            let claim = declared.map { "declares \($0), \(size)" } ?? "needs \(size)"
            let before = bytesReserved > 0 ? " with the \(ReadLimits.binary(bytesReserved)) read before it" : ""
            throw DataFileError(
                file: file,
                problem: "\(what) \(claim); that is more than the \(ReadLimits.binary(limits.maximumArrayBytes)) Lintel may read from one file\(before)")
        }
        bytesReserved = total
    }
}
