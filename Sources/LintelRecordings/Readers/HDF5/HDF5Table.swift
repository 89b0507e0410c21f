import LintelData

/// A table stored as NWB stores its DynamicTables: a group with one dataset per column, one
/// value per row; a ragged column (a list per row) as the flat values `NAME` and `NAME_index`,
/// where row i's values end (exclusive); the rows' ids in `id`. NWB files and plain HDF5 files
/// laid out the same way (docs/FORMATS.md, "Recordings") are read by it alike.
struct HDF5Table {
    let group: HDF5Group
    var file: String { group.file }

    /// The column names in the table's order: NWB's `colnames` attribute, then any other
    /// dataset in name order; `start_time` and `stop_time` lead when there is no `colnames`.
    /// Leaves out `id` and the `_index` datasets of ragged columns.
    func columnNames() throws(DataFileError) -> [String] {
        let all = try group.memberNames()
        let members = all.filter { name in
            name != "id" && !(name.hasSuffix("_index") && all.contains(String(name.dropLast(6))))
        }
        let declared = (group.textsAttribute("colnames") ?? []).filter(members.contains)
        let leading = declared.isEmpty ? ["start_time", "stop_time"].filter(members.contains) : declared
        return leading + members.filter { !leading.contains($0) }
    }

    /// Whether `name` is a ragged column (it has `NAME_index`).
    func isRagged(_ name: String) -> Bool {
        group.kind(name + "_index") == .dataset
    }

    /// Where each row of the ragged column `name` ends in its `valueCount` values, checked:
    /// whole numbers, none below 0, never going down, none past the end.
    func rowEnds(of name: String, valueCount: Int, allowance: ReadAllowance) throws(DataFileError) -> [Int] {
        let index = try group.dataset(name + "_index", expected: "where each row of \(name) ends")
        guard index.shape.count == 1 else {
            throw DataFileError.wrongShape(index.path, in: file, found: index.shape, expected: "one end per row, (rows,)")
        }
        let ends = try index.integers(allowance)
        var previous = 0
        for (row, end) in ends.enumerated() {
            if end < previous {
                let what = row == 0 ? "\(end) at row 0" : "\(end) at row \(row), after \(previous)"
                throw DataFileError(
                    file: file,
                    problem: "\(index.path) goes down (\(what)); expected each row's end at or after the one before")
            }
            if end > valueCount {
                throw DataFileError(
                    file: file,
                    problem: "\(index.path) points past the end of \(name) (index \(end) > \(valueCount) \(name == "spike_times" ? "spikes" : "values"))")
            }
            previous = end
        }
        return ends
    }

    /// The row ids (`id`), checked against `rowCount` rows; nil when the table has no `id`.
    func ids(rowCount: Int, rowsFrom: String, allowance: ReadAllowance) throws(DataFileError) -> [Int]? {
        guard let dataset = try group.datasetIfPresent("id") else { return nil }
        let ids = try dataset.integers(allowance)
        guard dataset.shape.count == 1, ids.count == rowCount else {
            throw DataFileError(
                file: file,
                problem: "\(dataset.path) has shape \(DataFileError.formatShape(dataset.shape)); expected one id per row (\(rowCount), as \(rowsFrom))")
        }
        return ids
    }

    /// The one-value-per-row columns among `names`, each checked to have `rowCount` values.
    /// Ragged columns, columns of more than one dimension and columns of references or
    /// compound values (links to other tables) are left out: the file keeps them, and
    /// `lintel inspect` lists them among its arrays.
    func scalarColumns(
        _ names: [String], rowCount: Int, rowsFrom: String, allowance: ReadAllowance
    ) throws(DataFileError) -> [(String, TableColumn)] {
        var columns = [(String, TableColumn)]()
        for name in names where !isRagged(name) {
            guard let dataset = try group.datasetIfPresent(name), dataset.shape.count == 1,
                dataset.element.isNumber || dataset.element == .text
            else { continue }
            guard dataset.shape[0] == rowCount else {
                throw DataFileError(
                    file: file,
                    problem: "\(dataset.path) has \(dataset.shape[0]) values; expected one per row (\(rowCount), as \(rowsFrom))")
            }
            columns.append((name, try dataset.column(allowance)))
        }
        return columns
    }
}
