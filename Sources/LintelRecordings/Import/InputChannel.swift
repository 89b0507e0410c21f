/// One channel of the imported inputs u_t.
///
/// - `constant(column)`: a numeric trials-table column (a reach direction's cosine, a stimulus
///   strength) held over the whole window.
/// - `cue`: 1 from the time in one trials-table column until the time in another (or to the end
///   of the window), 0 elsewhere — a hold cue from target onset to movement onset, say. A bin
///   is on when its centre lies in [on, off). An event that did not happen (NaN on time) leaves
///   the cue off for that trial; a NaN off time leaves it on to the end of the window.
package enum InputChannel: Sendable, Equatable {
    case constant(column: String)
    case cue(name: String, onColumn: String, offColumn: String?)

    /// The channel's name in `input_names`: the column, or the cue's name.
    package var name: String {
        switch self {
        case .constant(let column): column
        case .cue(let name, _, _): name
        }
    }

    /// The trials-table columns the channel reads.
    package var columns: [String] {
        switch self {
        case .constant(let column): [column]
        case .cue(_, let on, let off): [on] + (off.map { [$0] } ?? [])
        }
    }

    /// "cos_dir (constant)", "hold = 1 from target_on_time to move_time".
    package var phrase: String {
        switch self {
        case .constant(let column): "\(column) (constant)"
        case .cue(let name, let on, let off): "\(name) = 1 from \(on)" + (off.map { " to \($0)" } ?? " on")
        }
    }

    /// The channel's value in each bin of one trial.
    ///
    /// - Parameters:
    ///   - row: the trial's row in the trials table.
    ///   - table: the trials table, whose columns the channel reads (checked numeric already).
    ///   - binCentres: each bin's centre in seconds, on the table's clock.
    package func values(row: Int, table: TrialsTable, binCentres: [Double]) -> [Double] {
        switch self {
        case .constant(let column):
            return [Double](repeating: table.number(column, row) ?? .nan, count: binCentres.count)
        case .cue(_, let onColumn, let offColumn):
            let on = table.number(onColumn, row) ?? .nan
            let off = offColumn.flatMap { table.number($0, row) } ?? .infinity
            guard !on.isNaN else { return [Double](repeating: 0, count: binCentres.count) }
            let end = off.isNaN ? .infinity : off
            return binCentres.map { $0 >= on && $0 < end ? 1 : 0 }
        }
    }
}

extension TrialsTable {
    /// The number in `column` at `row`; nil when the column is missing or holds text.
    package func number(_ column: String, _ row: Int) -> Double? {
        guard case .numbers(let values)? = columns[column] else { return nil }
        return values[row]
    }
}
