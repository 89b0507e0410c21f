import LintelData

extension UnitsTable {
    /// The units of an NWB-style units table: `spike_times` with `spike_times_index` (each
    /// unit's spikes end there), `id`, and every one-value-per-unit column.
    /// - Throws: when spike_times or its index is missing or malformed (an index going down
    ///   or past the end), a spike time is not finite, or a column has the wrong length.
    init(reading table: HDF5Table, allowance: ReadAllowance) throws(DataFileError) {
        let file = table.file
        let times = try table.group.dataset("spike_times", expected: "the units' spike times, with spike_times_index")
        guard times.shape.count == 1 else {
            throw DataFileError.wrongShape(times.path, in: file, found: times.shape, expected: "one spike time after another, (spikes,)")
        }
        guard table.isRagged("spike_times") else {
            throw DataFileError(
                file: file, problem: "has \(times.path) but no \(times.path)_index; expected where each unit's spikes end")
        }
        let values = try times.numbers(allowance)
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw DataFileError(file: file, problem: "\(times.path) holds \(values[bad]) at index \(bad); expected finite times in seconds")
        }
        let ends = try table.rowEnds(of: "spike_times", valueCount: values.count, allowance: allowance)
        try allowance.reserve(elements: values.count, bytesEach: 8, for: "\(times.path) split by unit")
        var trains = [[Double]]()
        trains.reserveCapacity(ends.count)
        var start = 0
        for end in ends {
            var train = Array(values[start..<end])
            // NWB does not require a unit's spikes in time order; the model does.
            if zip(train, train.dropFirst()).contains(where: { $0 > $1 }) { train.sort() }
            trains.append(train)
            start = end
        }
        let rowsFrom = "spike_times_index"
        let ids = try table.ids(rowCount: ends.count, rowsFrom: rowsFrom, allowance: allowance) ?? Array(0..<ends.count)
        let names = try table.columnNames().filter { $0 != "spike_times" }
        let columns = try table.scalarColumns(names, rowCount: ends.count, rowsFrom: rowsFrom, allowance: allowance)
        self.init(
            ids: ids, spikeTimes: trains, columns: Dictionary(columns, uniquingKeysWith: { first, _ in first }),
            order: columns.map(\.0))
    }
}
