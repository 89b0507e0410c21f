import Foundation
import LintelData
import LintelEngine

/// LINTEL_FUZZ_TARGET=json: the bytes as each JSON file of a run or sweep folder. Reading must
/// return or throw; what was read must be writable again (a result is never lost to an encoder
/// that refuses it).
enum RunFilesTarget {
    static func run(_ data: Data) {
        let folder = FuzzScratch.folder
        let run = RunFolder(folder)
        let sweep = SweepFolder(folder)
        _ = FuzzScratch.write(data, as: "metrics.json")
        _ = FuzzScratch.write(data, as: "sweep.json")

        expectOnlyDataFileError("RunFolder.readMetrics") {
            let metrics = try run.readMetrics()
            mustEncode(metrics, "FitMetrics")
        }
        _ = run.fittedTarget
        expectOnlyDataFileError("SweepFolder.readSummary") {
            let summary = try sweep.readSummary()
            _ = summary.isComplete
            mustEncode(summary, "SweepSummary")
        }
        _ = sweep.otherData(than: "")
        // A checkpoint's `settings_json`: FitCheckpoint words any failure as a DataFileError.
        if let settings = try? JSONDecoder.lintel.decode(FitSettings.self, from: data) {
            _ = settings.effectiveLearningRate
            _ = settings.trainable
            mustEncode(settings, "FitSettings")
        }
    }

    private static func mustEncode<T: Encodable>(_ value: T, _ name: String) {
        do {
            _ = try JSONEncoder.lintel.encode(value)
        } catch {
            fatalError("a \(name) that was read could not be written again: \(error)")
        }
    }
}
