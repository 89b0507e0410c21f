import Foundation

/// Writes numpy `.npz` archives that `numpy.load` reads: one `key.npy` member per array, in the
/// order given, stored (like `np.savez`) or deflated (like `np.savez_compressed`).
public enum NPZWriter {
    /// Writes the arrays to `url` atomically (a temporary file in the same directory, then a
    /// rename).
    /// - Throws: `DataFileError` when a key is repeated or the file cannot be written.
    public static func write(_ entries: [(String, NumpyArray)], to url: URL, compressed: Bool) throws {
        try write(entries, to: url, compressed: compressed, forceZip64: false)
    }

    /// Writes arrays and members copied as they are (``NPZMember``), in the order given,
    /// atomically.
    public static func write(members: [(String, NPZMember)], to url: URL, compressed: Bool) throws {
        let fileLabel = url.path
        try validate(members.map(\.0), fileLabel: fileLabel)
        try AtomicFile.write(to: url, fileLabel: fileLabel) { (output: AtomicFileOutput) throws(DataFileError) in
            let writer = ZipWriter(output: output, forceZip64: false)
            for (key, member) in members {
                let contents: Data
                var compress = compressed
                switch member {
                case .array(let array): contents = NPYFormat.encode(array)
                case .npy(let bytes, let deflated):
                    contents = bytes
                    compress = compressed || deflated
                }
                try writer.addMember(name: key + ".npy", contents: contents, compress: compress, fileLabel: fileLabel)
            }
            try writer.finish()
        }
    }

    /// As `write(_:to:compressed:)`; `forceZip64` writes zip64 records even for small archives.
    static func write(
        _ entries: [(String, NumpyArray)], to url: URL, compressed: Bool, forceZip64: Bool
    ) throws(DataFileError) {
        let fileLabel = url.path
        try validate(entries.map(\.0), fileLabel: fileLabel)
        try AtomicFile.write(to: url, fileLabel: fileLabel) { (output: AtomicFileOutput) throws(DataFileError) in
            try writeArchive(entries, to: output, compressed: compressed, forceZip64: forceZip64, fileLabel: fileLabel)
        }
    }

    /// The archive's bytes, built in memory.
    static func archiveData(
        _ entries: [(String, NumpyArray)], compressed: Bool, forceZip64: Bool = false
    ) throws(DataFileError) -> Data {
        try validate(entries.map(\.0), fileLabel: "archive")
        let output = ZipMemoryOutput()
        try writeArchive(entries, to: output, compressed: compressed, forceZip64: forceZip64, fileLabel: "archive")
        return output.data
    }

    private static func validate(_ keys: [String], fileLabel: String) throws(DataFileError) {
        var seen = Set<String>()
        for key in keys {
            guard seen.insert(key).inserted else {
                throw DataFileError(file: fileLabel, problem: "key '\(key)' is given twice; keys must be unique")
            }
            guard key.utf8.count + 4 <= Int(UInt16.max) else {
                throw DataFileError(file: fileLabel, problem: "key '\(key.prefix(40))…' is too long for a zip member name")
            }
        }
    }

    private static func writeArchive(
        _ entries: [(String, NumpyArray)], to output: some ZipOutput, compressed: Bool, forceZip64: Bool,
        fileLabel: String
    ) throws(DataFileError) {
        let writer = ZipWriter(output: output, forceZip64: forceZip64)
        for (key, array) in entries {
            try writer.addMember(
                name: key + ".npy", contents: NPYFormat.encode(array), compress: compressed, fileLabel: fileLabel)
        }
        try writer.finish()
    }
}
