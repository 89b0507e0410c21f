import Foundation
import LintelData
import LintelNumerics

/// `checkpoint.npz`: the current model under the usual model keys (so the file also loads as a
/// model), plus the optimiser moments and the bookkeeping that `--resume` needs to continue to the
/// same result as an uninterrupted run.
enum FitCheckpoint {
    static let fileName = "checkpoint.npz"

    static func write(
        _ state: FitState, settings: FitSettings, dataSha256: String, dataFile: String, dataGiven: String, to url: URL
    ) throws {
        guard state.model.allFinite else {
            throw FitFailure.io("refusing to write a checkpoint with NaN or Inf parameters")
        }
        var entries = ModelFile.arrays(of: state.model)
        entries.append(("adam_first", NumpyArray(state.optimizer.firstMoment)))
        entries.append(("adam_second", NumpyArray(state.optimizer.secondMoment)))
        entries.append(("adam_step", .scalar(Double(state.optimizer.step))))
        entries.append(("learning_rate", .scalar(state.learningRate)))
        entries.append(("failures", .scalar(Double(state.failures))))
        entries.append(("epoch", .scalar(Double(state.epochsCompleted))))
        entries.append(("best_parameters", NumpyArray(state.keptParameters)))
        // Before the first finite loss the kept loss is +∞, which npz scalars here avoid.
        entries.append(("selection_loss", .scalar(min(state.keptSelectionLoss, .greatestFiniteMagnitude))))
        entries.append(("best_epoch", .scalar(Double(state.keptEpoch))))
        entries.append(("wall_seconds", .scalar(state.wallSeconds)))
        let history = state.history.flatMap {
            [Double($0.epoch), $0.trainLoss, $0.validationLoss, $0.validationR2, $0.seconds]
        }
        entries.append(("history", NumpyArray(history, shape: [state.history.count, 5])))
        let settingsJSON = String(decoding: try JSONEncoder.lintel.encode(settings), as: UTF8.self)
        entries.append(("settings_json", .string(settingsJSON)))
        entries.append(("data_sha256", .string(dataSha256)))
        entries.append(("data_file", .string(dataFile)))
        // As typed, so that a fit resumed after a kill (before metrics.json existed) names its
        // data as the uninterrupted fit does.
        entries.append(("data_given", .string(dataGiven)))
        try NPZWriter.write(entries, to: url, compressed: false)
    }

    struct Contents {
        var state: FitState
        var settings: FitSettings
        var dataSha256: String
        var dataFile: String?
        var dataGiven: String?
    }

    static func read(_ url: URL, fileLabel: String) throws -> Contents {
        let arrays = try KeyedArrays(contentsOf: url, fileLabel: fileLabel)
        let model: RNNModel<Float> = try ModelFile.model(from: arrays)
        let settingsText = try arrays.string("settings_json", expected: "the fit's settings as JSON")
        let settings: FitSettings
        do {
            settings = try JSONDecoder.lintel.decode(FitSettings.self, from: Data(settingsText.utf8))
        } catch {
            throw DataFileError(file: fileLabel, problem: "settings_json is not valid fit settings (\(error))")
        }
        let first: [Float] = try arrays.vector("adam_first", expected: "(P,) optimiser moments")
        let second: [Float] = try arrays.vector("adam_second", expected: "(P,) optimiser moments")
        let best: [Float] = try arrays.vector("best_parameters", expected: "(P,) parameters")
        let parameterCount = ParameterLayout(settings.trainable).count(for: model)
        for (key, values) in [("adam_first", first), ("adam_second", second), ("best_parameters", best)]
        where values.count != parameterCount {
            throw DataFileError.wrongShape(key, in: fileLabel, found: [values.count], expected: "(\(parameterCount),), one entry per parameter")
        }
        var optimizer = AdamOptimizer<Float>(parameterCount: parameterCount)
        optimizer.firstMoment = first
        optimizer.secondMoment = second
        optimizer.step = try arrays.wholeNumber("adam_step", expected: "a step count")
        let historyArray = try arrays.numeric("history", dimensions: 2, expected: "(epochs, 5)")
        guard historyArray.shape[1] == 5, let values = historyArray.doubles() else {
            throw DataFileError.wrongShape("history", in: fileLabel, found: historyArray.shape, expected: "(epochs, 5)")
        }
        let history = try stride(from: 0, to: values.count, by: 5).map { row in
            guard let epoch = Int(exactly: values[row]) else {
                throw DataFileError(
                    file: fileLabel,
                    problem: "history holds \(values[row]) at index (\(row / 5), 0); expected whole epoch numbers")
            }
            return HistoryRow(
                epoch: epoch, trainLoss: values[row + 1], validationLoss: values[row + 2],
                validationR2: values[row + 3], seconds: values[row + 4])
        }
        let state = FitState(
            model: model, optimizer: optimizer,
            learningRate: try arrays.scalar("learning_rate", expected: "a learning rate"),
            failures: try arrays.wholeNumber("failures", expected: "a count"),
            epochsCompleted: try arrays.wholeNumber("epoch", expected: "an epoch number"),
            keptParameters: best,
            // Checkpoints of earlier versions kept by validation loss (the rule their settings
            // then name), and stored that loss under its own key.
            keptSelectionLoss: try arrays.scalar(
                arrays.contains("selection_loss") ? "selection_loss" : "best_validation_loss", expected: "a loss"),
            keptEpoch: try arrays.wholeNumber("best_epoch", expected: "an epoch number"),
            history: history,
            wallSeconds: try arrays.scalar("wall_seconds", expected: "seconds"))
        return try Contents(
            state: state, settings: settings,
            dataSha256: try arrays.string("data_sha256", expected: "the data file's SHA-256"),
            dataFile: arrays.contains("data_file") ? try arrays.string("data_file", expected: "a path") : nil,
            dataGiven: arrays.contains("data_given") ? try arrays.string("data_given", expected: "a path") : nil
        ).consistent(fileLabel: fileLabel)
    }
}

extension KeyedArrays {
    /// A count or epoch number, which checkpoints store as float64 scalars: a whole number that
    /// `Int` holds, or a `DataFileError` (converting 1e300 or 2.5 with `Int(_:)` would trap or
    /// silently truncate).
    fileprivate func wholeNumber(_ key: String, expected: String) throws -> Int {
        let value = try scalar(key, expected: expected)
        guard let number = Int(exactly: value) else {
            throw DataFileError(file: file, problem: "\(key) is \(value); expected \(expected), a whole number")
        }
        return number
    }
}
