import Foundation
import ArgumentParser
import LintelRecordings

/// The textual forms `lintel import` takes, read into the import's settings. Each throws a
/// usage error (status 64) naming the option and showing the form expected.
enum ImportArguments {
    /// `--window START,STOP`: "-800,400" (milliseconds, START before STOP).
    static func window(_ text: String) throws -> TimeWindow {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = Double(parts[0]), let stop = Double(parts[1]), start.isFinite, stop.isFinite else {
            throw ValidationError("--window must be START,STOP in milliseconds around --align, e.g. --window=-800,400 (got '\(text)')")
        }
        guard stop > start else {
            throw ValidationError("--window \(text) is empty; STOP must come after START")
        }
        return TimeWindow(startMilliseconds: start, stopMilliseconds: stop)
    }

    /// `--condition COLUMN[,COLUMN…]`.
    static func columns(_ text: String) throws -> [String] {
        let columns = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !columns.contains(where: \.isEmpty) else {
            throw ValidationError("--condition must name trials columns, separated by commas, e.g. --condition direction,context (got '\(text)')")
        }
        guard Set(columns).count == columns.count else {
            throw ValidationError("--condition names a column twice (\(text))")
        }
        return columns
    }

    /// `--cue NAME=ON[:OFF]`: a channel NAME that is 1 from the time in column ON until the
    /// time in column OFF (to the end of the window without OFF).
    static func cue(_ text: String) throws -> InputChannel {
        let usage = "--cue must be NAME=ON_COLUMN or NAME=ON_COLUMN:OFF_COLUMN, e.g. --cue hold=target_on_time:move_time (got '\(text)')"
        guard let equals = text.firstIndex(of: "=") else { throw ValidationError(usage) }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        let times = text[text.index(after: equals)...].split(separator: ":", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !name.isEmpty, (1...2).contains(times.count), !times.contains(where: \.isEmpty) else { throw ValidationError(usage) }
        return .cue(name: name, onColumn: times[0], offColumn: times.count == 2 ? times[1] : nil)
    }

    /// `--units COLUMN=VALUE[,VALUE…]`.
    static func unitFilter(_ text: String) throws -> UnitFilter {
        let usage = "--units must be COLUMN=VALUE or COLUMN=VALUE,VALUE…, e.g. --units location=M1 or --units id=101,102 (got '\(text)')"
        guard let equals = text.firstIndex(of: "=") else { throw ValidationError(usage) }
        let column = text[..<equals].trimmingCharacters(in: .whitespaces)
        let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !column.isEmpty, !values.contains(where: \.isEmpty) else { throw ValidationError(usage) }
        return UnitFilter(column: column, values: values)
    }

    /// Input names must differ: they name the channels of `inputs`.
    static func requireDistinctNames(_ channels: [InputChannel]) throws {
        var seen = Set<String>()
        for channel in channels where !seen.insert(channel.name).inserted {
            throw ValidationError("two inputs are named '\(channel.name)' (--input, --cue); each channel needs its own name")
        }
    }
}
