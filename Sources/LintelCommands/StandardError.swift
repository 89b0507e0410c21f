import Foundation
import LintelData

/// Writes to standard error: progress and error lines never mix with results on stdout.
///
/// Through write(2), ignoring failures: once the terminal is gone (a dropped ssh connection)
/// every write fails with EIO, and FileHandle's `write` would then stop the process before a
/// stopping fit had saved its metrics.
enum StandardError {
    /// One line, whatever it quotes: control characters in it (a newline or an escape sequence in
    /// a file name) are shown as escapes (``VisibleText``). Text meant to span lines goes
    /// through ``write(_:)``.
    static func writeLine(_ text: String) {
        write(VisibleText.of(text) + "\n")
    }

    static func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in
                Foundation.write(STDERR_FILENO, raw.baseAddress! + offset, raw.count - offset)
            }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }
}
