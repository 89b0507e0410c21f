import Foundation
import LintelData
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Helpers shared by the `fit`, `sweep` and `synthetic` end-to-end tests.
enum CommandTest {
    /// A small synthetic dataset (and its teacher) made by `lintel synthetic` in `scratch`.
    /// The defaults fit in a few milliseconds per epoch even in debug builds.
    @discardableResult
    static func synthetic(
        in scratch: ScratchDirectory, data: String = "data.npz", teacher: String = "teacher.npz",
        rank: Int = 1, units: Int = 20, trials: Int = 24, steps: Int = 20, seed: Int = 1
    ) throws -> (data: String, teacher: String) {
        let result = try LintelProcess.run([
            "synthetic", "--rank", "\(rank)", "--units", "\(units)", "--trials", "\(trials)",
            "--steps", "\(steps)", "--seed", "\(seed)", "--out", scratch.path(data),
            "--teacher-out", scratch.path(teacher),
        ])
        #expect(result.status == 0, "lintel synthetic failed: \(result.standardError)")
        return (scratch.path(data), scratch.path(teacher))
    }

    /// A JSON object parsed from text; records an issue and returns [:] when it is not one.
    static func jsonObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            Issue.record("not a JSON object: \(text.prefix(400))", sourceLocation: sourceLocation)
            return [:]
        }
        return object
    }

    static func jsonFile(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String: Any] {
        jsonObject(try String(contentsOfFile: path, encoding: .utf8), sourceLocation: sourceLocation)
    }

    /// Whether two parsed JSON values are equal: the same text once re-encoded with sorted keys.
    static func jsonEqual(_ a: Any, _ b: Any) -> Bool {
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        guard let x = try? JSONSerialization.data(withJSONObject: a, options: options),
            let y = try? JSONSerialization.data(withJSONObject: b, options: options)
        else { return false }
        return x == y
    }

    /// A JSON number as a Double, whichever type the parser chose for it.
    static func number(_ value: Any?) -> Double? {
        switch value {
        case let value as Int: Double(value)
        case let value as Double: value
        case let value as NSNumber: value.doubleValue
        default: nil
        }
    }

    static func numbers(_ value: Any?) -> [Double]? {
        guard let array = value as? [Any] else { return nil }
        let values = array.compactMap(number)
        return values.count == array.count ? values : nil
    }

    /// The data rows of a history.csv (header dropped), split into fields.
    static func historyRows(_ path: String) -> [[String]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A model array's float32 values, as stored.
    static func floats(_ path: String, _ key: String) throws -> [Float] {
        let array = try NPZReader(contentsOf: URL(fileURLWithPath: path), fileLabel: path).array(key)
        guard let values = array.floats() else {
            Issue.record("\(path): \(key) is not numeric")
            return []
        }
        return values
    }

    static func shape(_ path: String, _ key: String) throws -> [Int] {
        try NPZReader(contentsOf: URL(fileURLWithPath: path), fileLabel: path).array(key).shape
    }

    /// Bit patterns, so that "equal" means bit for bit (and NaN equals itself).
    static func bits(_ values: [Float]) -> [UInt32] { values.map(\.bitPattern) }

    /// SHA-256 of a file by the system's `sha256sum`, or nil when it is not installed.
    static func sha256sum(_ path: String) -> String? {
        guard let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first(where: FileManager.default.isExecutableFile)
        else { return nil }
        guard let result = try? runTool(tool, [path]), result.status == 0 else { return nil }
        return result.standardOutput.split(separator: " ").first.map(String.init)
    }

    /// Whether `python3` with numpy can be run here (the numpy checks are skipped otherwise).
    static let numpyAvailable: Bool = {
        guard let result = try? runTool("/usr/bin/env", ["python3", "-c", "import numpy"]) else { return false }
        return result.status == 0
    }()

    /// Runs python3 with a script and arguments.
    static func python(_ script: String, _ arguments: [String]) throws -> LintelProcess.Result {
        try runTool("/usr/bin/env", ["python3", "-c", script] + arguments)
    }

    static func runTool(_ tool: String, _ arguments: [String]) throws -> LintelProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return LintelProcess.Result(
            status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
            standardError: String(decoding: errData, as: UTF8.self))
    }

    /// Polls `condition` every few milliseconds until it holds or `seconds` pass. Synchronous on
    /// purpose: the other tests block the few threads of the concurrency pool while their `lintel`
    /// runs, and an async poll could then wake up only after the background fit has ended.
    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(2_000)
        }
        return condition()
    }
}

/// The real `lintel` binary running in the background, its stdout and stderr going to files (so
/// that a full pipe can never stall it).
final class BackgroundLintel {
    let process = Process()
    private let outputURL: URL
    private let errorURL: URL

    init(_ arguments: [String], scratch: ScratchDirectory, name: String) throws {
        outputURL = scratch.url.appendingPathComponent("\(name).stdout")
        errorURL = scratch.url.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.executableURL = LintelProcess.executable
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
    }

    func send(_ signalNumber: Int32) {
        kill(process.processIdentifier, signalNumber)
    }

    /// Waits for the process to end.
    func waitForExit(seconds: Double = 60) -> Bool {
        CommandTest.waitUntil(seconds: seconds) { !process.isRunning }
    }

    var standardOutput: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }
    var standardError: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
