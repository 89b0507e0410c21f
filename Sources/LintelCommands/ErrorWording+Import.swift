import ArgumentParser
import LintelData
import LintelRecordings

extension ErrorWording {
    /// What `lintel import` cannot do with a recording, with its options: a problem with the
    /// file or the columns it names (status 2), or options that contradict each other (64).
    static func importing(_ error: ImportError) -> any Error {
        switch error {
        case .nothingToImport(let file):
            return DataFileError(
                file: file, problem: "holds no spike times, time series or binned trials to import (lintel inspect \(file) lists what it holds)")
        case .noTrialsTable(let file, let purpose):
            let need = switch purpose {
            case .align: "its activity has to be cut into trials around --align"
            case .condition: "--condition groups trials by its columns"
            case .input: "--input reads its columns"
            case .cue: "--cue reads its times"
            }
            return DataFileError(file: file, problem: "has no trials table, and \(need)")
        case .missingTrialsColumn(let file, let column, let role, let available):
            return DataFileError(
                file: file,
                problem: "has no trials column '\(column)' (\(option(role))); its trials columns: \(available.joined(separator: ", "))")
        case .textColumn(let file, let column, let role):
            let need = switch role {
            case .align: "--align needs times in seconds"
            case .cue: "--cue needs times in seconds"
            case .input: "--input needs numbers (group trials by a text column with --condition)"
            case .condition: "--condition groups by it as it is"
            }
            return DataFileError(file: file, problem: "trials column '\(column)' holds text; \(need)")
        case .binWidthNeeded(let file):
            return DataFileError(file: file, problem: "needs --bin-ms, the width of the time bins in ms (10 is common)")
        case .windowNeeded(let file):
            return DataFileError(
                file: file, problem: "needs --window START,STOP, the milliseconds around --align to import (e.g. --window=-800,400)")
        case .badBinWidth(let width):
            return ValidationError("--bin-ms must be a positive number of milliseconds (got \(ImportNumber.plain(width)))")
        case .emptyWindow(let window):
            return ValidationError("--window \(commandLine(window)) is empty; STOP must come after START")
        case .windowNotWholeBins(let window, let width):
            return ValidationError(
                "--window \(commandLine(window)) spans \(ImportNumber.plain(window.durationMilliseconds)) ms, not a whole number of --bin-ms \(ImportNumber.plain(width)) bins")
        case .seriesNotFound(let file, let name, let available):
            let listed = available.isEmpty ? "it has none" : "its series: \(available.joined(separator: ", "))"
            return DataFileError(file: file, problem: "has no time series '\(name)' (--series); \(listed)")
        case .seriesAmbiguous(let file, let available):
            return DataFileError(
                file: file,
                problem: "holds several time series and no spike times; choose one with --series (\(available.joined(separator: ", ")))")
        case .binnedCannotAlign(let file, let column):
            return DataFileError(
                file: file,
                problem: "holds binned trials without their times, so nothing can be placed at '\(column)' (--align, --cue); leave them out: --window then counts from each trial's first bin, or from the event --recorded-start-ms places")
        case .binnedWidthUnknown(let file):
            return DataFileError(
                file: file, problem: "holds binned trials but does not say how wide their bins are; give it with --recorded-bin-ms W")
        case .binnedGridMismatch(let file, let recorded, let width, let window):
            let w = ImportNumber.plain(recorded)
            return DataFileError(
                file: file,
                problem: "holds bins of \(w) ms; --bin-ms \(ImportNumber.plain(width)) and --window \(commandLine(window)) must fall on their edges (--bin-ms a multiple of \(w), --window starting on a bin's start)")
        case .binnedWindowOutside(let file, let window, let trial):
            return DataFileError(
                file: file,
                problem: "holds binned trials covering \(commandLine(trial)) ms (from the first bin, or from the event --recorded-start-ms places); --window \(commandLine(window)) reaches outside them")
        case .notBinned(let file):
            return DataFileError(
                file: file,
                problem: "holds spike times or a time series, not binned trials; --recorded-bin-ms and --recorded-start-ms describe a binned file's bins — leave them out")
        case .binnedTrialsMismatch(let file, let binned, let table):
            return DataFileError(
                file: file, problem: "holds \(binned) binned trials but its trials table has \(table) rows; expected one row per trial")
        case .noTrialLeft(let file, let trials, let dropped):
            return DataFileError(
                file: file,
                problem: "none of its \(trials) trials can be imported — \(dropped.map { $0.phrase(listed: 5) }.joined(separator: "; ")); choose another --window or --align")
        case .conditionLostAllTrials(let file, let condition, let trials, let dropped):
            return DataFileError(
                file: file,
                problem: "every trial of \(condition) (\(trials)) was dropped, so that condition would be missing — \(dropped.map { $0.phrase(listed: 5) }.joined(separator: "; ")); choose another --window or --align")
        case .missingUnitsColumn(let file, let column, let available):
            let listed = available.isEmpty ? "it has none besides id" : "its units columns: \(available.joined(separator: ", ")) (and id)"
            return DataFileError(file: file, problem: "has no units column '\(column)' (--units); \(listed)")
        case .unitValueNotNumber(let file, let column, let value):
            return DataFileError(
                file: file, problem: "units column '\(column)' holds numbers; --units \(column)=\(value) is not one")
        case .unitFiltersNeedUnits(let file):
            return DataFileError(
                file: file,
                problem: "has no units table (its activity is a time series or binned trials); --units selects sorted units — leave it out, or use --min-rate")
        case .noUnitLeft(let file, let units, let filters, let minimumRate, let passed):
            var steps: [String] = []
            if !filters.isEmpty {
                steps.append("\(filters.map { "--units \($0.column)=\($0.values.joined(separator: ","))" }.joined(separator: " ")) keeps \(passed)")
            }
            if let minimumRate, passed > 0 {
                steps.append("none of \(passed == units ? "them" : "those") fires at --min-rate \(ImportNumber.plain(minimumRate)) Hz or more in the window")
            }
            return DataFileError(file: file, problem: "no unit is left of its \(units): \(steps.joined(separator: ", and "))")
        }
    }

    /// A note for trials an import left out: "dropped 3 trials (4, 17, 90): the window …".
    static func dropped(_ trials: DroppedTrials, file: String) -> String {
        "note: \(file): dropped \(trials.phrase())"
    }

    /// The option that named a trials column.
    private static func option(_ role: ColumnRole) -> String {
        switch role {
        case .align: "--align"
        case .condition: "--condition"
        case .input: "--input"
        case .cue: "--cue"
        }
    }

    /// "-800,400", as --window takes it.
    static func commandLine(_ window: TimeWindow) -> String {
        "\(ImportNumber.plain(window.startMilliseconds)),\(ImportNumber.plain(window.stopMilliseconds))"
    }
}
