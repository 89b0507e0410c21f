import Foundation
import Testing

/// `lintel bench`: the list of configurations, as text and as JSON, and the recording-shape
/// configurations run for one repetition (nothing timed is asserted).
@Suite("lintel bench")
struct BenchCommandTests {
    static let recordingShapes = [
        "rec-n141-t121-b7", "fit-rec-n141-t121-b7", "rec-n300-t150-b32", "fit-rec-n300-t150-b32",
        "rec-n50-t100-b8", "fit-rec-n50-t100-b8",
    ]

    @Test("--list names and describes every configuration; with --json it is one JSON array of their sizes")
    func list() throws {
        let text = try LintelProcess.run(["bench", "--list"])
        #expect(text.status == 0)
        let lines = text.standardOutput.split(separator: "\n").map(String.init)
        let names = lines.map { String($0.prefix { $0 != " " }) }
        #expect(names.contains("lint-n512-r1") && names.contains("teacher-full-n512"))
        for name in Self.recordingShapes { #expect(names.contains(name)) }
        let m1 = try #require(lines.first { $0.hasPrefix("rec-n141-t121-b7 ") })
        #expect(m1.contains("currents") && m1.contains("N 141") && m1.contains("T 121") && m1.contains("7 trials"))
        let m1Fit = try #require(lines.first { $0.hasPrefix("fit-rec-n141-t121-b7 ") })
        #expect(m1Fit.contains("1 held out"))

        let json = try LintelProcess.run(["bench", "--list", "--json"])
        #expect(json.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        let rows = try #require(document, "not a JSON array: \(json.standardOutput)")
        #expect(rows.map { $0["name"] as? String } == names)
        let cdm = try #require(rows.first { $0["name"] as? String == "lint-n512-r1" })
        #expect(cdm["units"] as? Int == 512 && cdm["rank"] as? Int == 1 && cdm["steps"] as? Int == 68 && cdm["batch"] as? Int == 32)
        let large = try #require(rows.first { $0["name"] as? String == "fit-rec-n300-t150-b32" })
        #expect(large["units"] as? Int == 300 && large["rank"] as? Int == 3 && large["inputs"] as? Int == 3)
        #expect(large["steps"] as? Int == 150 && large["batch"] as? Int == 32 && large["trials"] as? Int == 72)
        #expect(large["heldOutTrials"] as? Int == 8 && large["kind"] as? String == "wholeFit")
    }

    struct Report: Decodable {
        struct Result: Decodable {
            var name: String
            var units: Int
            var steps: Int
            var trials: Int
            var stepsPerEpoch: Int
            var secondsPerEpoch: Double
            var medianSecondsPerEpoch: Double
            var gflops: Double
        }
        var results: [Result]
    }

    @Test("each recording-shape configuration runs, optimiser steps and whole fits, and reports finite figures")
    func recordingShapesRun() throws {
        let result = try LintelProcess.run(
            ["bench", "--config"] + Self.recordingShapes + ["--repetitions", "1", "--warmup", "0", "--fit-epochs", "3", "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
        #expect(report.results.map(\.name) == Self.recordingShapes)
        for row in report.results {
            #expect(row.secondsPerEpoch.isFinite && row.secondsPerEpoch > 0, "\(row.name): \(row.secondsPerEpoch)")
            #expect(row.medianSecondsPerEpoch.isFinite && row.gflops.isFinite && row.gflops > 0, "\(row.name)")
        }
        let large = try #require(report.results.first { $0.name == "rec-n300-t150-b32" })
        #expect(large.units == 300 && large.steps == 150 && large.trials == 72 && large.stepsPerEpoch == 3)
    }

    @Test("--fit-epochs below 1 is refused as a usage error (status 64), nothing run")
    func fitEpochsChecked() throws {
        let result = try LintelProcess.run(["bench", "--config", "fit-rec-n50-t100-b8", "--fit-epochs", "0"])
        #expect(result.status == 64 && result.standardError.contains("--fit-epochs must be at least 1"))
        #expect(result.standardOutput.isEmpty)
    }
}
