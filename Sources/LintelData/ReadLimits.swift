/// How much memory reading one array from a file may take.
///
/// A file's claims — an `.npz` member's uncompressed size in the zip directory, an array's
/// shape × item size in its `.npy` header — are checked against this before anything is
/// allocated, so a small or damaged file that declares a huge array is refused with one line
/// naming the size instead of exhausting memory. The policy belongs to the caller (a command
/// with a memory budget passes its own); readers only enforce it.
public struct ReadLimits: Sendable, Equatable {
    /// The largest array read into memory, in bytes: as stored in the file, and once decoded
    /// (narrow integers widen, strings become Swift strings).
    public var maximumArrayBytes: Int

    public init(maximumArrayBytes: Int) {
        self.maximumArrayBytes = maximumArrayBytes
    }

    /// 8 GiB: well above any recording Lintel can fit in reasonable time (a fit holds several
    /// float32 copies of the activity), and below what a forged header could claim.
    public static let standard = ReadLimits(maximumArrayBytes: 8 << 30)

    /// Refuses `bytes` (nil: too large for `Int`) when over the limit. `what` says what the
    /// bytes are ("uncompressed", "in memory") in the one-line message.
    func check(_ bytes: Int?, _ what: String, failure: (String) -> DataFileError) throws(DataFileError) {
        guard let bytes, bytes <= maximumArrayBytes else {
            let size = bytes.map { "\($0) bytes (\(Self.binary($0)))" } ?? "more than 2^63 bytes"
            throw failure("\(size) \(what), more than the \(Self.binary(maximumArrayBytes)) Lintel reads for one array")
        }
    }

    /// A byte count in binary units for messages: "16.0 GiB", "512 bytes".
    package static func binary(_ bytes: Int) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return "\((value * 10).rounded() / 10) \(units[unit])"
    }
}
