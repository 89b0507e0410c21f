import Foundation
import LintelData

/// The files of one fit (FORMATS.md, "Run directory"): model.npz, metrics.json, history.csv and
/// checkpoint.npz, each written atomically.
public struct RunDirectory: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    public var model: URL { url.appendingPathComponent("model.npz") }
    public var metrics: URL { url.appendingPathComponent("metrics.json") }
    public var history: URL { url.appendingPathComponent("history.csv") }
    public var checkpoint: URL { url.appendingPathComponent(FitCheckpoint.fileName) }

    public func create() throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw DataFileError(file: url.path, problem: "cannot create the run folder (\(error.localizedDescription))")
        }
    }

    func writeHistory(_ rows: [HistoryRow]) throws {
        var text = "epoch,train_loss,validation_loss,validation_r2,seconds\n"
        for row in rows {
            text += "\(row.epoch),\(row.trainLoss),\(row.validationLoss),\(row.validationR2),\(row.seconds)\n"
        }
        try AtomicFile.write(Data(text.utf8), to: history)
    }

    func writeMetrics(_ metrics: FitMetrics) throws {
        try AtomicFile.write(try JSONEncoder.lintel.encode(metrics) + Data("\n".utf8), to: self.metrics)
    }

    /// The settings and data file of the fit whose checkpoint is here, for `--resume`.
    public func resumableFit() throws -> (settings: FitSettings, dataFile: String?, epochsCompleted: Int) {
        guard FileManager.default.fileExists(atPath: checkpoint.path) else {
            throw DataFileError(file: url.path, problem: "holds no checkpoint.npz; expected the folder of a fit started with --out")
        }
        let contents = try FitCheckpoint.read(checkpoint, fileLabel: checkpoint.path)
        return (contents.settings, contents.dataFile, contents.state.epochsCompleted)
    }

    /// Whether a fit has already been started here.
    public var holdsFit: Bool {
        FileManager.default.fileExists(atPath: checkpoint.path) || FileManager.default.fileExists(atPath: metrics.path)
    }

    /// Reads `metrics.json` back.
    public func readMetrics() throws -> FitMetrics {
        guard let data = FileManager.default.contents(atPath: metrics.path) else {
            throw DataFileError.noSuchFile(metrics.path)
        }
        do {
            return try JSONDecoder.lintel.decode(FitMetrics.self, from: data)
        } catch {
            throw DataFileError(file: metrics.path, problem: "is not Lintel fit metrics (\(error))")
        }
    }
}
