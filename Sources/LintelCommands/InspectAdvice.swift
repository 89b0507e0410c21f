import LintelRecordings
import LintelWorkflows

/// What a fit still needs from a file `lintel inspect` describes, as sentences naming the
/// commands that do it, with the file's own column names filled in.
enum InspectAdvice {
    static func recording(_ description: RecordingDescription) -> [String] {
        let file = ShellCommand.quoted(description.file, home: nil)
        var needs = [String]()
        let trials = description.trials
        let times = trials?.timeColumns.filter { $0 != "start_time" && $0 != "stop_time" } ?? []
        let alignable = times.isEmpty ? (trials?.timeColumns ?? []) : times
        if description.units != nil || !description.series.isEmpty {
            let what = description.units != nil ? "spike times" : "time series"
            // Without units a lone series is taken as it is; otherwise import asks which.
            let seriesNames = description.series.map(\.name)
            let series = description.units == nil && seriesNames.count == 1
                ? "" : description.units == nil ? " --series NAME" : ""
            let seriesChoice = series.isEmpty ? "" : ", NAME one of \(seriesNames.joined(separator: ", "))"
            if alignable.isEmpty {
                needs.append(
                    "\(what): a fit needs trials of activity, and this file has no trials table with a time column to align them on (start_time, stop_time and an event time per trial)")
            } else {
                needs.append(
                    "\(what) → rates in trials: lintel import \(file)\(series) --align COLUMN --window=START,STOP --bin-ms W --out DATA.npz, with COLUMN one of \(alignable.joined(separator: ", ")) and START,STOP in ms around it\(seriesChoice)")
            }
            if description.units != nil, !seriesNames.isEmpty {
                needs.append("time series: lintel import --series NAME imports one of them rather than the spikes (\(seriesNames.joined(separator: ", ")))")
            }
        }
        if let binned = description.binned {
            let width = binned.binMilliseconds.map { "W a multiple of the file's \(ColumnValue.format($0)) ms bins" }
                ?? "W a multiple of the file's bins, whose width it does not say: add --recorded-bin-ms WIDTH"
            needs.append(
                "binned \(binned.counts ? "counts" : "rates") (\(binned.trials) trials × \(binned.bins) bins × \(binned.units) units) → dataset: lintel import \(file) --bin-ms W --out DATA.npz, \(width); --recorded-start-ms T when the bins start T ms from an event")
        }
        if let trials {
            let conditions = trials.columns.filter { column in
                !column.isTime && (column.values?.count ?? 0) >= 2
            }
            if let first = conditions.first {
                needs.append(
                    "conditions: --condition \(first.name) --average averages the trials of each of its \(first.distinct) values (columns that take few values: \(conditions.map(\.name).joined(separator: ", ")))")
            }
            let inputs = trials.columns.filter { $0.type == "number" && !$0.isTime && $0.name != "id" }
            if !inputs.isEmpty {
                needs.append(
                    "inputs: --input COLUMN makes a numeric trials column a constant input channel (\(inputs.map(\.name).joined(separator: ", ")))")
            }
            let cueColumns = alignable.count >= 2 ? alignable : trials.timeColumns
            if cueColumns.count >= 2, description.binned == nil {
                needs.append(
                    "cues: --cue NAME=ON:OFF is an input channel that is 1 between the times of two columns (e.g. \(cueColumns[0])…\(cueColumns[1]))")
            }
        }
        needs.append(
            "then: lintel prepare DATA.npz --out PREPARED.npz (its defaults: soft normalisation, 4 principal components), and lintel fit PREPARED.npz --target currents --rank R --out RUN_DIR")
        return needs
    }

    static func numpyArchive(_ path: String, _ readiness: DatasetReadiness) -> [String] {
        let file = ShellCommand.quoted(path, home: nil)
        guard readiness.ready else {
            return [
                "not a dataset: \(readiness.problem ?? "it does not load"); a recording's spike times become one with lintel import RECORDING --out DATA.npz"
            ]
        }
        if readiness.prepared {
            return ["nothing: fit it with lintel fit \(file) --target currents --rank R --out RUN_DIR"]
        }
        return [
            "nothing for rates in (−1, 1): lintel fit \(file) --rank R --out RUN_DIR",
            "recorded rates (Hz): lintel prepare \(file) --out PREPARED.npz first, then lintel fit PREPARED.npz --target currents --rank R --out RUN_DIR",
        ]
    }
}
