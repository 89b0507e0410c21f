import Foundation

/// Keeps the units whose value in a units-table column is one of `values`: `location` in
/// ["M1", "PMd"], `quality` in ["good"]. Values are matched as numbers in a numeric column
/// ("1" matches 1.0) and as texts otherwise. The column `id` means the units' ids, unless the
/// table has a column of that name.
///
/// ```swift
/// let filter = UnitFilter(column: "location", values: ["M1"])
/// try filter.matches(in: units, file: "session.nwb")   // [true, false, true, …]
/// ```
package struct UnitFilter: Sendable, Equatable {
    package var column: String
    package var values: [String]

    package init(column: String, values: [String]) {
        self.column = column
        self.values = values
    }

    /// "location = M1 or PMd".
    package var phrase: String { "\(column) = \(values.joined(separator: " or "))" }

    /// Whether each unit passes.
    /// - Throws: ``ImportError`` when the column is missing, or a value is not a number where
    ///   the column holds numbers.
    package func matches(in units: UnitsTable, file: String) throws(ImportError) -> [Bool] {
        let column: TableColumn
        if let stored = units.columns[self.column] {
            column = stored
        } else if self.column == "id" {
            column = .numbers(units.ids.map(Double.init))
        } else {
            throw .missingUnitsColumn(file: file, column: self.column, available: units.columns.keys.sorted())
        }
        switch column {
        case .numbers(let numbers):
            var wanted = Set<Double>()
            for value in values {
                guard let number = Double(value.trimmingCharacters(in: .whitespaces)), number.isFinite else {
                    throw .unitValueNotNumber(file: file, column: self.column, value: value)
                }
                wanted.insert(number)
            }
            return numbers.map { wanted.contains($0) }
        case .texts(let texts):
            let wanted = Set(values)
            return texts.map { wanted.contains($0) }
        }
    }
}
