import Foundation
import LintelData
import LintelEngine

/// Ctrl-C (SIGINT), SIGTERM or SIGHUP during a command without fits to stop (simulate, analyze, …):
/// remove the temporary file of a write in progress, then exit at once with the usual status
/// (128 + the signal). The destination is untouched, as if the write had not started.
final class InterruptCleanup {
    private let watch = SignalWatch { signalNumber in
        AtomicFile.removeTemporaryFiles()
        StandardError.write("\ninterrupted (no partial file is left behind)\n")
        // _exit, not exit: exit() would run library teardown (OpenBLAS's) under a computation
        // still running on another thread. (Re-raising the signal does not work from here:
        // dispatch's threads keep it blocked.)
        _exit(128 + signalNumber)
    }
}
