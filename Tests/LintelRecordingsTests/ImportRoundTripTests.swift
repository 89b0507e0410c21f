import Foundation
import LintelData
import Testing

@testable import LintelRecordings

@Suite("Import: Poisson spikes from known rates come back")
struct ImportRoundTripTests {
    /// The issue's command: --align move_time --window=-800,400 --bin-ms 10 --smooth-ms 25
    /// --condition direction --average --input cos_dir --input sin_dir.
    static func settings() -> ImportSettings {
        var settings = ImportTestRecordings.settings(align: "move_time", window: (-800, 400), bin: 10, smooth: 25)
        settings.conditionColumns = ["direction"]
        settings.average = true
        settings.inputs = [.constant(column: "cos_dir"), .constant(column: "sin_dir")]
        return settings
    }

    @Test(
        "30 trials per direction, smoothed and averaged, match the known rates with R² ≥ 0.85 (0.864, 0.857, 0.874 measured)",
        arguments: [1, 2, 3] as [UInt64])
    func knownRates(seed: UInt64) throws {
        let session = ReachingSession(seed: seed)
        let dataset = try ImportPlan(recording: session.recording, settings: Self.settings()).run()
        let shape = [dataset.rowCount, dataset.binCount, dataset.unitCount]
        #expect(shape == [8, 120, 16])
        #expect(dataset.timeMilliseconds == (0..<120).map { -795 + 10 * Double($0) })
        let truth = session.knownRates(timeMilliseconds: dataset.timeMilliseconds)
        let r2 = rSquared(dataset.activity, truth, units: 16)
        print("seed \(seed): R² of the imported rates against the known rates: \(r2)")
        #expect(r2 >= 0.85, "R² \(r2)")
        // Without smoothing the same trials are noisier.
        var unsmoothed = Self.settings()
        unsmoothed.smoothMilliseconds = 0
        let raw = try ImportPlan(recording: session.recording, settings: unsmoothed).run()
        #expect(rSquared(raw.activity, truth, units: 16) < r2)

        #expect(dataset.condition == Array(0..<8))
        #expect(dataset.conditionValues == ReachingSession.directions.map { [.number($0)] })
        #expect(dataset.trialCounts == [Int](repeating: 30, count: 8))
        #expect(dataset.unitIDs == Array(101...116))
        #expect(dataset.inputNames == ["cos_dir", "sin_dir"])
        for row in 0..<8 {
            let angle = ReachingSession.directions[row] * .pi / 180
            for bin in [0, 60, 119] {
                let base = (row * 120 + bin) * 2
                #expect(abs(Double(dataset.inputs[base]) - cos(angle)) < 1e-6)
                #expect(abs(Double(dataset.inputs[base + 1]) - sin(angle)) < 1e-6)
            }
        }
    }

    @Test("the archive holds the dataset keys and the import's, and loads as a dataset with dt_ms as its bin width")
    func archive() throws {
        let session = ReachingSession(seed: 1, trialsPerDirection: 3)
        let dataset = try ImportPlan(recording: session.recording, settings: Self.settings()).run()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lintel-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("d.npz")
        try NPZWriter.write(dataset.arrays(importText: dataset.steps), to: url, compressed: false)

        let loaded = try Dataset.load(url)
        #expect(loaded.activity.shape == [8, 120, 16] && loaded.inputs.shape == [8, 120, 2])
        #expect(loaded.condition == Array(0..<8))
        #expect(loaded.dtMilliseconds == 10)
        #expect(loaded.activity.storage == dataset.activity)

        let reader = try NPZReader(contentsOf: url, fileLabel: "d.npz")
        #expect(reader.keys == [
            "activity", "inputs", "condition", "condition_values", "condition_columns", "trial_counts", "time_ms",
            "dt_ms", "unit_ids", "input_names", "import",
        ])
        #expect(try reader.array("condition_values").shape == [8, 1])
        #expect(try reader.array("condition_values").doubles() == ReachingSession.directions)
        #expect(try reader.array("condition_columns").elements == .unicode(["direction"]))
        #expect(try reader.array("unit_ids").elements == .int64((101...116).map(Int64.init)))
        #expect(try reader.array("input_names").elements == .unicode(["cos_dir", "sin_dir"]))
        #expect(try reader.array("trial_counts").integers() == [Int](repeating: 3, count: 8))
        let text = try #require(try reader.array("import").stringValue)
        #expect(text.contains("aligned to move_time; window −800…400 ms"))
        #expect(text.contains("Gaussian smoothing σ 25 ms (kernel to ±80 ms"))
        #expect(text.contains("grouped by direction into 8 conditions; averaged over the trials of each condition (3 each)"))
    }

    @Test("single trials keep their condition label, their values and their row of the trials table")
    func singleTrials() throws {
        let session = ReachingSession(seed: 1, trialsPerDirection: 2)
        var settings = Self.settings()
        settings.average = false
        let dataset = try ImportPlan(recording: session.recording, settings: settings).run()
        #expect(dataset.rowCount == 16)
        #expect(dataset.trialIndices == Array(0..<16))
        guard case .numbers(let directions)? = session.recording.trials?["direction"] else {
            Issue.record("no direction column")
            return
        }
        #expect(dataset.condition == directions.map { Int($0 / 45) })
        #expect(dataset.conditionValues == directions.map { [.number($0)] })
        let names = dataset.arrays(importText: "").map(\.0)
        #expect(names.contains("trial_index") && !names.contains("trial_counts"))
    }
}
