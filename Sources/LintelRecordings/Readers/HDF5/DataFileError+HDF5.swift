import CHDF5
import LintelData

extension DataFileError {
    /// `problem` with HDF5's innermost reason for the last failure on this thread, when it gave
    /// one: "cannot read /units/spike_times (HDF5: …)". Clears HDF5's error stack.
    static func hdf5(_ problem: String, file: String) -> DataFileError {
        var buffer = [CChar](repeating: 0, count: 256)
        buffer.withUnsafeMutableBufferPointer { lintel_h5_take_error($0.baseAddress!) }
        let reason = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return DataFileError(file: file, problem: reason.isEmpty ? problem : "\(problem) (HDF5: \(reason))")
    }
}
