import LintelData

/// NWB 2.x files (the format of the DANDI archive and the Neural Latents Benchmark), read with
/// HDF5: the units table (/units), the trials table (/intervals/trials) and the TimeSeries of
/// rates or currents under /acquisition and /processing.
enum NWBReader {
    /// The NWB version `file` declares (its root's `nwb_version`), nil when it is not NWB.
    /// - Throws: for an NWB 1.x file, which Lintel does not read.
    static func version(of file: HDF5File) throws(DataFileError) -> String? {
        if let version = file.root.textAttribute("nwb_version") {
            guard !version.hasPrefix("1.") else { throw nwb1(version, file: file.label) }
            return version
        }
        // NWB 1.x kept its version in a dataset rather than an attribute.
        if let dataset = try file.root.datasetIfPresent("nwb_version"), dataset.element == .text {
            let version = (try? dataset.texts(ReadAllowance(limits: .init(maximumArrayBytes: 1 << 16), file: file.label)).first) ?? "1.x"
            throw nwb1(version, file: file.label)
        }
        return file.root.textAttribute("neurodata_type") == "NWBFile" ? "2.x" : nil
    }

    static func read(_ file: HDF5File, version: String, allowance: ReadAllowance) throws(DataFileError) -> Recording {
        var units: UnitsTable?
        if let group = try file.root.groupIfPresent("units") {
            units = try UnitsTable(reading: HDF5Table(group: group), allowance: allowance)
        }
        var trials: TrialsTable?
        if let group = try file.root.groupIfPresent("intervals/trials") {
            trials = try TrialsTable(reading: HDF5Table(group: group), allowance: allowance)
        }
        let series = try NWBTimeSeriesReader.read(file, allowance: allowance)
        guard units != nil || !series.isEmpty else {
            throw DataFileError(
                file: file.label,
                problem: "holds no units table (/units) and no TimeSeries of rates under /acquisition or /processing; expected spike-sorted units or rates")
        }
        return Recording(
            file: file.label, format: "NWB \(version)", units: units, trials: trials, series: series,
            contents: try file.storedArrays(skipping: ["/specifications"]))
    }

    private static func nwb1(_ version: String, file: String) -> DataFileError {
        DataFileError(file: file, problem: "is an NWB 1.x file (\(version)); Lintel reads NWB 2.x — convert it to NWB 2 first")
    }
}
