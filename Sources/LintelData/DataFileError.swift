/// A problem with a file the user gave us, worded for the user: it names the file, the key, what
/// was found and what was expected. Commands print it as one line and exit with status 2.
public struct DataFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as the user named it (a path or a file name).
    public let file: String
    /// What is wrong, without the file name: "activity has shape (8, 121); expected (trials, time, neurons)".
    public let problem: String

    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// One line whatever the file is called (``VisibleText``).
    public var description: String { "\(VisibleText.of(file)): \(VisibleText.of(problem))" }

    public static func missingKey(_ key: String, in file: String, expected: String) -> DataFileError {
        DataFileError(file: file, problem: "missing key '\(key)'; expected \(expected)")
    }

    public static func wrongShape(
        _ key: String, in file: String, found: [Int], expected: String
    ) -> DataFileError {
        DataFileError(
            file: file, problem: "\(key) has shape \(formatShape(found)); expected \(expected)")
    }

    /// - Parameter stored: the value as the file holds it, when it is finite there (a float64
    ///   beyond float32's range) — said as such rather than as NaN or Inf.
    public static func nonFinite(_ key: String, in file: String, at index: [Int], stored: Double? = nil) -> DataFileError {
        if let stored, stored.isFinite {
            return DataFileError(
                file: file,
                problem: "\(key) holds \(stored) at index \(formatShape(index)), beyond single precision (±3.4e38); rescale it")
        }
        return DataFileError(
            file: file,
            problem: "\(key) holds NaN or Inf at index \(formatShape(index)); expected finite numbers")
    }

    /// numpy's spelling of a shape: `(3,)` for one dimension, `()` for a scalar.
    public static func formatShape(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
