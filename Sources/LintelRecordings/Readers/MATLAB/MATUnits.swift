import CMatio
import LintelData

/// Who the units of a MAT-file are: a scalar struct `units` whose fields hold one value per
/// unit — `id` (numbers) and any other column (numbers, or a cell array of texts) — or a
/// numeric vector `unit_ids`. Without either, units are numbered 0, 1, 2, …
struct MATUnits {
    var ids: [Int]
    var columns: [(String, TableColumn)]

    /// The units of `file`, checked to number `count`.
    init(in file: MATFile, count: Int, allowance: ReadAllowance) throws(DataFileError) {
        let label = file.label
        if let info = file.info("units"), info.classType == MAT_C_STRUCT {
            (ids, columns) = try file.withVariable("units", allowance: allowance) { units throws(DataFileError) in
                try Self.fromStruct(units, count: count, file: label)
            }
        } else if let info = file.info("unit_ids"), info.isNumeric {
            ids = try file.withVariable("unit_ids", allowance: allowance) { variable throws(DataFileError) in
                guard variable.isVector, let numbers = variable.numbers(), numbers.count == count else {
                    throw DataFileError(
                        file: label,
                        problem: "unit_ids has size \(variable.dims.map(String.init).joined(separator: "×")); expected one id per unit (\(count))")
                }
                return try Self.wholeNumbers(numbers, place: "unit_ids", file: label)
            }
            columns = []
        } else {
            ids = Array(0..<count)
            columns = []
        }
    }

    private static func fromStruct(_ units: MATVariable, count: Int, file: String) throws(DataFileError) -> ([Int], [(String, TableColumn)]) {
        guard units.count == 1 else {
            throw DataFileError(
                file: file,
                problem: "units is a \(units.dims.map(String.init).joined(separator: "×")) struct array; expected one struct whose fields hold one value per unit")
        }
        var ids: [Int]?
        var columns = [(String, TableColumn)]()
        for (index, name) in (units.fieldNames() ?? []).enumerated() {
            guard let field = units.field(index, of: name, element: 0), field.isVector else { continue }
            guard let column = field.numbers().map(TableColumn.numbers) ?? field.texts().map(TableColumn.texts) else { continue }
            guard column.count == count else {
                throw DataFileError(file: file, problem: "\(field.place) has \(column.count) values; expected one per unit (\(count))")
            }
            if name == "id" || name == "ids", case .numbers(let numbers) = column {
                ids = try wholeNumbers(numbers, place: field.place, file: file)
            } else {
                columns.append((name, column))
            }
        }
        return (ids ?? Array(0..<count), columns)
    }

    private static func wholeNumbers(_ values: [Double], place: String, file: String) throws(DataFileError) -> [Int] {
        if let bad = values.firstIndex(where: { $0 != $0.rounded() || abs($0) > 0x1p62 }) {
            throw DataFileError(file: file, problem: "\(place) holds \(values[bad]) at element \(bad + 1); expected whole-number unit ids")
        }
        return values.map { Int($0) }
    }
}
