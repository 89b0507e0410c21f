import LintelData

/// An HDF5 file that is not NWB but lays its tables out as NWB does (docs/FORMATS.md,
/// "Recordings"): /units/spike_times with /units/spike_times_index (and optionally /units/id
/// and other per-unit columns), and /trials/<column> with start_time and stop_time.
enum PlainHDF5Reader {
    static let layout = "/units/spike_times with /units/spike_times_index, and /trials/start_time, /trials/stop_time and other trial columns"

    static func read(_ file: HDF5File, allowance: ReadAllowance) throws(DataFileError) -> Recording {
        guard let unitsGroup = try file.root.groupIfPresent("units") else {
            throw DataFileError(file: file.label, problem: "is HDF5 but has no /units table; expected \(layout)")
        }
        let units = try UnitsTable(reading: HDF5Table(group: unitsGroup), allowance: allowance)
        var trials: TrialsTable?
        if let group = try file.root.groupIfPresent("trials") {
            trials = try TrialsTable(reading: HDF5Table(group: group), allowance: allowance)
        }
        return Recording(
            file: file.label, format: "HDF5", units: units, trials: trials, contents: try file.storedArrays())
    }
}
