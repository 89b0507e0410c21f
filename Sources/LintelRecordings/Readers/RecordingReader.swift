import LintelData

/// Reads a lab's recording — NWB 2.x, HDF5 in NWB's table layout, MATLAB .mat v5 or v7.3 —
/// into a ``Recording``, recognising the format by the file's contents.
///
/// ```swift
/// let recording = try RecordingReader.read("session.nwb", limits: budget.readLimits)
/// recording.units?.count   // 16
/// let ids = try RecordingReader.readDataset("session.nwb:/units/id", limits: .standard)
/// ```
package enum RecordingReader {
    /// The recording in the file at `path`.
    /// - Parameter limits: what reading the file may take in memory, all arrays together
    ///   (checked against the sizes the file declares before anything is allocated).
    /// - Throws: `DataFileError`, one line naming the file and what is wrong with it: not a
    ///   recording, damaged or cut short, a table missing, a ragged index out of range or
    ///   going down, a column of the wrong length, more than `limits` allow.
    package static func read(_ path: String, limits: ReadLimits = .standard) throws(DataFileError) -> Recording {
        let allowance = ReadAllowance(limits: limits, file: path)
        switch try RecordingFileFormat.of(path, label: path) {
        case .hdf5:
            return try NativeLibraries.exclusively(reading: path) { () throws(DataFileError) -> Recording in
                let file = try HDF5File(path: path, label: path)
                if let version = try NWBReader.version(of: file) {
                    return try NWBReader.read(file, version: version, allowance: allowance)
                }
                return try PlainHDF5Reader.read(file, allowance: allowance)
            }
        case .matlab(let version):
            return try NativeLibraries.exclusively(reading: path) { () throws(DataFileError) -> Recording in
                try MATReader.read(path, label: path, version: version, allowance: allowance)
            }
        case .numpyArchive:
            throw DataFileError(
                file: path,
                problem: "is a numpy .npz archive, not a recording; expected NWB, HDF5 or a MATLAB .mat file")
        case .unknown:
            throw DataFileError(
                file: path,
                problem: "is not a recording Lintel reads: it has neither an HDF5 signature (NWB, HDF5, MATLAB v7.3) nor a MATLAB MAT-file header")
        }
    }

    /// The dataset `address` names, `FILE:/group/dataset`, read whole: numbers (any integer or
    /// floating-point type, as `Double`) or texts.
    /// - Throws: when the address names no file, the file is not HDF5 or is damaged, the path
    ///   names nothing or a group, the values are of another kind, or larger than `limits`.
    package static func readDataset(_ address: String, limits: ReadLimits = .standard) throws(DataFileError) -> AddressedDataset {
        guard let address = HDF5Address(address) else {
            throw DataFileError(file: address, problem: "names no dataset; expected FILE:/group/dataset, with FILE an HDF5 or NWB file")
        }
        return try readDataset(address, limits: limits)
    }

    /// The dataset at `address`, read whole.
    package static func readDataset(_ address: HDF5Address, limits: ReadLimits = .standard) throws(DataFileError) -> AddressedDataset {
        let label = address.file
        guard case .hdf5 = try RecordingFileFormat.of(label, label: label) else {
            throw DataFileError(file: label, problem: "is not an HDF5 file; a FILE:/group/dataset address needs one (NWB, HDF5 or MATLAB v7.3)")
        }
        let relative = String(address.path.drop { $0 == "/" })
        return try NativeLibraries.exclusively(reading: label) { () throws(DataFileError) -> AddressedDataset in
            let file = try HDF5File(path: label, label: label)
            if relative.isEmpty || file.root.kind(relative) == .group {
                let group = relative.isEmpty ? file.root : try file.root.groupIfPresent(relative)
                let members = try group?.memberNames() ?? []
                throw DataFileError(
                    file: label,
                    problem: "\(address.path) is a group; expected a dataset at that path (it holds \(members.isEmpty ? "nothing" : members.joined(separator: ", ")))")
            }
            let dataset = try file.root.dataset(relative, expected: "a dataset at that path")
            guard dataset.element.isNumber || dataset.element == .text else {
                throw DataFileError(file: label, problem: "\(dataset.path) holds \(dataset.element.name) values; Lintel reads numbers and texts")
            }
            let allowance = ReadAllowance(limits: limits, file: label)
            return AddressedDataset(array: dataset.stored, values: try dataset.column(allowance))
        }
    }
}
