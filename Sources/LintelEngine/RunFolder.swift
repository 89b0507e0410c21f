import Foundation
import LintelData

/// The one owner of a fit's folder (docs/FORMATS.md, "Run directory"): `model.npz`,
/// `metrics.json`, `history.csv` and `checkpoint.npz`, each written atomically, and the
/// `analysis.npz` that `lintel analyze` leaves beside the model. Nothing else names or parses
/// these files.
public struct RunFolder: Sendable {
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    public var model: URL { url.appendingPathComponent("model.npz") }
    public var metrics: URL { url.appendingPathComponent("metrics.json") }
    public var history: URL { url.appendingPathComponent("history.csv") }
    public var checkpoint: URL { url.appendingPathComponent(FitCheckpoint.fileName) }
    /// Where `lintel analyze` writes by default and where clusters are looked up.
    public var analysis: URL { url.appendingPathComponent("analysis.npz") }

    /// The files a fit writes here.
    public var outputs: [URL] { [model, metrics, history, checkpoint] }

    /// The file of this folder that a fit would write over `input` with (nil: none).
    public func output(overwriting input: String) -> URL? {
        outputs.first { FileIdentity.same($0.path, input) }
    }

    /// The model file of `source`: a run folder's model.npz, or `source` itself (a model file).
    public static func modelFile(_ source: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            return source
        }
        return RunFolder(URL(fileURLWithPath: source)).model.path
    }

    /// The folder that holds model file `path` (whether or not it is a run folder).
    public static func containing(model path: String) -> RunFolder {
        RunFolder(URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    public func create() throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw DataFileError(file: url.path, problem: "cannot create the run folder (\(error.localizedDescription))")
        }
    }

    /// Whether a fit has already been started here.
    public var holdsFit: Bool {
        FileManager.default.fileExists(atPath: checkpoint.path) || FileManager.default.fileExists(atPath: metrics.path)
    }

    /// Whether the fit here finished and wrote its final files (metrics.json says "completed").
    public var holdsCompletedFit: Bool { (try? readMetrics())?.status == "completed" }

    public var hasMetrics: Bool { FileManager.default.fileExists(atPath: metrics.path) }
    public var hasCheckpoint: Bool { FileManager.default.fileExists(atPath: checkpoint.path) }

    // MARK: metrics.json

    func writeMetrics(_ metrics: FitMetrics) throws {
        try AtomicFile.write(try JSONEncoder.lintel.encode(metrics) + Data("\n".utf8), to: self.metrics)
    }

    /// Reads `metrics.json` back.
    public func readMetrics() throws -> FitMetrics {
        try JSONDecoder.lintel.decode(FitMetrics.self, fromFile: metrics, whatItIsNot: "Lintel fit metrics")
    }

    /// What the fit here compared with the activity, when its metrics say (nil without metrics).
    /// Read leniently: metrics of another version still name their target.
    public var fittedTarget: ActivityTarget? {
        guard let data = FileManager.default.contents(atPath: metrics.path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let settings = object["settings"] as? [String: Any], let target = settings["target"] as? String
        else { return nil }
        return ActivityTarget(rawValue: target)
    }

    // MARK: history.csv

    static let historyHeader = "epoch,train_loss,validation_loss,validation_r2,seconds"

    func writeHistory(_ rows: [HistoryRow]) throws {
        var text = Self.historyHeader + "\n"
        for row in rows {
            text += "\(row.epoch),\(row.trainLoss),\(row.validationLoss),\(row.validationR2),\(row.seconds)\n"
        }
        try AtomicFile.write(Data(text.utf8), to: history)
    }

    /// Reads `history.csv` back (empty when there is none yet).
    public func readHistory() throws -> [HistoryRow] {
        guard let data = FileManager.default.contents(atPath: history.path) else { return [] }
        return try Self.parseHistory(String(decoding: data, as: UTF8.self), file: history.path)
    }

    /// Parses history.csv text; a row without seconds (an older file) reads as 0 seconds.
    public static func parseHistory(_ text: String, file: String) throws -> [HistoryRow] {
        var rows: [HistoryRow] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            if number == 0 && line.hasPrefix("epoch") { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count >= 4, let epoch = Int(fields[0]), let train = Double(fields[1]),
                let validation = Double(fields[2]), let r2 = Double(fields[3])
            else {
                throw DataFileError(file: file, problem: "line \(number + 1) is not \(historyHeader)")
            }
            let seconds = fields.count >= 5 ? Double(fields[4]) ?? 0 : 0
            rows.append(HistoryRow(epoch: epoch, trainLoss: train, validationLoss: validation, validationR2: r2, seconds: seconds))
        }
        return rows
    }

    // MARK: checkpoint.npz

    /// The settings and data file of the fit whose checkpoint is here, for `--resume`.
    public func resumableFit() throws -> (settings: FitSettings, dataFile: String?, epochsCompleted: Int) {
        guard hasCheckpoint else {
            throw RunFolderError.noCheckpoint(folder: url.path)
        }
        let contents = try FitCheckpoint.read(checkpoint, fileLabel: checkpoint.path)
        return (contents.settings, contents.dataFile, contents.state.epochsCompleted)
    }

    // MARK: the fit's data

    /// Where the fit's data were, as recorded: in metrics.json (the path as given and its
    /// absolute form), else in the checkpoint; nil when neither says.
    public var recordedData: RecordedPath? {
        if let metrics = try? readMetrics() { return RecordedPath(given: metrics.data, absolute: metrics.dataPath) }
        if hasCheckpoint, let contents = try? FitCheckpoint.read(checkpoint, fileLabel: checkpoint.path),
            let file = contents.dataFile
        {
            return RecordedPath(given: contents.dataGiven ?? file, absolute: file)
        }
        return nil
    }
}

/// A run folder that does not hold what was asked of it. The front ends word these in terms of
/// their own options; ``description`` is a plain fallback that names none.
public enum RunFolderError: Error, CustomStringConvertible, Sendable, Equatable {
    /// No checkpoint.npz to continue a fit from.
    case noCheckpoint(folder: String)
    /// Another live process writes into the folder (its pid, when known).
    case inUse(folder: String, pid: Int32?)
    /// The folder cannot be leased (a read-only folder, say).
    case unavailable(folder: String, reason: String)
    /// A new fit found a fit there (started by another process while this one waited).
    case holdsFit(folder: String)
    /// A file the fit would write (`output`, a name in the folder) is its data.
    case outputIsInput(data: String, output: String)

    public var description: String {
        switch self {
        case .noCheckpoint(let folder): "\(folder): holds no checkpoint.npz; expected the folder of a fit to continue"
        case .inUse(let folder, let pid): "\(folder): in use by another process\(pid.map { " (pid \($0))" } ?? "")"
        case .unavailable(let folder, let reason): "\(folder): cannot be used for the fit (\(reason))"
        case .holdsFit(let folder): "\(folder): already holds a fit"
        case .outputIsInput(let data, let output): "\(data): is the run folder's own \(output)"
        }
    }
}
