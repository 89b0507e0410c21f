import Foundation
import CHDF5
import CMatio
import CSignalPipe
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
    /// messages kept for the caller instead of printed. Should a library fault or loop on a
    /// damaged `file` (HDF5 1.10 can follow a corrupted heap reference, and loop on one), the
    /// process ends with status 2 and one line naming the file, as a command's refusal reads,
    /// instead of a crash or a hang: after a fault inside the library nothing can be trusted,
    /// and a loop inside it cannot be left, so there is no error to throw.
    static func exclusively<Result: Sendable>(
        reading file: String, _ body: () throws(DataFileError) -> Result
    ) throws(DataFileError) -> Result {
        try lock.withLock { _ throws(DataFileError) -> Result in
            let seconds = timeLimit(reading: file)
            let fault = DataFileError(
                file: file, problem: "is damaged: the library reading it failed on a corrupted internal reference; nothing was written")
            let loop = DataFileError(
                file: file, problem: "is damaged: reading it did not finish in \(seconds) s (the library reading it loops on a corrupted internal reference); nothing was written")
            // The front ends' "error: " prefix: this line is printed in their place.
            lintel_fault_guard_begin("error: \(fault.description)\n", "error: \(loop.description)\n", UInt32(seconds))
            defer { lintel_fault_guard_end() }
            lintel_matio_silence()
            // After matio's logger: setting it up installs an HDF5 error handler of matio's,
            // which leaves HDF5's error stack empty (the stack Lintel reads its reasons from).
            H5Eset_auto2(lintel_h5e_default(), nil, nil)
            return try body()
        }
    }

    /// How long reading `file` may take: a minute, and a second more per 20 MB (far beyond
    /// what reading takes here, about 100 MB/s).
    static func timeLimit(reading file: String) -> Int {
        let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        return 60 + bytes / 20_000_000
    }
}
