import Foundation
import LintelData

/// The members of the archive `lintel prepare` writes: the input's, copied byte for byte (even
/// arrays Lintel cannot decode), but for those it replaces, adds, or cuts to a time window.
struct PreparedArchive {
    let reader: NPZReader
    private(set) var trials: Int
    private(set) var steps: Int
    private var replacements: [(String, NumpyArray)] = []

    init(reader: NPZReader, trials: Int, steps: Int) {
        self.reader = reader
        self.trials = trials
        self.steps = steps
    }

    /// Puts `array` in under `key` (in the input's place when it has the key, else at the end).
    mutating func replace(_ key: String, _ array: NumpyArray) {
        if let index = replacements.firstIndex(where: { $0.0 == key }) {
            replacements[index].1 = array
        } else {
            replacements.append((key, array))
        }
    }

    func members() throws -> [(String, NPZMember)] {
        try reader.members(replacing: replacements)
    }

    /// The steps a window keeps, and the step naming them for `preprocessing`.
    struct KeptSteps {
        var steps: Range<Int>
        var description: String
    }

    /// Cuts every array of shape (trials, T, …) and `time_ms` (T,) to the steps in `window`,
    /// timed by `time_ms`, else by step · `dt`.
    /// - Throws: `DataFileError` when the file has neither time, the window reaches outside
    ///   the recording or holds no step, or an array that runs over trials and time cannot be
    ///   decoded (it could not be cut with the others).
    mutating func cut(to window: StepWindow, dt: Double?) throws -> KeptSteps {
        let file = reader.fileLabel
        let times: [Double]
        if reader.contains("time_ms") {
            let array = try reader.array("time_ms")
            guard array.shape == [steps], let values = array.doubles() else {
                throw DataFileError(
                    file: file,
                    problem: "time_ms has shape \(DataFileError.formatShape(array.shape)) \(array.dtypeDescription); --window needs (\(steps),) numbers, one time per step")
            }
            times = values
        } else if let dt {
            times = StepWindow.times(count: steps, dt: dt)
        } else {
            throw DataFileError(file: file, problem: "has neither time_ms nor dt_ms, so --window has no times to cut by")
        }
        let kept = try window.steps(times: times, file: file)
        for key in reader.keys where !replacements.contains(where: { $0.0 == key }) {
            let shape = try reader.shape(of: key)
            let axis: Int
            if key == "time_ms" && shape == [steps] {
                axis = 0
            } else if shape.count >= 2 && shape[0] == trials && shape[1] == steps {
                axis = 1
            } else {
                continue
            }
            guard let array = try? reader.array(key) else {
                throw DataFileError(
                    file: file,
                    problem: "\(key) runs over trials and time (\(DataFileError.formatShape(shape))) but Lintel cannot decode it, so --window cannot cut it with the other arrays")
            }
            replace(key, array.selectingSteps(kept, axis: axis))
        }
        let total = steps
        steps = kept.count
        let described = reader.contains("time_ms") ? "" : " (times step · dt_ms)"
        return KeptSteps(
            steps: kept,
            description: "time steps from \(Self.number(times[kept.lowerBound])) to \(Self.number(times[kept.upperBound - 1])) ms kept (\(kept.count) of \(total))\(described)")
    }

    /// Labels 0, 1, … when each trial is its own condition — `condition_values` or
    /// `condition_angle_deg` hold one distinct value per trial, or `forced` — added as
    /// `condition` (and, from `condition_angle_deg`, `condition_values` and
    /// `condition_columns` as `lintel import` writes them); nil otherwise.
    mutating func conditionPerTrial(forced: Bool) throws -> [Int]? {
        var distinct = forced
        if reader.contains("condition_values"), let values = try? reader.array("condition_values"),
            values.shape.first == trials
        {
            distinct = distinct || Self.rowsAreDistinct(values, trials: trials)
        } else if reader.contains("condition_angle_deg"), let angles = try? reader.array("condition_angle_deg"),
            angles.shape == [trials], let degrees = angles.doubles()
        {
            if Set(degrees).count == trials {
                distinct = true
                replace("condition_values", NumpyArray(degrees, shape: [trials, 1]))
                if !reader.contains("condition_columns") { replace("condition_columns", .strings(["condition_angle_deg"])) }
            }
        }
        guard distinct else { return nil }
        let labels = Array(0..<trials)
        replace("condition", NumpyArray(shape: [trials], elements: .int64(labels.map(Int64.init))))
        return labels
    }

    private static func rowsAreDistinct(_ values: NumpyArray, trials: Int) -> Bool {
        guard trials > 0 else { return false }
        let width = values.count / trials
        let rows: [String]
        switch values.elements {
        case .unicode(let texts): rows = (0..<trials).map { texts[($0 * width)..<(($0 + 1) * width)].joined(separator: "\u{1F}") }
        default:
            guard let numbers = values.doubles() else { return false }
            rows = (0..<trials).map { numbers[($0 * width)..<(($0 + 1) * width)].map { "\($0)" }.joined(separator: ",") }
        }
        return Set(rows).count == trials
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
