import Foundation

/// What a dataset says about each trial's condition in words, read from the keys that name it
/// (docs/FORMATS.md, "Dataset"): `condition_angle_deg` (trials,), an angle in degrees per trial
/// (the M1 sample's reach directions), written "135°"; else `condition_values` (trials,) or
/// (trials, C), the grouping columns' values `lintel import --condition` writes, joined by ", "
/// ("135", "left, 0.5"). Both only label trials for people; an array of another shape, or with
/// NaN, is ignored rather than refused, as `fit` always ignored them.
///
/// ```swift
/// TrialConditionText.read(from: arrays, trials: 8)   // ["0°", "45°", …, "315°"]
/// ```
enum TrialConditionText {
    static func read(from arrays: KeyedArrays, trials: Int) -> [String]? {
        if let angles = try? arrays.reader.array("condition_angle_deg"), angles.shape == [trials],
            let values = angles.doubles(), values.allSatisfy(\.isFinite)
        {
            return values.map { number($0) + "°" }
        }
        if let array = try? arrays.reader.array("condition_values"), array.shape.first == trials,
            array.shape.count == 1 || array.shape.count == 2, trials > 0
        {
            let columns = array.shape.count == 2 ? array.shape[1] : 1
            guard columns >= 1 else { return nil }
            let cells: [String]
            switch array.elements {
            case .unicode(let texts): cells = texts
            default:
                guard let values = array.doubles(), values.allSatisfy(\.isFinite) else { return nil }
                cells = values.map(number)
            }
            return (0..<trials).map { trial in cells[(trial * columns)..<((trial + 1) * columns)].joined(separator: ", ") }
        }
        return nil
    }

    /// `135` rather than `135.0`; other values with at most 4 significant digits (`22.5`, `0.3333`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }
}
