import Foundation

/// The words bash reads from a command line: an independent reader of how twin commands are
/// quoted and wrapped (each word printed NUL-terminated).
package enum ShellWords {
    package static func read(_ text: String, environment: [String: String]? = nil) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", "set -- \(text)\nprintf '%s\\0' \"$@\""]
        if let environment { process.environment = environment }
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\0", omittingEmptySubsequences: false)
            .dropLast().map(String.init)
    }
}
