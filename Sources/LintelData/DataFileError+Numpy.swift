import Foundation

/// Constructors for the problems the numpy file layer reports. Each names what was found and
/// what was expected; messages about one member of an `.npz` archive start with its key.
extension DataFileError {
    /// The file the user named does not exist.
    public static func noSuchFile(_ file: String) -> DataFileError {
        if VisibleText.isMangled(file) {
            return DataFileError(file: file, problem: "its name is not valid UTF-8, so Lintel cannot open it; rename the file")
        }
        return DataFileError(file: file, problem: "no such file")
    }

    /// A problem with one array: inside an `.npz` the key leads (`'inputs': truncated: …`);
    /// for a single `.npy` file the problem stands alone.
    static func array(_ problem: String, file: String, key: String?) -> DataFileError {
        DataFileError(file: file, problem: key.map { "'\($0)': \(problem)" } ?? problem)
    }

    /// An object (`|O`) array, which numpy stores as a pickle. Lintel never unpickles.
    static func pickledObjectArray(file: String, key: String?, descr: String) -> DataFileError {
        let subject = key.map { "'\($0)' is a pickled object array" } ?? "pickled object array"
        return DataFileError(
            file: file,
            problem: "\(subject) (dtype \(descr)); Lintel never unpickles — save it as a numeric array")
    }

    /// The zip structure of an `.npz` archive is damaged.
    static func corruptZip(_ detail: String, file: String) -> DataFileError {
        DataFileError(file: file, problem: "corrupt .npz (zip) archive: \(detail)")
    }

    /// The archive has no member with this key.
    static func noSuchKey(_ key: String, file: String, available: [String]) -> DataFileError {
        let shown = available.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        let more = available.count > 20 ? ", …" : ""
        let holds = available.isEmpty ? "the archive is empty" : "the archive holds \(shown)\(more)"
        return DataFileError(file: file, problem: "missing key '\(key)'; \(holds)")
    }
}
