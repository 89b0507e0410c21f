import LintelData

extension TrialsTable {
    /// The trials of an NWB-style trials table: `start_time`, `stop_time` and every other
    /// one-value-per-trial column, numbers or texts, in the table's order.
    /// - Throws: when start_time or stop_time is missing or not numbers, or a column has
    ///   another length than start_time.
    init(reading table: HDF5Table, allowance: ReadAllowance) throws(DataFileError) {
        let expected = "each trial's start_time and stop_time, in seconds"
        let start = try table.group.dataset("start_time", expected: expected)
        let stop = try table.group.dataset("stop_time", expected: expected)
        for times in [start, stop] {
            guard times.element.isNumber else {
                throw DataFileError(file: table.file, problem: "\(times.path) holds \(times.element.name) values; expected times in seconds")
            }
            guard times.shape.count == 1 else {
                throw DataFileError.wrongShape(times.path, in: table.file, found: times.shape, expected: "one time per trial, (trials,)")
            }
        }
        let rows = start.shape[0]
        _ = try table.ids(rowCount: rows, rowsFrom: "start_time", allowance: allowance)
        let columns = try table.scalarColumns(try table.columnNames(), rowCount: rows, rowsFrom: "start_time", allowance: allowance)
        self.init(columns: Dictionary(columns, uniquingKeysWith: { first, _ in first }), order: columns.map(\.0))
    }
}
