import CHDF5
import CMatio
import LintelData
import Synchronization

/// The one door to HDF5 and matio. Both keep process-wide state — HDF5 its error stacks and
/// automatic error printing (per thread in a thread-safe build), matio its logger — and matio
/// is not thread-safe, so every call into either goes through ``exclusively(_:)``: one caller
/// at a time, with both libraries silenced on the calling thread, so that nothing but Lintel's
/// own one-line message reaches standard error.
enum NativeLibraries {
    private static let lock = Mutex(())

    /// Runs `body` holding the lock, with HDF5's automatic error printing off and matio's
    /// messages kept for the caller instead of printed.
    static func exclusively<Result: Sendable>(
        _ body: () throws(DataFileError) -> Result
    ) throws(DataFileError) -> Result {
        try lock.withLock { _ throws(DataFileError) -> Result in
            lintel_matio_silence()
            // After matio's logger: setting it up installs an HDF5 error handler of matio's,
            // which leaves HDF5's error stack empty (the stack Lintel reads its reasons from).
            H5Eset_auto2(lintel_h5e_default(), nil, nil)
            return try body()
        }
    }
}
