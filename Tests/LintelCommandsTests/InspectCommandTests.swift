import Foundation
import Testing

/// `lintel inspect` run as a user runs it, on the recordings of
/// Tests/LintelRecordingsTests/Fixtures (make_fixtures.py).
@Suite("lintel inspect")
struct InspectCommandTests {
    static let recordings = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LintelRecordingsTests/Fixtures")

    static func recording(_ name: String) -> String { recordings.appendingPathComponent(name).path }

    /// The parts of `lintel inspect --json` the tests read, decoded as a program would.
    struct Report: Decodable {
        struct Column: Decodable {
            struct Value: Decodable {
                let value: Scalar
                let count: Int
            }
            /// A JSON number (a numeric column's value) or string (a text column's).
            enum Scalar: Decodable, Equatable {
                case number(Double)
                case text(String)

                init(from decoder: any Decoder) throws {
                    let container = try decoder.singleValueContainer()
                    if let number = try? container.decode(Double.self) {
                        self = .number(number)
                    } else {
                        self = .text(try container.decode(String.self))
                    }
                }
            }
            let name: String
            let type: String
            let distinct: Int
            let values: [Value]?
            let range: [Double]?
        }
        struct Units: Decodable {
            let count: Int
            let id_range: [Int]?
            let spike_count: Int
            let columns: [Column]
        }
        struct Trials: Decodable {
            let count: Int
            let columns: [Column]
        }
        struct StoredArray: Decodable {
            let path: String
            let shape: [Int]
            let type: String
        }
        struct Readiness: Decodable {
            let ready: Bool
            let trials: Int?
            let neurons: Int?
        }
        let file: String
        let format: String
        let units: Units?
        let trials: Trials?
        let arrays: [StoredArray]
        let dataset: Readiness?
        let needs: [String]
    }

    static func report(_ arguments: [String]) throws -> Report {
        let result = try LintelProcess.run(["inspect"] + arguments + ["--json"])
        #expect(result.status == 0, "\(result.standardError)")
        return try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
    }

    @Test("an NWB recording's 16 units and 240 trials are listed, direction with its 8 values ×30 each")
    func listsUnitsAndTrials() throws {
        let result = try LintelProcess.run(["inspect", Self.recording("reaching.nwb")])
        #expect(result.status == 0)
        #expect(result.standardError.isEmpty)
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "\(Self.recording("reaching.nwb")): NWB 2.11.0")
        #expect(lines.contains { $0.hasPrefix("units: 16, ids 101…116, 221489 spikes") })
        #expect(lines.contains("trials: 240"))
        #expect(lines.contains { $0.hasPrefix("  direction ") && $0.hasSuffix("number  8 values ×30 each: 0, 45, 90, 135, 180, 225, 270, 315") })
        #expect(lines.contains { $0.contains("/units/spike_times ") && $0.hasSuffix("(221489,)  float64") })
        #expect(lines.contains { $0.contains("lintel import") && $0.contains("--align COLUMN") && $0.contains("move_time") })
    }

    @Test("--json decodes to the same facts")
    func json() throws {
        let report = try Self.report([Self.recording("reaching.nwb")])
        #expect(report.format == "NWB 2.11.0")
        #expect(report.units?.count == 16)
        #expect(report.units?.id_range == [101, 116])
        #expect(report.units?.spike_count == 221_489)
        #expect(report.units?.columns.map(\.name) == ["location", "preferred_deg"])
        #expect(report.trials?.count == 240)
        let direction = try #require(report.trials?.columns.first { $0.name == "direction" })
        #expect(direction.values?.map(\.value) == [0, 45, 90, 135, 180, 225, 270, 315].map { .number($0) })
        let location = try #require(report.units?.columns.first)
        #expect(location.values?.map(\.value) == [.text("M1"), .text("PMd")])
        #expect(direction.values?.allSatisfy { $0.count == 30 } == true)
        let start = try #require(report.trials?.columns.first { $0.name == "start_time" })
        #expect(start.values == nil)
        #expect(start.range == [0, 358.5])
        #expect(report.arrays.contains { $0.path == "/units/spike_times" && $0.shape == [221_489] && $0.type == "float64" })
        #expect(report.dataset == nil)
        #expect(!report.needs.isEmpty)
    }

    @Test("the HDF5 and MATLAB files of the session are described alike")
    func otherFormats() throws {
        for (name, format) in [("reaching.h5", "HDF5"), ("reaching.mat", "MATLAB v5")] {
            let report = try Self.report([Self.recording(name)])
            #expect(report.format == format)
            #expect(report.units?.count == 16)
            #expect(report.units?.spike_count == 221_489)
            #expect(report.trials?.count == 240)
            #expect(report.trials?.columns.first { $0.name == "direction" }?.values?.count == 8)
        }
    }

    @Test("one dataset is described by FILE:/group/dataset")
    func addressedDataset() throws {
        let result = try LintelProcess.run(["inspect", Self.recording("reaching.h5") + ":/units/location"])
        #expect(result.status == 0)
        #expect(result.standardOutput == "\(Self.recording("reaching.h5")):/units/location: (16,) text\n  2 values ×8 each: M1, PMd\n")
    }

    @Test("a dataset archive is listed and said ready; any other archive says why it is not")
    func numpyArchives() throws {
        let scratch = try ScratchDirectory()
        let data = try CommandTest.synthetic(in: scratch).data
        let ready = try Self.report([data])
        #expect(ready.format == "numpy .npz")
        #expect(ready.dataset?.ready == true)
        #expect(ready.dataset?.trials == 24)
        #expect(ready.dataset?.neurons == 20)
        #expect(ready.arrays.contains { $0.path == "activity" && $0.shape == [24, 20, 20] && $0.type == "float32" })
        let other = try LintelProcess.run(["inspect", Self.recording("reaching_known_rates.npz")])
        #expect(other.status == 0)
        #expect(other.standardOutput.contains("dataset: not ready — missing key 'activity'"))
    }

    static let malformed = [
        "truncated.nwb", "bad_index.nwb", "descending_index.nwb", "short_column.h5", "huge.h5", "no_tables.h5", "no_trials.mat",
        // A byte-mutated series.nwb on which HDF5 1.10 itself faults (a corrupted global-heap
        // reference): the guard around the library turns the fault into the one line.
        "faulting.nwb",
    ]

    @Test("a malformed recording is refused with one line on stderr, exit status 2, nothing on stdout or disk", arguments: malformed)
    func refusesMalformed(name: String) throws {
        let scratch = try ScratchDirectory()
        let path = Self.recording(name)
        let result = try LintelProcess.run(["inspect", path], in: scratch.url)
        #expect(result.status == 2)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.hasPrefix("error: \(path): "))
        #expect(result.standardError.filter { $0 == "\n" }.count == 1, "\(result.standardError)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).isEmpty)
    }

    @Test("a recording larger than --memory-limit is refused before it is read")
    func memoryLimit() throws {
        let result = try LintelProcess.run(["inspect", Self.recording("reaching.nwb"), "--memory-limit", "1M"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("/units/spike_times declares 221489 values"))
    }
}
