import Foundation
import Testing

@testable import LintelData

/// The fixtures written by `Fixtures/make_fixtures.py` with numpy, and their manifest.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

    static func data(_ name: String) throws -> Data { try Data(contentsOf: url(name)) }

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: data("manifest.json"))
    }
}

/// The fuzz harness's seeds (Tests/FuzzCorpus/npz), among them the reproducers of what it
/// found, read by the regression tests as they are.
enum FuzzSeeds {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FuzzCorpus/npz")

    static func data(_ name: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(name)) }
}

/// One JSON value from the manifest: a number, a bool or a string.
enum JSONScalar: Decodable, Sendable {
    case number(Double)
    case bool(Bool)
    case string(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    var string: String? { if case .string(let value) = self { value } else { nil } }
}

struct Manifest: Decodable, Sendable {
    struct NPY: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var descr: String
        var shape: [Int]
        var fortranOrder: Bool
        var version: String
        var values: [JSONScalar]
        var testDescription: String { file }
    }

    struct NPZ: Decodable, Sendable, CustomTestStringConvertible {
        var file: String
        var compressed: Bool
        var dataDescriptors: Bool
        var keys: [String]
        var testDescription: String { file }
    }

    struct ExpectedArray: Decodable, Sendable {
        var descr: String
        var shape: [Int]
        var values: [JSONScalar]
    }

    struct BitExact: Decodable, Sendable {
        var file: String
        var key: String
        var shape: [Int]
        var bits: [UInt32]
    }

    var npy: [NPY]
    var npz: [NPZ]
    var npzArrays: [String: ExpectedArray]
    var bitExact: [BitExact]
}

/// The elements Lintel should produce for values of a numpy dtype (narrow integers widened,
/// byte strings as text).
func expectedElements(descr: String, values: [JSONScalar]) -> NumpyElements? {
    let code = descr.drop { "<>|=".contains($0) }
    let numbers = values.compactMap(\.number)
    switch code.prefix(1) {
    case "f":
        return code == "f4" ? .float32(numbers.map { Float($0) }) : .float64(numbers)
    case "i":
        return code == "i8" ? .int64(numbers.map { Int64($0) }) : .int32(numbers.map { Int32($0) })
    case "u":
        switch code {
        case "u1": return .uint8(numbers.map { UInt8($0) })
        case "u2": return .int32(numbers.map { Int32($0) })
        default: return .int64(numbers.map { Int64($0) })
        }
    case "b": return .bool(values.compactMap(\.bool))
    case "U", "S": return .unicode(values.compactMap(\.string))
    default: return nil
    }
}

/// Runs `body` and returns the `DataFileError` it throws; records an issue when it throws
/// something else or nothing.
@discardableResult
func expectDataFileError(
    _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> DataFileError? {
    do {
        try body()
        Issue.record("expected a DataFileError, but nothing was thrown. \(comment?.rawValue ?? "")",
            sourceLocation: sourceLocation)
    } catch let error as DataFileError {
        return error
    } catch {
        Issue.record("expected a DataFileError, got \(type(of: error)): \(error). \(comment?.rawValue ?? "")",
            sourceLocation: sourceLocation)
    }
    return nil
}

/// Runs `body`, which may succeed or throw, and records an issue only when it throws
/// something other than `DataFileError`.
func expectNoErrorButDataFileError(_ context: String, _ body: () throws -> Void) {
    do {
        try body()
    } catch is DataFileError {
    } catch {
        Issue.record("\(context): threw \(type(of: error)) instead of DataFileError: \(error)")
    }
}

/// A fresh temporary directory, removed when the returned value is deinitialized.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "LintelDataTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }
}
