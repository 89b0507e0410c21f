import Foundation

/// Writes to standard error: progress and error lines never mix with results on stdout.
enum StandardError {
    static func writeLine(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
